// The two S3 calls the drill needs, signed with our own SigV4: ListObjectsV2 (every key under a
// prefix, page by page) and GetObject streamed to a file (whole, or its first bytes for a peek).
// Works with AWS, R2 and MinIO: virtual-hosted URLs by default, path-style when asked for, for
// an IP / localhost endpoint, or for a bucket name with dots (TLS certificates do not cover them).
import { isIP } from 'node:net';
import { HttpStatusError, isLoopbackHost, type RemoteHttp } from './remote-http.js';
import { parseListBucketResult, parseS3Error, type S3Object } from './s3-xml.js';
import { type AwsCredentials, signRequest, uriEncode } from './sigv4.js';

export interface S3Location {
  bucket: string;
  prefix: string;
}

export interface S3Settings {
  /** Scheme and host of a custom endpoint (R2, MinIO), null for AWS. */
  endpoint: URL | null;
  region: string;
  forcePathStyle: boolean;
  /** null: anonymous requests (a public bucket). */
  credentials: AwsCredentials | null;
}

/** An S3 error answer, by its code (SignatureDoesNotMatch, NoSuchBucket, AccessDenied…). */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'S3Error';
  }
}

/** s3://bucket/prefix/ → bucket and prefix (a query string, if any, is ignored). */
export function parseS3Source(source: string): S3Location {
  const match = /^s3:\/\/([^/?#]+)\/?([^?#]*)/i.exec(source.trim());
  if (!match?.[1]) throw new Error(`'${source.replace(/[?#].*$/s, '')}' is not of the form s3://bucket/prefix/`);
  return { bucket: match[1], prefix: match[2] ?? '' };
}

export function s3Settings(
  s3: { endpoint: string | null; region: string | null; forcePathStyle: boolean },
  env: NodeJS.ProcessEnv,
): S3Settings {
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  const raw = s3.endpoint?.trim() || null;
  return {
    endpoint: raw ? new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`) : null,
    region: s3.region?.trim() || env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || 'us-east-1',
    forcePathStyle: s3.forcePathStyle,
    credentials:
      accessKeyId && secretAccessKey
        ? { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN?.trim() || null }
        : null,
  };
}

function usesPathStyle(settings: S3Settings, bucket: string): boolean {
  if (settings.forcePathStyle || bucket.includes('.')) return true;
  const host = settings.endpoint?.hostname.replace(/^\[|\]$/g, '');
  return host !== undefined && (isIP(host) !== 0 || isLoopbackHost(host));
}

/** The URL of a key (or of the bucket itself when key is null). */
export function s3Url(settings: S3Settings, bucket: string, key: string | null): URL {
  const base = settings.endpoint ?? new URL(`https://s3.${settings.region}.amazonaws.com`);
  const encodedKey = key === null ? '' : key.split('/').map(uriEncode).join('/');
  const basePath = base.pathname.replace(/\/+$/, '');
  if (usesPathStyle(settings, bucket)) {
    const url = new URL(base.origin);
    url.pathname = `${basePath}/${uriEncode(bucket)}/${encodedKey}`;
    return url;
  }
  const url = new URL(`${base.protocol}//${bucket}.${base.host}`);
  url.pathname = `${basePath}/${encodedKey}`;
  return url;
}

const MAX_PAGES = 1000;

export class S3Client {
  constructor(
    private readonly settings: S3Settings,
    private readonly http: RemoteHttp,
  ) {}

  private sign = (url: URL, headers: Record<string, string>): Record<string, string> => {
    if (!this.settings.credentials) return headers;
    return signRequest({
      method: 'GET',
      url,
      headers,
      region: this.settings.region,
      credentials: this.settings.credentials,
    }).headers;
  };

  /** Turns an HTTP error answer into an S3Error naming S3's own code. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof HttpStatusError)) throw error;
      const body = parseS3Error(error.bodyText);
      const code = body?.code ?? null;
      const said = body ? `${body.code}${body.message ? `: ${body.message}` : ''}` : `HTTP ${error.status}`;
      throw new S3Error(error.status, code, `S3 refused to ${what} (HTTP ${error.status} ${said})`);
    }
  }

  /** Every object under the prefix, all pages. */
  async list(location: S3Location): Promise<S3Object[]> {
    const objects: S3Object[] = [];
    let token: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = s3Url(this.settings, location.bucket, null);
      url.searchParams.set('list-type', '2');
      url.searchParams.set('prefix', location.prefix);
      if (token) url.searchParams.set('continuation-token', token);
      const { text } = await this.call(`list s3://${location.bucket}/${location.prefix}`, () =>
        this.http.getText({ url, sign: this.sign }),
      );
      const parsed = parseListBucketResult(text);
      objects.push(...parsed.objects);
      if (!parsed.isTruncated || !parsed.nextContinuationToken || parsed.nextContinuationToken === token) break;
      token = parsed.nextContinuationToken;
    }
    return objects;
  }

  /** Streams an object (or its first `firstBytes`) to a file. */
  async download(bucket: string, key: string, file: string, firstBytes?: number): Promise<number> {
    const url = s3Url(this.settings, bucket, key);
    const headers: Record<string, string> = firstBytes ? { range: `bytes=0-${firstBytes - 1}` } : {};
    const { bytes } = await this.call(`send s3://${bucket}/${key}`, () =>
      this.http.download({ url, headers, sign: this.sign }, file),
    );
    return bytes;
  }
}
