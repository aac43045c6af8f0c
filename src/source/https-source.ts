// backup-source: https://host/path/file.dump — one file. Its sidecar is `<url without query>.sha256`
// (no answer there: no sidecar). A presigned URL's query string is a credential: it is registered
// as a secret and never leaves this module except inside the request itself.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DrillContext } from '../model/context.js';
import { HttpStatusError } from './remote-errors.js';
import { type Answer, displayUrl, insecureUrlProblem, type RemoteHttp } from './remote-http.js';
import { type RemoteEntry, type RemoteSelection, selectRemoteBackup } from './remote-select.js';

const SECRET_PARAM = /sig|signature|credential|token|key|secret|password|auth/i;

/** Registers everything secret a URL carries: its password, its query string and its signature-like values. */
function registerUrlSecrets(ctx: DrillContext, url: URL): void {
  ctx.secrets.addUrl(url.toString());
  if (url.password) ctx.secrets.addPassword(decodeURIComponent(url.password), decodeURIComponent(url.username));
  if (url.search.length > 1) ctx.secrets.add(url.search.slice(1));
  for (const [key, value] of url.searchParams) if (SECRET_PARAM.test(key)) ctx.secrets.add(value);
}

function basicAuth(url: URL): Record<string, string> {
  if (!url.username && !url.password) return {};
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

export async function selectHttpsBackup(ctx: DrillContext, http: RemoteHttp, dir: string): Promise<RemoteSelection> {
  const given = new URL(ctx.config.backupSource.trim());
  registerUrlSecrets(ctx, given);
  const problem = insecureUrlProblem(given);
  if (problem) throw new Error(problem);
  const headers = basicAuth(given);
  const url = new URL(given);
  url.username = '';
  url.password = '';
  const where = displayUrl(url);
  const baseName = decodeURIComponent(path.posix.basename(url.pathname)) || 'backup';
  const onRedirect = (to: URL) => registerUrlSecrets(ctx, to);
  const mode = ctx.config.backupChecksum.mode;
  const spec = { url, headers, onRedirect };
  // The entry is dated and sized from the first answer, before selection ranks it.
  const describeAnswer = (entry: RemoteEntry, answer: Answer, whole: number | null) => {
    const lastModified = answer.header('last-modified');
    const date = lastModified ? new Date(lastModified) : null;
    entry.modifiedAt = date && !Number.isNaN(date.getTime()) ? date : null;
    const total = /\/(\d+)$/.exec(answer.header('content-range') ?? '')?.[1];
    entry.sizeBytes = total !== undefined ? Number(total) : whole;
  };
  return selectRemoteBackup({
    entries: [{ ref: url.toString(), name: baseName, baseName, sizeBytes: null, modifiedAt: null }],
    pattern: ctx.config.backupPattern,
    searched: `the URL ${where}`,
    dir,
    wantSidecar: mode === 'auto' || mode === 'required',
    fetcher: {
      timeOrigin: 'remote modification time (Last-Modified)',
      describe: () => where,
      // The first bytes only (a Range request): the backup itself is read once, by the
      // verification pass, which peels any layers from the download as it arrives.
      peek: async (entry, file, bytes) => {
        ctx.log.info(`HTTPS: reading the first ${bytes / 1024} KiB of ${where}`);
        const opened = await http.open(spec, { firstBytes: bytes, dir }).catch((error) => {
          // 416: not even the first byte exists, an empty file (judged as such, not as an HTTP failure).
          if (error instanceof HttpStatusError && error.status === 416) return null;
          throw error;
        });
        if (!opened) {
          entry.sizeBytes = 0;
          return writeFile(file, '');
        }
        const { answer, body } = opened;
        const length = Number(answer.header('content-length') ?? Number.NaN);
        describeAnswer(entry, answer, answer.status === 200 && Number.isFinite(length) ? length : null);
        const chunks: Buffer[] = [];
        let got = 0;
        for await (const chunk of body) {
          chunks.push(chunk);
          got += chunk.length;
          if (got >= bytes) break;
        }
        await writeFile(file, Buffer.concat(chunks).subarray(0, bytes));
      },
      download: async (entry, file) => {
        ctx.log.info(`HTTPS: downloading ${where}`);
        const { answer, bytes } = await http.download(spec, file);
        describeAnswer(entry, answer, bytes);
      },
      open: async () => {
        ctx.log.info(`HTTPS: downloading ${where}`);
        return (await http.open(spec, { dir })).body;
      },
      downloadSidecar: async (_entry, file) => {
        const sidecar = new URL(url);
        sidecar.search = '';
        sidecar.hash = '';
        sidecar.pathname = `${sidecar.pathname}.sha256`;
        try {
          await http.download({ ...spec, url: sidecar }, file);
          return true;
        } catch (error) {
          if (error instanceof HttpStatusError && error.status >= 400 && error.status < 500) {
            ctx.log.info(`HTTPS: no checksum sidecar at ${displayUrl(sidecar)} (HTTP ${error.status})`);
            return false;
          }
          await rm(file, { force: true });
          ctx.log.warning(
            ctx.secrets.redact(
              `HTTPS: could not fetch the checksum sidecar ${displayUrl(sidecar)}: ${(error as Error).message}`,
            ),
          );
          return false;
        }
      },
    },
  });
}
