// What an s3:// source names, the rules for the keys found there, and the error a refused S3
// call becomes. Kept apart from the SDK so that the backup phase can name an S3Error without
// loading the SDK for sources that are not s3://.
import { hasControlCharacters, sanitizeName } from '../util/sanitize.js';

export interface S3Location {
  bucket: string;
  prefix: string;
}

/** An S3 call that failed, by bucket, key, HTTP status and AWS error code (never a credential). */
export class S3Error extends Error {
  constructor(
    readonly status: number | null,
    readonly code: string | null,
    message: string,
    /** The bucket's own region, when S3 named it in a refusal. */
    readonly bucketRegion: string | null = null,
  ) {
    super(message);
    this.name = 'S3Error';
  }
}

/** Why a key is never fetched: a `.` or `..` segment (S3 may resolve it to another object). */
export function refusedKeyReason(key: string): string | null {
  return key.split('/').some((segment) => segment === '.' || segment === '..')
    ? "refused: the key has a '.' or '..' segment (it could name an object outside the prefix)"
    : null;
}

/** s3://bucket/prefix/ → bucket and prefix (a query string, if any, is ignored). */
export function parseS3Source(source: string): S3Location {
  const match = /^s3:\/\/([^/?#]+)\/?([^?#]*)/i.exec(source.trim());
  if (!match?.[1])
    throw new Error(`'${sanitizeName(source.replace(/[?#].*$/s, ''))}' is not of the form s3://bucket/prefix/`);
  const location = { bucket: match[1], prefix: match[2] ?? '' };
  if (refusedKeyReason(location.prefix) || hasControlCharacters(location.prefix)) {
    throw new Error(
      `backup-source: the prefix '${sanitizeName(location.prefix)}' has a '.' or '..' segment or a control character; name the folder itself`,
    );
  }
  return location;
}
