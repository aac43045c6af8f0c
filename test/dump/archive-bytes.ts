// Rewrites real pg_dump output for the tests: the header of a 1.14 archive (pg_dump 12-15) laid
// out as 1.15 (pg_dump 16: the compression level int becomes an algorithm byte), naming another
// pg_dump version. What pg_dump 16 writes for the same database differs only there, so this is a
// faithful "archive from a newer pg_dump" without a second PostgreSQL installed.
import { ArchiveReader } from '../../src/dump/archive-reader.js';

function writeStr(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(5);
  length.writeUInt32LE(bytes.length, 1);
  return Buffer.concat([length, bytes]);
}

/** `bytes`: a custom archive or toc.dat of version 1.14 with 4-byte ints. */
export function asNewerPgDump(bytes: Buffer, pgDumpVersion = '16.4'): Buffer {
  if (bytes[5] !== 1 || bytes[6] !== 14 || bytes[8] !== 4) throw new Error('expected a 1.14 archive with 4-byte ints');
  const r = new ArchiveReader(bytes, 11, 4);
  const level = r.int();
  const timesStart = r.pos;
  for (let i = 0; i < 7; i++) r.int();
  r.str(); // dbname
  r.str(); // server version
  const beforeDumpVersion = r.pos;
  r.str();
  return Buffer.concat([
    bytes.subarray(0, 6),
    Buffer.from([15]),
    bytes.subarray(7, 11),
    Buffer.from([level === 0 ? 0 : 1]),
    bytes.subarray(timesStart, beforeDumpVersion),
    writeStr(pgDumpVersion),
    bytes.subarray(r.pos),
  ]);
}
