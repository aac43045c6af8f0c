// The magic bytes of the encryption and compression layers around a pg_dump backup: which layer
// is outermost, and what key its header asks for. Removing the layers is source/layers.ts's job.
import type { BackupLayer } from '../model/backup-types.js';

const AGE_BINARY = 'age-encryption.org/v1\n';
export const AGE_ARMOR = '-----BEGIN AGE ENCRYPTED FILE-----';
const PGP_ARMOR = '-----BEGIN PGP MESSAGE-----';

/** The outermost layer by its magic bytes; null for anything else (a pg_dump format itself). */
export function sniffLayer(head: Buffer): BackupLayer | null {
  if (head.length < 4) return null;
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  if (head.readUInt32LE(0) === 0x184d2204) return 'lz4';
  if (head.toString('latin1', 0, 3) === 'BZh' && (head[3] as number) >= 0x31 && (head[3] as number) <= 0x39)
    return 'bzip2';
  const text = head.toString('latin1', 0, 40);
  if (text.startsWith(AGE_BINARY) || text.startsWith(AGE_ARMOR)) return 'age';
  if (text.startsWith(PGP_ARMOR)) return 'gpg';
  return openPgpFirstPacket(head) ? 'gpg' : null;
}

interface PgpPacket {
  tag: number;
  body: Buffer;
}

/** A binary OpenPGP message starts with a public-key (tag 1) or symmetric (tag 3) session key packet. */
function openPgpFirstPacket(head: Buffer): PgpPacket | null {
  const b = head[0] as number;
  if ((b & 0x80) === 0) return null;
  let tag: number;
  let offset: number;
  let length: number;
  if (b & 0x40) {
    tag = b & 0x3f;
    const l1 = head[1] as number;
    if (l1 < 192) [offset, length] = [2, l1];
    else if (l1 < 224) [offset, length] = [3, ((l1 - 192) << 8) + (head[2] as number) + 192];
    else if (l1 === 255) [offset, length] = [6, head.readUInt32BE(2)];
    else return null;
  } else {
    tag = (b >> 2) & 0x0f;
    const type = b & 3;
    if (type === 0) [offset, length] = [2, head[1] as number];
    else if (type === 1) [offset, length] = [3, head.readUInt16BE(1)];
    else if (type === 2) [offset, length] = [5, head.readUInt32BE(1)];
    else return null;
  }
  if (tag !== 1 && tag !== 3) return null;
  const version = head[offset];
  if (tag === 1 && version !== 3 && version !== 6) return null;
  if (tag === 3 && version !== 4 && version !== 5 && version !== 6) return null;
  return { tag, body: head.subarray(offset, offset + length) };
}

/** What the stored bytes say a key must be, for the message when none or the wrong one is given. */
export function expectedKey(layer: 'age' | 'gpg', head: Buffer): string {
  if (layer === 'age') {
    const text = head.toString('latin1', 0, Math.min(head.length, 4096));
    if (text.startsWith(AGE_ARMOR))
      return 'an age identity (AGE-SECRET-KEY-1…) or passphrase (the backup is ASCII-armored)';
    const stanzas = [...text.matchAll(/^-> (\S+)/gm)].map((m) => m[1] as string);
    if (stanzas.includes('scrypt')) return 'an age passphrase: the backup is encrypted with a passphrase (scrypt)';
    const x = stanzas.filter((s) => s === 'X25519').length;
    if (x > 0)
      return `an age identity (AGE-SECRET-KEY-1…): the backup is encrypted to ${x === 1 ? 'an X25519 recipient' : `${x} X25519 recipients`} (age1…)`;
    return `an age identity for the recipient type(s) ${stanzas.join(', ') || 'unknown'}`;
  }
  const packet = openPgpFirstPacket(head);
  if (packet?.tag === 3) return 'an OpenPGP passphrase: the backup is encrypted with gpg --symmetric';
  if (packet?.tag === 1 && packet.body[0] === 3 && packet.body.length >= 9)
    return `an armored OpenPGP private key (its passphrase, if it has one, on the line after its END line): the backup is encrypted to key ID ${packet.body.subarray(1, 9).toString('hex').toUpperCase()}`;
  return 'an OpenPGP passphrase or armored private key (its passphrase, if it has one, on the line after its END line)';
}
