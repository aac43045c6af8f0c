// The damage matrix: damaged copies of real pg_dump output, made deterministically from the
// structure of each dump (its header, its TOC, its block and file boundaries), each with the
// outcome the drill must reach. Shared by the matrix test and the README's table.
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type ArchiveToc, readArchiveToc } from '../../src/dump/archive-toc.js';

export type MatrixFormat = 'custom' | 'custom-Z0' | 'tar' | 'directory' | 'directory-Z0' | 'plain' | 'plain-gzip';

/**
 * archive: backup.archive fails before the restore (the summary matches `words`);
 * restore: the restore itself fails;
 * inherent: a flipped byte inside uncompressed data: only a checksum can catch it.
 */
export type Outcome = { stage: 'archive'; words: RegExp } | { stage: 'restore' } | { stage: 'inherent' };

export interface DamageCase {
  name: string;
  format: MatrixFormat;
  /** Writes the damaged copy of `original` to `target` (a file, or a folder for directories). */
  damage: (original: string, target: string) => Promise<void>;
  outcome: Outcome;
}

const archive = (words: RegExp): Outcome => ({ stage: 'archive', words });

async function edit(original: string, target: string, change: (bytes: Buffer) => Buffer): Promise<void> {
  await writeFile(target, change(Buffer.from(await readFile(original))));
}

const cutAt = (at: (bytes: Buffer) => number) => (original: string, target: string) =>
  edit(original, target, (b) => b.subarray(0, at(b)));

const flip =
  (at: (bytes: Buffer) => number, mask = 0x01) =>
  (original: string, target: string) =>
    edit(original, target, (b) => {
      const i = at(b);
      b[i] = (b[i] as number) ^ mask;
      return b;
    });

const zeros = (at: (bytes: Buffer) => number) => (original: string, target: string) =>
  edit(original, target, (b) => {
    b.fill(0, at(b), at(b) + 4096);
    return b;
  });

const toc = (b: Buffer): ArchiveToc => readArchiveToc(b);
/** Block offsets of the custom archive, ascending. */
const blocks = (b: Buffer) =>
  toc(b)
    .entries.filter((e) => e.dataState === 2)
    .map((e) => e.offset as number)
    .sort((x, y) => x - y);
/** The largest TABLE DATA block: [offset, entry]. */
function biggestBlock(b: Buffer): number {
  const offsets = blocks(b);
  let best = 0;
  let size = -1;
  for (const [i, o] of offsets.entries()) {
    const length = (offsets[i + 1] ?? b.length) - o;
    if (length > size && toc(b).entries.find((e) => e.offset === o)?.desc === 'TABLE DATA') [best, size] = [o, length];
  }
  return best;
}
/** The position of a TABLE DATA entry's data-state byte in the TOC (followed by its 8-byte offset). */
function dataStateByte(b: Buffer): number {
  const offset = biggestBlock(b);
  const needle = Buffer.alloc(9);
  needle[0] = 2;
  needle.writeBigUInt64LE(BigInt(offset), 1);
  return b.indexOf(needle, 0);
}

async function inDirectory(original: string, target: string, change: (dir: string, files: string[]) => Promise<void>) {
  await rm(target, { recursive: true, force: true });
  await cp(original, target, { recursive: true });
  const files = (await readdir(target)).sort();
  await change(target, files);
}
/** The biggest table data file of a directory archive. */
async function biggestFile(dir: string, files: string[]): Promise<string> {
  const sized = await Promise.all(
    files.filter((f) => /^\d+\.dat/.test(f)).map(async (f) => ({ f, n: (await readFile(path.join(dir, f))).length })),
  );
  return path.join(dir, (sized.sort((a, b) => b.n - a.n)[0] as { f: string }).f);
}
const cutFile = (file: string, at: (bytes: Buffer) => number) => edit(file, file, (b) => b.subarray(0, at(b)));
/** A letter inside the md5 text of a row of racing."Race Results", after `from`: flipping its 0x02 bit keeps it a letter. */
function letterInRow(b: Buffer, from: number): number {
  const tab = b.indexOf(0x09, from);
  for (let i = tab + 1; i < b.length; i++) if ((b[i] as number) >= 0x61 && (b[i] as number) <= 0x66) return i;
  throw new Error('no letter found');
}

/** Cut at the line boundary nearest the middle: every line left is whole, only the end is missing. */
const atLineInMiddle = (b: Buffer) => b.indexOf(0x0a, b.length >> 1) + 1;

export const DAMAGE_CASES: DamageCase[] = [
  // custom, compressed (the default)
  { name: 'cut inside the header', format: 'custom', damage: cutAt(() => 12), outcome: archive(/cut short/) },
  {
    name: 'cut inside the TOC',
    format: 'custom',
    damage: cutAt((b) => toc(b).end >> 1),
    outcome: archive(/cut short: it ends inside its table of contents/),
  },
  {
    name: 'cut at a block boundary',
    format: 'custom',
    damage: cutAt((b) => blocks(b)[1] as number),
    outcome: archive(/is missing: the archive is cut short/),
  },
  {
    name: 'cut inside a block',
    format: 'custom',
    damage: cutAt((b) => biggestBlock(b) + 40),
    outcome: archive(/cut short: it ends inside the data of TABLE DATA/),
  },
  { name: 'last byte missing', format: 'custom', damage: cutAt((b) => b.length - 1), outcome: archive(/cut short/) },
  {
    name: 'version byte flipped',
    format: 'custom',
    damage: flip(() => 6, 0x02),
    outcome: archive(/its version byte says 1\.12, but the archive reads as version 1\.14/),
  },
  {
    name: 'format byte flipped',
    format: 'custom',
    damage: flip(() => 10, 0x04),
    outcome: archive(/the header says directory format, but this is a custom archive: the header is damaged/),
  },
  {
    name: 'data state 2→3 in the TOC',
    format: 'custom',
    damage: flip(dataStateByte),
    outcome: archive(/has no data, but its data block is at byte \d+: the TOC's data state is damaged/),
  },
  {
    name: 'block length field flipped',
    format: 'custom',
    damage: flip((b) => biggestBlock(b) + 7),
    outcome: archive(/length field .* is damaged|cut short/),
  },
  {
    name: 'byte flipped in compressed data',
    format: 'custom',
    damage: flip((b) => biggestBlock(b) + 40, 0x10),
    outcome: { stage: 'restore' },
  },
  {
    name: '4 KiB of zeros in the data',
    format: 'custom',
    damage: zeros((b) => biggestBlock(b) + 20),
    outcome: archive(/damaged|cut short/),
  },
  // custom, uncompressed (-Z0)
  {
    name: 'cut inside a block',
    format: 'custom-Z0',
    damage: cutAt((b) => biggestBlock(b) + 100),
    outcome: archive(/cut short/),
  },
  {
    name: 'byte flipped in data',
    format: 'custom-Z0',
    damage: flip((b) => letterInRow(b, biggestBlock(b) + 100), 0x02),
    outcome: { stage: 'inherent' },
  },
  // tar
  { name: 'cut in the middle', format: 'tar', damage: cutAt((b) => b.length >> 1), outcome: archive(/truncated/) },
  {
    name: 'end-of-archive blocks missing',
    format: 'tar',
    damage: cutAt((b) => b.length - 1024),
    outcome: archive(/truncated/),
  },
  { name: 'member header flipped', format: 'tar', damage: flip(() => 130), outcome: archive(/corrupt/) },
  {
    name: 'byte flipped in the TOC member',
    format: 'tar',
    damage: flip(() => 512 + 5, 0x02),
    outcome: archive(/the header is damaged/),
  },
  // directory
  {
    name: 'data file deleted',
    format: 'directory',
    damage: (o, t) => inDirectory(o, t, async (d, f) => rm(await biggestFile(d, f))),
    outcome: archive(/data file \d+\.dat of TABLE DATA .* is missing/),
  },
  {
    name: 'gzip data file cut',
    format: 'directory',
    damage: (o, t) => inDirectory(o, t, async (d, f) => cutFile(await biggestFile(d, f), (b) => b.length >> 1)),
    outcome: archive(/truncated or corrupt/),
  },
  {
    name: 'toc.dat cut',
    format: 'directory',
    damage: (o, t) => inDirectory(o, t, (d) => cutFile(path.join(d, 'toc.dat'), (b) => b.length >> 1)),
    outcome: archive(/cut short: it ends inside its table of contents/),
  },
  {
    name: 'blobs.toc cut',
    format: 'directory',
    damage: (o, t) => inDirectory(o, t, (d) => cutFile(path.join(d, 'blobs.toc'), (b) => b.indexOf(0x0a) + 1)),
    outcome: archive(/blobs\.toc lists 1 of the 2 large objects/),
  },
  {
    name: 'data file cut at a line',
    format: 'directory-Z0',
    damage: (o, t) => inDirectory(o, t, async (d, f) => cutFile(await biggestFile(d, f), atLineInMiddle)),
    outcome: archive(/does not end with pg_dump's \\\. terminator/),
  },
  // plain
  { name: 'cut at a line', format: 'plain', damage: cutAt(atLineInMiddle), outcome: archive(/database dump complete/) },
  {
    name: '\\. terminator removed',
    format: 'plain',
    damage: (o, t) => edit(o, t, (b) => Buffer.from(b.toString('utf8').replace('\n\\.\n', '\n'))),
    outcome: archive(/does not end with pg_dump's \\\. terminator/),
  },
  {
    name: 'byte flipped in COPY data',
    format: 'plain',
    damage: flip((b) => letterInRow(b, b.indexOf('COPY racing."Race Results"') + 100), 0x02),
    outcome: { stage: 'inherent' },
  },
  {
    name: 'cut in the middle',
    format: 'plain-gzip',
    damage: cutAt((b) => b.length >> 1),
    outcome: archive(/truncated or corrupt/),
  },
  {
    name: 'byte flipped',
    format: 'plain-gzip',
    damage: flip((b) => b.length >> 1),
    outcome: archive(/truncated or corrupt/),
  },
];
