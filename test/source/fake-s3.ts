// A local S3 stand-in (path-style, on 127.0.0.1) that checks every request's AWS Signature V4 the
// way S3 does — recomputed here from the raw request and the known secret, independently of the
// client's signer — and answers 403 SignatureDoesNotMatch otherwise. It serves ListObjectsV2 in
// pages of `maxKeys` (continuation tokens) and GetObject with Last-Modified and Range. What a
// third-party server cannot be told to do, it does: refuse keys (AccessDenied, as a bucket policy
// would) and answer a request signed for another region as AWS's regional endpoints do.
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeObject {
  body: Buffer;
  lastModified: Date;
}

export interface FakeS3Request {
  method: string;
  path: string;
  query: URLSearchParams;
  range: string | null;
  status: number;
}

export interface FakeS3Options {
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Keys (or the listing, key '') that a bucket policy denies to these credentials. */
  deny?: (key: string) => boolean;
}

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');
const strict = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export class FakeS3 {
  readonly objects = new Map<string, FakeObject>();
  readonly requests: FakeS3Request[] = [];
  maxKeys = 2;
  url = '';
  /** Sizes the listing claims instead of the real ones (an object larger than the runner's disk). */
  readonly listedSizes = new Map<string, number>();
  /** Keys whose whole-object GET drips one byte a second after the first 16 (Range requests answer at once). */
  readonly drip = new Set<string>();
  private server: Server | null = null;

  constructor(readonly options: FakeS3Options) {}

  put(key: string, body: Buffer | string, lastModified: Date): void {
    this.objects.set(key, { body: Buffer.isBuffer(body) ? body : Buffer.from(body), lastModified });
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  close(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => this.server?.close(() => resolve()));
  }

  /** Whole-object GETs (no Range) of `key`. */
  fullGets(key: string): number {
    const path = `/${this.options.bucket}/${key}`;
    return this.requests.filter((r) => r.path === path && r.range === null && r.status === 200).length;
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const raw = req.url ?? '/';
    const [rawPath = '/', rawQuery = ''] = raw.split('?', 2);
    const query = new URLSearchParams(rawQuery);
    const record: FakeS3Request = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(rawPath),
      query,
      range: (req.headers.range as string | undefined) ?? null,
      status: 0,
    };
    this.requests.push(record);
    const send = (status: number, body: string | Buffer, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/xml', ...headers });
      res.end(body);
    };
    const error = (status: number, code: string, message: string) => {
      // AWS names the bucket's region in the header (and in <Region>) when the request's is wrong.
      const wrongRegion = code === 'AuthorizationHeaderMalformed';
      send(
        status,
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xml(message)}</Message>${wrongRegion ? `<Region>${this.options.region}</Region>` : ''}</Error>`,
        wrongRegion ? { 'x-amz-bucket-region': this.options.region } : {},
      );
    };

    const denied = this.checkSignature(req, rawPath, rawQuery);
    if (denied) return error(denied.status ?? 403, denied.code, denied.message);
    const [, bucket, ...keyParts] = record.path.split('/');
    if (bucket !== this.options.bucket) return error(404, 'NoSuchBucket', 'The specified bucket does not exist');
    const key = keyParts.join('/');
    if (this.options.deny?.(key)) return error(403, 'AccessDenied', 'Access Denied');
    if (key === '' && query.get('list-type') === '2') return send(200, this.listPage(query));
    const object = this.objects.get(key);
    if (!object) return error(404, 'NoSuchKey', 'The specified key does not exist.');
    const headers = {
      'content-type': 'application/octet-stream',
      'last-modified': object.lastModified.toUTCString(),
      etag: `"${createHash('md5').update(object.body).digest('hex')}"`,
    };
    const range = /^bytes=(\d+)-(\d+)$/.exec(record.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = Math.min(Number(range[2]), object.body.length - 1);
      if (start >= object.body.length) return error(416, 'InvalidRange', 'The requested range is not satisfiable');
      return send(206, object.body.subarray(start, end + 1), {
        ...headers,
        'content-range': `bytes ${start}-${end}/${object.body.length}`,
      });
    }
    if (this.drip.has(key)) {
      record.status = 200;
      res.writeHead(200, { ...headers, 'content-length': String(object.body.length) });
      let at = 16;
      res.write(object.body.subarray(0, at));
      const timer = setInterval(() => res.write(object.body.subarray(at, ++at)), 1_000);
      res.on('close', () => clearInterval(timer));
      return;
    }
    send(200, object.body, headers);
  }

  private listPage(query: URLSearchParams): string {
    const prefix = query.get('prefix') ?? '';
    const after = query.get('continuation-token');
    const startAfter = after ? Buffer.from(after, 'base64url').toString('utf8') : null;
    const keys = [...this.objects.keys()]
      .filter((k) => k.startsWith(prefix) && (startAfter === null || k > startAfter))
      .sort();
    const page = keys.slice(0, this.maxKeys);
    const truncated = keys.length > page.length;
    const contents = page
      .map((key) => {
        const o = this.objects.get(key)!;
        return `<Contents><Key>${xml(key)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>&quot;${createHash('md5').update(o.body).digest('hex')}&quot;</ETag><Size>${this.listedSizes.get(key) ?? o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      })
      .join('');
    const next = truncated
      ? `<NextContinuationToken>${Buffer.from(page.at(-1)!).toString('base64url')}</NextContinuationToken>`
      : '';
    return `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${this.options.bucket}</Name><Prefix>${xml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${this.maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${next}</ListBucketResult>`;
  }

  /** Null when the request is signed with the known secret; else S3's error code and message. */
  private checkSignature(
    req: IncomingMessage,
    rawPath: string,
    rawQuery: string,
  ): { code: string; message: string; status?: number } | null {
    const auth = req.headers.authorization ?? '';
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!m) return { code: 'AccessDenied', message: 'Access Denied' };
    const [, keyId, day, region, signedHeaders, signature] = m as unknown as string[];
    if (keyId !== this.options.accessKeyId) {
      return {
        code: 'InvalidAccessKeyId',
        message: 'The AWS Access Key Id you provided does not exist in our records.',
      };
    }
    if (region !== this.options.region) {
      return {
        code: 'AuthorizationHeaderMalformed',
        message: `The authorization header is malformed; the region '${region}' is wrong; expecting '${this.options.region}'`,
        status: 400,
      };
    }
    const stamp = String(req.headers['x-amz-date'] ?? '');
    const when = Date.parse(stamp.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
    if (!stamp.startsWith(day!) || !(Math.abs(Date.now() - when) < 15 * 60_000)) {
      return {
        code: 'RequestTimeTooSkewed',
        message: 'The difference between the request time and the current time is too large.',
      };
    }
    if (req.headers['x-amz-content-sha256'] !== EMPTY_SHA256)
      return { code: 'XAmzContentSHA256Mismatch', message: 'bad payload hash' };
    const names = signedHeaders!.split(';');
    for (const required of ['host', 'x-amz-date', 'x-amz-content-sha256']) {
      if (!names.includes(required)) return { code: 'AccessDenied', message: `${required} must be signed` };
    }
    if (this.options.sessionToken !== undefined) {
      if (
        req.headers['x-amz-security-token'] !== this.options.sessionToken ||
        !names.includes('x-amz-security-token')
      ) {
        return { code: 'InvalidToken', message: 'The provided token is malformed or otherwise invalid.' };
      }
    }
    // S3 takes the path exactly as sent (already encoded) and the query re-encoded and sorted.
    const query = rawQuery
      .split('&')
      .filter((p) => p !== '')
      .map((p) => {
        const [k = '', v = ''] = p.split('=', 2).map((s) => decodeURIComponent(s.replace(/\+/g, ' ')));
        return `${strict(k)}=${strict(v)}`;
      })
      .sort()
      .join('&');
    const headerLines = names
      .map(
        (n) =>
          `${n}:${String(req.headers[n] ?? '')
            .trim()
            .replace(/\s+/g, ' ')}\n`,
      )
      .join('');
    const canonical = [req.method, rawPath, query, headerLines, signedHeaders, EMPTY_SHA256].join('\n');
    const scope = `${day}/${region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', stamp, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
    let key: Buffer = createHmac('sha256', `AWS4${this.options.secretAccessKey}`).update(day!).digest();
    for (const part of [region!, 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
    const expected = createHmac('sha256', key).update(toSign).digest('hex');
    return expected === signature
      ? null
      : {
          code: 'SignatureDoesNotMatch',
          message:
            'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        };
  }
}
