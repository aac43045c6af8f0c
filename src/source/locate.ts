// Where backup-source points, resolved to local files the verification can read: a local path,
// glob or folder as it is; S3, HTTPS and artifact sources downloaded into a temporary folder
// (only the chosen backup and its sidecar, or the one artifact) that dispose() removes.
import type { DrillContext } from '../model/context.js';
import { withoutPassword } from '../util/secrets.js';
import { selectArtifactBackup } from './artifact-source.js';
import { selectHttpsBackup } from './https-source.js';
import { backupPick } from './pick.js';
import { displayUrl, RemoteHttp, type RemoteHttpOptions } from './remote-http.js';
import { makeTempFolder, type RemoteSelection } from './remote-select.js';
import { selectS3Backup } from './s3-source.js';
import { selectLocalBackup } from './select.js';
import { sourceKind } from './source-kind.js';

interface Located extends RemoteSelection {
  /** Removes the downloaded files; null for a local source or when nothing was chosen. */
  dispose: (() => Promise<void>) | null;
}

/** backup-source as the report shows it: no password, no query string (a presigned URL's signature). */
export function displaySource(source: string): string {
  const kind = sourceKind(source);
  if (kind === 'local' || kind === 'artifact') return withoutPassword(source.trim());
  if (kind === 'https' || kind === 'http') return displayUrl(source.trim());
  return withoutPassword(source.trim().replace(/[?#].*$/s, ''));
}

/** Timeouts and retry delays of the remote sources; tests shorten them. */
export const remoteHttpOptions: RemoteHttpOptions = {};

export async function locateBackup(ctx: DrillContext): Promise<Located> {
  const source = ctx.config.backupSource;
  const kind = sourceKind(source);
  if (kind === 'local') {
    const selection = await selectLocalBackup(source, ctx.config.backupPattern, {}, backupPick(ctx.config, ctx.env));
    return { ...selection, resolved: selection.chosen?.path ?? null, dispose: null };
  }
  const temp = await makeTempFolder();
  // A download may take as long as the restore may (restore-timeout), and no longer.
  const http = new RemoteHttp({ downloadTimeoutMs: ctx.config.restoreTimeoutMs, ...remoteHttpOptions });
  // An https backup still to be downloaded (by the verification pass) keeps its connection pool
  // until dispose(); everything else closes it now.
  let keepHttp = false;
  try {
    const selection =
      kind === 's3'
        ? await selectS3Backup(ctx, temp.dir, remoteHttpOptions)
        : kind === 'artifact'
          ? await selectArtifactBackup(ctx, temp.dir)
          : await selectHttpsBackup(ctx, http, temp.dir);
    if (!selection.chosen) {
      await temp.dispose();
      return { ...selection, dispose: null };
    }
    keepHttp = Boolean(selection.pending) && kind !== 's3' && kind !== 'artifact';
    const dispose = async () => {
      if (keepHttp) await http.close().catch(() => {});
      keepHttp = false;
      await temp.dispose();
    };
    return { ...selection, dispose };
  } catch (error) {
    await temp.dispose();
    throw error;
  } finally {
    if (!keepHttp) await http.close();
  }
}
