// Cross-checks of a tar or directory archive's files against its own TOC: every data file the
// TOC names is there and whole (uncompressed table data ends with pg_dump's `\.` terminator),
// and blobs.toc lists exactly the large objects of the TOC's BLOB entries, each with its file.
import { type ArchiveToc, type ArchiveTocEntry, entryLabel } from './archive-toc.js';

export interface DataFile {
  /** The last bytes of the (decompressed) content; null when it could not be read to its end. */
  tail: Buffer | null;
}

export interface FileCheck {
  problems: string[];
  /** Files present but not checked to their end (a compression this action cannot read). */
  unchecked: string[];
}

const SUFFIXES = ['', '.gz', '.lz4', '.zst'];
const TERMINATOR = Buffer.from('\\.\n');

export const terminated = (tail: Buffer) => tail.subarray(-TERMINATOR.length - 2).includes(TERMINATOR);

function find(files: Map<string, DataFile>, name: string): [string, DataFile] | null {
  for (const suffix of SUFFIXES) {
    const file = files.get(name + suffix);
    if (file) return [name + suffix, file];
  }
  return null;
}

function checkBlobsToc(
  entry: ArchiveTocEntry,
  content: Buffer,
  blobOids: Set<string>,
  files: Map<string, DataFile>,
  problems: string[],
): void {
  const listed = new Set<string>();
  const text = content.toString('latin1');
  if (text.length > 0 && !text.endsWith('\n'))
    problems.push(`${entry.filename} is cut short (its last line is incomplete)`);
  for (const line of text.split('\n').filter(Boolean)) {
    const match = /^(\d+) (\S+)$/.exec(line);
    if (!match) {
      problems.push(`${entry.filename} has a damaged line: ${JSON.stringify(line.slice(0, 60))}`);
      continue;
    }
    const [, oid, file] = match as unknown as [string, string, string];
    listed.add(oid);
    if (!find(files, file)) problems.push(`the file ${file} of large object ${oid} is missing`);
  }
  const unlisted = [...blobOids].filter((oid) => !listed.has(oid));
  if (unlisted.length > 0) {
    problems.push(
      `${entry.filename} lists ${listed.size} of the ${blobOids.size} large objects of the TOC (missing: ${unlisted.slice(0, 5).join(', ')}${unlisted.length > 5 ? ', …' : ''}): it is cut short or damaged`,
    );
  }
  const strays = [...listed].filter((oid) => !blobOids.has(oid));
  if (strays.length > 0)
    problems.push(`${entry.filename} lists large objects the TOC does not: ${strays.slice(0, 5).join(', ')}`);
}

/**
 * `files`: the archive's data files by name (tar members or directory files); `blobsTocs`: the
 * content of each blobs TOC file. `dataName`: where a format keeps an entry's data.
 */
export function checkTocFiles(
  toc: ArchiveToc,
  files: Map<string, DataFile>,
  blobsTocs: Map<string, Buffer>,
  dataName: (entry: ArchiveTocEntry) => string | null,
): FileCheck {
  const problems: string[] = [];
  const unchecked: string[] = [];
  const blobOids = new Set(toc.entries.filter((e) => e.desc === 'BLOB').map((e) => e.tag));
  for (const entry of toc.entries) {
    if (!entry.hadDumper) continue;
    const name = dataName(entry);
    if (name === null) {
      problems.push(`the TOC names no data file for ${entryLabel(entry)}: the TOC is damaged`);
      continue;
    }
    if (entry.desc === 'BLOBS' || name.endsWith('.toc')) {
      const content = blobsTocs.get(name);
      if (content === undefined) problems.push(`${name}, the list of large objects, is missing`);
      else checkBlobsToc({ ...entry, filename: name }, content, blobOids, files, problems);
      continue;
    }
    const found = find(files, name);
    if (!found) {
      problems.push(`the data file ${name} of ${entryLabel(entry)} is missing`);
      continue;
    }
    const [file, data] = found;
    if (data.tail === null) unchecked.push(file);
    else if (entry.desc === 'TABLE DATA' && !terminated(data.tail)) {
      problems.push(
        `the data file ${file} of ${entryLabel(entry)} does not end with pg_dump's \\. terminator: it is cut short`,
      );
    }
  }
  return { problems, unchecked };
}
