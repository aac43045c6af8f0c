// S3 through the AWS SDK: ListObjectsV2 page by page and GetObject as a stream. Loaded with a
// dynamic import only for s3:// sources, so the other sources never pay for the SDK.
// Credentials come from the SDK's default chain (environment, web identity token file + role ARN,
// SSO and shared config/credentials files, ECS container and EC2 instance metadata); when the
// chain has nothing at all, requests go unsigned (a public bucket). A wrong region is corrected
// once from S3's own answer (the bucket's region), with a warning.
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, S3Client, type S3ServiceException } from '@aws-sdk/client-s3';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { isLoopbackHost } from '../util/addresses.js';
import { formatDuration } from '../util/format.js';
import type { Logger } from '../util/logger.js';
import { sanitizeName } from '../util/sanitize.js';
import type { SecretRegistry } from '../util/secrets.js';
import { DeadlineError, DownloadTooLargeError } from './remote-errors.js';
import { type DownloadSpace, deadline, guarded } from './s3-guard.js';
import { S3Error, type S3Location } from './s3-location.js';

export interface S3Settings {
  /** A custom endpoint (R2, MinIO), null for AWS. */
  endpoint: URL | null;
  region: string;
  /** Where region came from, for the log and for the warning when S3 corrects it. */
  regionFrom: string;
  forcePathStyle: boolean;
}

interface S3Object {
  key: string;
  size: number;
  lastModified: Date | null;
}

/**
 * Bounds of one listing: a server that never ends its listing (a continuation token for ever, or
 * pages that grow without end) stops at whichever comes first, with an error that names it.
 */
export interface ListLimits {
  /** Total deadline of each page request. */
  pageMs: number;
  /** Total deadline of the whole listing. */
  totalMs: number;
  maxPages: number;
  maxKeys: number;
}

/** The defaults: 100 000 keys is 100 full pages; 1 000 pages allows servers that page in small steps. */
export const LIST_LIMITS = { maxPages: 1_000, maxKeys: 100_000, totalMs: 10 * 60_000 } as const;

export interface GetLimits {
  /** Only the first bytes (a Range request): enough to recognise the object. */
  firstBytes?: number;
  /** Total deadline of the request, body included: a server dripping a byte now and then cannot hold the drill. */
  totalMs: number;
  /** Checked against the answer's Content-Length before a byte is read, and against the bytes as they come. */
  space?: DownloadSpace;
}

interface S3Access {
  region: string;
  /** False when the requests go unsigned (no credentials anywhere in the chain). */
  signed: boolean;
  /** Every object under the prefix, within `limits` (pages, keys, time): past any of them, an S3Error. */
  list(location: S3Location, limits: ListLimits): Promise<S3Object[]>;
  /** The object's bytes (or its first `firstBytes`) as a stream, within the limits. */
  get(bucket: string, key: string, limits: GetLimits): Promise<AsyncIterable<Buffer>>;
}

// The chain's last link says this when no provider had anything: the one case that means
// "anonymous". A provider that was configured but failed (a refused web identity) is an error.
const NOTHING_CONFIGURED = /Could not load credentials from any providers/i;

/** Signs nothing: the requests of a public bucket. */
const unsigned = { sign: async <T>(request: T) => request };

// The SDK warns on Node < 22 about its future releases; the bundle pins its version, and the
// command line supports Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function resolveCredentials(secrets: SecretRegistry, log: Logger) {
  const provider = defaultProvider();
  try {
    const credentials = await provider();
    // Registered before any request, so no message can ever carry them.
    secrets.add(credentials.secretAccessKey);
    secrets.add(credentials.sessionToken);
    return provider;
  } catch (error) {
    const message = (error as Error).message;
    if (!NOTHING_CONFIGURED.test(message)) throw new S3Error(null, null, `AWS credentials: ${message}`);
    log.info(
      'S3: no AWS credentials in the environment, profile files, web identity or instance metadata: sending unsigned requests (public bucket)',
    );
    return null;
  }
}

function usesPathStyle(settings: S3Settings, bucket: string): boolean {
  if (settings.forcePathStyle || bucket.includes('.')) return true;
  const host = settings.endpoint?.hostname;
  return host !== undefined && isLoopbackHost(host);
}

interface Failure {
  status: number | null;
  code: string | null;
  bucketRegion: string | null;
  message: string;
}

function failureOf(error: unknown): Failure {
  const e = error as Partial<S3ServiceException> & {
    Region?: string;
    code?: string;
    $response?: { headers?: Record<string, string | undefined> };
  };
  const status = e.$metadata?.httpStatusCode ?? null;
  const header = e.$response?.headers?.['x-amz-bucket-region'] ?? null;
  const code = status === null ? (e.code ?? null) : (e.name ?? null);
  // The SDK's generic message for an answer without a body is "UnknownError"; the status says more.
  const message = e.message && e.message !== 'UnknownError' ? e.message : '';
  return { status, code, bucketRegion: header || e.Region || null, message: sanitizeName(message) };
}

export async function openS3(settings: S3Settings, secrets: SecretRegistry, log: Logger): Promise<S3Access> {
  const credentials = await resolveCredentials(secrets, log);
  let region = settings.region;
  let corrected = false;
  const clients = new Map<string, S3Client>();
  const client = (bucket: string): S3Client => {
    const key = `${region}|${usesPathStyle(settings, bucket)}`;
    let found = clients.get(key);
    if (!found) {
      found = new S3Client({
        region,
        endpoint: settings.endpoint?.toString(),
        forcePathStyle: usesPathStyle(settings, bucket),
        ...(credentials
          ? { credentials }
          : { credentials: { accessKeyId: '', secretAccessKey: '' }, signer: unsigned }),
        // Off: a wrong region is corrected once for the whole drill (call below), not per request.
        followRegionRedirects: false,
        maxAttempts: 3,
        requestHandler: { connectionTimeout: 15_000, requestTimeout: 60_000 },
        // Our SHA-256 of every byte is the integrity check; no second checksum over the stream.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      clients.set(key, found);
    }
    return found;
  };

  /** Runs one S3 call; a wrong region is corrected once from the bucket's region S3 names. */
  const call = async <T>(what: string, fn: (c: S3Client) => Promise<T>, bucket: string): Promise<T> => {
    for (;;) {
      try {
        return await fn(client(bucket));
      } catch (error) {
        if (error instanceof S3Error || error instanceof DeadlineError) throw error;
        const f = failureOf(error);
        if (f.bucketRegion && f.bucketRegion !== region && !corrected) {
          log.warning(
            `S3: bucket ${bucket} is in region ${f.bucketRegion}, not ${region} (${settings.regionFrom}); using ${f.bucketRegion} (set s3-region: ${f.bucketRegion} to skip this request)`,
          );
          region = f.bucketRegion;
          corrected = true;
          continue;
        }
        const said = [f.status === null ? null : `HTTP ${f.status}`, f.code, f.message].filter(Boolean).join(' ');
        const hint =
          f.bucketRegion && f.bucketRegion !== region
            ? `; the bucket is in region ${f.bucketRegion}: set s3-region`
            : '';
        throw new S3Error(f.status, f.code, `S3 refused to ${what} (${said || 'no answer'})${hint}`, f.bucketRegion);
      }
    }
  };

  return {
    get region() {
      return region;
    },
    signed: credentials !== null,
    async list(location, limits) {
      const source = `s3://${location.bucket}/${sanitizeName(location.prefix)}`;
      const where = `list ${source}`;
      const objects: S3Object[] = [];
      const started = Date.now();
      const stop = (why: string) =>
        new S3Error(
          null,
          'ListingTooLong',
          `the listing of ${source} was stopped: ${why} (${objects.length} keys in ${pages} page(s) so far); name a narrower prefix in backup-source`,
        );
      let token: string | undefined;
      let pages = 0;
      do {
        if (pages >= limits.maxPages) throw stop(`more than ${limits.maxPages} pages`);
        const left = limits.totalMs - (Date.now() - started);
        if (left <= 0) throw stop(`it took longer than ${formatDuration(limits.totalMs)}`);
        const pageMs = Math.min(limits.pageMs, left);
        const clock = deadline(where, pageMs);
        try {
          const page = await clock
            .race(
              call(
                where,
                (c) =>
                  c.send(
                    new ListObjectsV2Command({
                      Bucket: location.bucket,
                      Prefix: location.prefix,
                      ...(token ? { ContinuationToken: token } : {}),
                    }),
                    { abortSignal: clock.signal },
                  ),
                location.bucket,
              ),
            )
            .catch((error: unknown) => {
              // The listing's own deadline cut this page short: say so, not the page's.
              if (error instanceof DeadlineError && pageMs < limits.pageMs)
                throw stop(`it took longer than ${formatDuration(limits.totalMs)}`);
              throw error;
            });
          pages += 1;
          for (const o of page.Contents ?? []) {
            if (o.Key === undefined) continue;
            if (objects.length >= limits.maxKeys) throw stop(`more than ${limits.maxKeys} keys`);
            objects.push({ key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified ?? null });
          }
          const next = page.IsTruncated ? page.NextContinuationToken : undefined;
          // A server that hands back the token it was given would page for ever.
          if (next !== undefined && next === token) throw stop('the server repeated its continuation token');
          token = next;
        } finally {
          clock.clear();
        }
      } while (token);
      return objects;
    },
    async get(bucket, key, limits) {
      const where = `s3://${bucket}/${sanitizeName(key)}`;
      const clock = deadline(where, limits.totalMs);
      try {
        const answer = await clock.race(
          call(
            `send ${where}`,
            (c) =>
              c.send(
                new GetObjectCommand({
                  Bucket: bucket,
                  Key: key,
                  ...(limits.firstBytes ? { Range: `bytes=0-${limits.firstBytes - 1}` } : {}),
                }),
                { abortSignal: clock.signal },
              ),
            bucket,
          ),
        );
        const body = answer.Body as (Readable & AsyncIterable<Buffer>) | undefined;
        if (!body) throw new S3Error(null, null, `S3 sent no body for ${where}`);
        const announced = answer.ContentLength;
        if (limits.space && announced !== undefined && announced > limits.space.cap) {
          body.destroy();
          const { cap, free, dir } = limits.space;
          throw new DownloadTooLargeError(where, announced, cap, free, dir);
        }
        return guarded(body, clock, where, limits.space);
      } catch (error) {
        clock.clear();
        throw error;
      }
    },
  };
}
