// backup-source: https://host/path/file.dump — one file. Its sidecar is `<url without query>.sha256`
// (no answer there: no sidecar). A presigned URL's query string is a credential: it is registered
// as a secret and never leaves this module except inside the request itself.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { DrillContext } from '../model/context.js';
import { displayUrl, HttpStatusError, insecureUrlProblem, type RemoteHttp } from './remote-http.js';
import { type RemoteSelection, selectRemoteBackup } from './remote-select.js';

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
  return selectRemoteBackup({
    entries: [{ ref: url.toString(), name: baseName, baseName, sizeBytes: null, modifiedAt: null }],
    pattern: ctx.config.backupPattern,
    searched: `the URL ${where}`,
    dir,
    wantSidecar: mode === 'auto' || mode === 'required',
    downloadToRecognise: true,
    fetcher: {
      timeOrigin: 'remote modification time (Last-Modified)',
      describe: () => where,
      peek: () => Promise.reject(new Error('a single URL is downloaded, not peeked')),
      download: async (entry, file) => {
        ctx.log.info(`HTTPS: downloading ${where}`);
        const { answer, bytes } = await http.download({ url, headers, onRedirect }, file);
        const lastModified = answer.header('last-modified');
        const date = lastModified ? new Date(lastModified) : null;
        // The entry is dated and sized from the answer, before selection reads it.
        entry.modifiedAt = date && !Number.isNaN(date.getTime()) ? date : null;
        entry.sizeBytes = bytes;
      },
      downloadSidecar: async (_entry, file) => {
        const sidecar = new URL(url);
        sidecar.search = '';
        sidecar.hash = '';
        sidecar.pathname = `${sidecar.pathname}.sha256`;
        try {
          await http.download({ url: sidecar, headers, onRedirect }, file);
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
