// backup-source: s3://bucket/prefix/ — the objects under the prefix are the candidates (matched
// by backup-pattern on their base name, `<name>.sha256` objects are sidecars); their LastModified
// dates them unless the archive header carries a creation time.
import type { DrillContext } from '../util/context.js';
import { insecureUrlProblem, type RemoteHttp } from './remote-http.js';
import { type RemoteEntry, type RemoteSelection, selectRemoteBackup } from './remote-select.js';
import { parseS3Source, S3Client, s3Settings } from './s3-client.js';

export async function selectS3Backup(ctx: DrillContext, http: RemoteHttp, dir: string): Promise<RemoteSelection> {
  const location = parseS3Source(ctx.config.backupSource);
  const settings = s3Settings(ctx.config.s3, ctx.env);
  const credentials = settings.credentials;
  // Registered before the first request, so no error message can ever carry them.
  ctx.secrets.add(credentials?.secretAccessKey);
  ctx.secrets.add(credentials?.sessionToken);
  if (settings.endpoint) {
    const problem = insecureUrlProblem(settings.endpoint);
    if (problem) throw new Error(`s3-endpoint: ${problem}`);
  }
  if (!credentials) {
    ctx.log.info(
      'S3: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set: sending unsigned requests (public bucket)',
    );
  }
  const client = new S3Client(settings, http);
  const where = `s3://${location.bucket}/${location.prefix}`;
  const objects = (await client.list(location)).filter((o) => !o.key.endsWith('/'));
  ctx.log.info(`S3: ${objects.length} object(s) under ${where} (region ${settings.region})`);
  const keys = new Set(objects.map((o) => o.key));
  // Names in the report are relative to the prefix's folder: `2026/nightly.dump` under `backups/`.
  const folder = location.prefix.slice(0, location.prefix.lastIndexOf('/') + 1);
  const entries: RemoteEntry[] = objects.map((o) => ({
    ref: o.key,
    name: o.key.slice(folder.length),
    baseName: o.key.slice(o.key.lastIndexOf('/') + 1),
    sizeBytes: o.size,
    modifiedAt: o.lastModified,
  }));
  const mode = ctx.config.backupChecksum.mode;
  return selectRemoteBackup({
    entries,
    pattern: ctx.config.backupPattern,
    searched: `the objects under ${where}`,
    dir,
    wantSidecar: mode === 'auto' || mode === 'required',
    fetcher: {
      timeOrigin: 'remote modification time (S3 LastModified)',
      describe: (entry) => `s3://${location.bucket}/${entry.ref}`,
      peek: async (entry, file, bytes) => {
        await client.download(location.bucket, entry.ref, file, bytes);
      },
      download: async (entry, file) => {
        ctx.log.info(`S3: downloading s3://${location.bucket}/${entry.ref}`);
        await client.download(location.bucket, entry.ref, file);
      },
      downloadSidecar: async (entry, file) => {
        const key = `${entry.ref}.sha256`;
        if (!keys.has(key)) return false;
        await client.download(location.bucket, key, file);
        return true;
      },
    },
  });
}
