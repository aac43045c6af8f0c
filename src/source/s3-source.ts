// backup-source: s3://bucket/prefix/ — the objects under the prefix are the candidates (matched
// by backup-pattern on their base name, `<name>.sha256` objects are sidecars); their LastModified
// dates them unless the archive header carries a creation time. The chosen backup is not
// downloaded here: the verification pass streams it to the temporary folder while it hashes and
// walks it, so its bytes are read once.
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { DrillContext } from '../model/context.js';
import { sanitizeName } from '../util/sanitize.js';
import { backupPick } from './pick.js';
import { DownloadTooLargeError } from './remote-errors.js';
import { freeBytes, insecureUrlProblem, type RemoteHttpOptions } from './remote-http.js';
import { type RemoteEntry, type RemoteSelection, selectRemoteBackup } from './remote-select.js';
import type { DownloadSpace } from './s3-guard.js';
import { parseS3Source, refusedKeyReason } from './s3-location.js';
import type { GetLimits, ListLimits, S3Settings } from './s3-sdk.js';

export function s3Settings(
  s3: { endpoint: string | null; region: string | null; forcePathStyle: boolean },
  env: NodeJS.ProcessEnv,
): S3Settings {
  const raw = s3.endpoint?.trim() || null;
  const endpoint = raw ? new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`) : null;
  const given: [string | undefined, string][] = [
    [s3.region?.trim(), 's3-region'],
    [env.AWS_REGION?.trim(), 'AWS_REGION'],
    [env.AWS_DEFAULT_REGION?.trim(), 'AWS_DEFAULT_REGION'],
  ];
  const [region, regionFrom] = given.find(([value]) => value) ?? ['us-east-1', 'the default'];
  return { endpoint, region: region as string, regionFrom, forcePathStyle: s3.forcePathStyle };
}

/** What a download into `dir` may write: the free space there, or the test's smaller cap. */
async function spaceIn(dir: string, options: RemoteHttpOptions): Promise<DownloadSpace> {
  const free = await freeBytes(dir);
  const cap = Math.min(free ?? Number.POSITIVE_INFINITY, options.maxDownloadBytes ?? Number.POSITIVE_INFINITY);
  return { dir, free, cap };
}

export async function selectS3Backup(
  ctx: DrillContext,
  dir: string,
  options: RemoteHttpOptions = {},
): Promise<RemoteSelection> {
  // The same deadlines as the HTTP source: each listing page, peek and sidecar request has a
  // total one; the backup's download may take as long as the restore may (restore-timeout).
  const requestMs = options.totalTimeoutMs ?? 5 * 60_000;
  const downloadMs = options.downloadTimeoutMs ?? ctx.config.restoreTimeoutMs;
  const location = parseS3Source(ctx.config.backupSource);
  const settings = s3Settings(ctx.config.s3, ctx.env);
  if (settings.endpoint) {
    const problem = insecureUrlProblem(settings.endpoint);
    if (problem) throw new Error(`s3-endpoint: ${problem}`);
  }
  // The SDK is loaded only now, for an s3:// source (its own chunk of the bundle).
  const { openS3, LIST_LIMITS } = await import('./s3-sdk.js');
  const s3 = await openS3(settings, ctx.secrets, ctx.log);
  const where = `s3://${location.bucket}/${sanitizeName(location.prefix)}`;
  // The listing is bounded in pages, keys and time; never longer than the restore may take.
  const listLimits: ListLimits = {
    pageMs: requestMs,
    totalMs: Math.min(options.listTimeoutMs ?? LIST_LIMITS.totalMs, ctx.config.restoreTimeoutMs),
    maxPages: options.maxListPages ?? LIST_LIMITS.maxPages,
    maxKeys: options.maxListKeys ?? LIST_LIMITS.maxKeys,
  };
  const objects = (await s3.list(location, listLimits)).filter((o) => !o.key.endsWith('/'));
  ctx.log.info(`S3: ${objects.length} object(s) under ${where} (region ${s3.region}${s3.signed ? '' : ', unsigned'})`);
  const keys = new Set(objects.map((o) => o.key));
  // Names in the report are relative to the prefix's folder: `2026/nightly.dump` under `backups/`.
  const folder = location.prefix.slice(0, location.prefix.lastIndexOf('/') + 1);
  const entries: RemoteEntry[] = objects.map((o) => ({
    ref: o.key,
    name: sanitizeName(o.key.slice(folder.length)),
    baseName: sanitizeName(o.key.slice(o.key.lastIndexOf('/') + 1)),
    sizeBytes: o.size,
    modifiedAt: o.lastModified,
    refused: refusedKeyReason(o.key),
  }));
  const save = async (key: string, file: string, limits: GetLimits) => {
    await pipeline(await s3.get(location.bucket, key, limits), createWriteStream(file));
  };
  const mode = ctx.config.backupChecksum.mode;
  const selection = await selectRemoteBackup({
    entries,
    pattern: ctx.config.backupPattern,
    searched: `the objects under ${where}`,
    dir,
    pick: backupPick(ctx.config, ctx.env),
    wantSidecar: mode === 'auto' || mode === 'required',
    fetcher: {
      timeOrigin: 'remote modification time (S3 LastModified)',
      describe: (entry) => `s3://${location.bucket}/${sanitizeName(entry.ref)}`,
      peek: (entry, file, bytes) => save(entry.ref, file, { firstBytes: bytes, totalMs: requestMs }),
      download: async (entry, file) =>
        save(entry.ref, file, { totalMs: downloadMs, space: await spaceIn(dir, options) }),
      open: async (entry) => {
        ctx.log.info(`S3: downloading s3://${location.bucket}/${sanitizeName(entry.ref)}`);
        return s3.get(location.bucket, entry.ref, { totalMs: downloadMs, space: await spaceIn(dir, options) });
      },
      downloadSidecar: async (entry, file) => {
        const key = `${entry.ref}.sha256`;
        if (!keys.has(key)) return false;
        await save(key, file, { totalMs: requestMs, space: await spaceIn(dir, options) });
        return true;
      },
    },
  });
  // The listing gave the object's size: a backup larger than the room for it is refused before
  // its download starts, so backup.found fails naming both numbers.
  const chosen = selection.chosen;
  if (chosen && selection.pending) {
    const space = await spaceIn(dir, options);
    if (chosen.sizeBytes > space.cap) {
      throw new DownloadTooLargeError(selection.resolved ?? chosen.name, chosen.sizeBytes, space.cap, space.free, dir);
    }
  }
  return selection;
}
