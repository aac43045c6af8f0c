// The PostgreSQL project's apt signing key, pinned by its fingerprint: a key file is used only
// when it holds exactly one primary key and that key's OpenPGP v4 fingerprint is this one.
import { createHash } from 'node:crypto';

/** "PostgreSQL Debian Repository" (https://www.postgresql.org/download/linux/ubuntu/). */
export const PGDG_KEY_FINGERPRINT = 'B97B0AFCAA1A47F044F244A07FCC7D46ACCC4CF8';
export const PGDG_KEY_URL = 'https://www.postgresql.org/media/keys/ACCC4CF8.asc';
/** Where postgresql-common keeps the key (Ubuntu runners have it) and where the drill installs it. */
export const PGDG_KEY_PATH = '/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc';

const PUBLIC_KEY = 6;

/** The binary packets of an ASCII-armored key block. */
function dearmor(text: string): Buffer {
  if (text.split('-----BEGIN PGP PUBLIC KEY BLOCK-----').length > 2) throw new Error('more than one key block');
  const match = /-----BEGIN PGP PUBLIC KEY BLOCK-----\r?\n([\s\S]*?)-----END PGP PUBLIC KEY BLOCK-----/.exec(text);
  if (!match?.[1]) throw new Error('not an ASCII-armored OpenPGP public key');
  // Armor headers end at the first empty line; the checksum line starts with '='.
  const lines = match[1].split(/\r?\n/);
  const blank = lines.findIndex((l) => l.trim() === '');
  const body = (lines.slice(0, Math.max(blank, 0)).some((l) => l.includes(':')) ? lines.slice(blank + 1) : lines)
    .filter((l) => l.trim() !== '' && !l.startsWith('='))
    .join('');
  return Buffer.from(body, 'base64');
}

interface Packet {
  tag: number;
  body: Buffer;
}

function packets(data: Buffer): Packet[] {
  const out: Packet[] = [];
  let i = 0;
  while (i < data.length) {
    const head = data[i] as number;
    if ((head & 0x80) === 0) throw new Error('not an OpenPGP packet');
    let tag: number;
    let length: number;
    if (head & 0x40) {
      tag = head & 0x3f;
      const first = data[i + 1] as number;
      if (first < 192) [length, i] = [first, i + 2];
      else if (first < 224) [length, i] = [((first - 192) << 8) + (data[i + 2] as number) + 192, i + 3];
      else if (first === 255) [length, i] = [data.readUInt32BE(i + 2), i + 6];
      else throw new Error('partial-length packets do not occur in a key');
    } else {
      tag = (head >> 2) & 0x0f;
      const type = head & 0x03;
      if (type === 0) [length, i] = [data[i + 1] as number, i + 2];
      else if (type === 1) [length, i] = [data.readUInt16BE(i + 1), i + 3];
      else if (type === 2) [length, i] = [data.readUInt32BE(i + 1), i + 5];
      else throw new Error('indeterminate-length packets do not occur in a key');
    }
    if (i + length > data.length) throw new Error('the key is cut short');
    out.push({ tag, body: data.subarray(i, i + length) });
    i += length;
  }
  return out;
}

/** The v4 fingerprints (upper-case hex) of the primary keys in an armored key file. */
export function primaryKeyFingerprints(armored: string): string[] {
  return packets(dearmor(armored))
    .filter((p) => p.tag === PUBLIC_KEY)
    .map((p) => {
      if (p.body[0] !== 4) throw new Error(`a version ${p.body[0]} key (only v4 is pinned here)`);
      const head = Buffer.from([0x99, p.body.length >> 8, p.body.length & 0xff]);
      return createHash('sha1').update(head).update(p.body).digest('hex').toUpperCase();
    });
}

/** Throws unless the file holds the PostgreSQL project's key and no other primary key. */
export function assertPgdgKey(armored: string, where: string): void {
  let found: string[];
  try {
    found = primaryKeyFingerprints(armored);
  } catch (e) {
    throw new Error(`${where} is not the PostgreSQL apt signing key: ${(e as Error).message}`);
  }
  if (found.length !== 1 || found[0] !== PGDG_KEY_FINGERPRINT) {
    throw new Error(
      `${where} is not the PostgreSQL apt signing key: it holds ${found.join(', ') || 'no key'}, expected exactly ${PGDG_KEY_FINGERPRINT}`,
    );
  }
}
