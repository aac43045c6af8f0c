// Cross-checks of a tar or directory archive's files against its own TOC: every data file the
// TOC names is there and whole (uncompressed table data ends with pg_dump's `\.` terminator),
// and each list of large objects lists exactly the large objects of its group, each with its file:
// up to pg_dump 16 one blobs.toc for all the TOC's BLOB entries; from pg_dump 17 one
// blobs_<dumpId>.toc per BLOBS entry, for the BLOB METADATA entries that entry depends on (each
// a group of up to 1000 large objects, tagged `first..last`, whose OIDs are its SQL field's lines).
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

const terminated = (tail: Buffer) => tail.subarray(-TERMINATOR.length - 2).includes(TERMINATOR);

function find(files: Map<string, DataFile>, name: string): [string, DataFile] | null {
  for (const suffix of SUFFIXES) {
    const file = files.get(name + suffix);
    if (file) return [name + suffix, file];
  }
  return null;
}

/** The large objects of a BLOB METADATA entry: its SQL field holds their OIDs, one a line. */
function metadataOids(entry: ArchiveTocEntry): string[] {
  return (entry.defn ?? '').split('\n').filter((line) => /^\d+$/.test(line));
}

/** The large objects a BLOBS entry's list must name (`all`: the archive's BLOB entries, before pg_dump 17). */
function blobGroup(toc: ArchiveToc, entry: ArchiveTocEntry, all: Set<string>): Set<string> {
  const metadata = toc.entries.filter((e) => e.desc === 'BLOB METADATA');
  if (metadata.length === 0) return all;
  const deps = new Set(entry.dependencies);
  const mine = metadata.filter((e) => deps.has(e.dumpId));
  return new Set((mine.length > 0 ? mine : metadata).flatMap(metadataOids));
}

function checkBlobsToc(
  entry: ArchiveTocEntry,
  content: Buffer,
  blobOids: Set<string>,
  files: Map<string, DataFile>,
  problems: string[],
  scope: string,
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
      `${entry.filename} lists ${listed.size} of the ${blobOids.size} large objects of ${scope} (missing: ${unlisted.slice(0, 5).join(', ')}${unlisted.length > 5 ? ', …' : ''}): it is cut short or damaged`,
    );
  }
  const strays = [...listed].filter((oid) => !blobOids.has(oid));
  if (strays.length > 0)
    problems.push(`${entry.filename} lists large objects ${scope} does not have: ${strays.slice(0, 5).join(', ')}`);
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
      else {
        const grouped = toc.entries.some((e) => e.desc === 'BLOB METADATA');
        const scope = grouped ? `its group in the TOC (${entry.tag})` : 'the TOC';
        checkBlobsToc({ ...entry, filename: name }, content, blobGroup(toc, entry, blobOids), files, problems, scope);
      }
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
