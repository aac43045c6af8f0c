// Uploads the report files as a workflow artifact, so later drills can compare against them and
// people can download them. Only the files this run wrote are named (never a walk of the folder),
// so nothing else that lies there can leave the runner. Off GitHub, or when the upload fails, the
// drill goes on with a warning.
import type { Logger } from '../util/logger.js';

export async function uploadReportArtifact(
  dir: string,
  files: string[],
  name: string,
  retentionDays: number | null,
  log: Logger,
): Promise<number | null> {
  if (!process.env['ACTIONS_RUNTIME_TOKEN']) {
    log.warning(
      `artifact-name is '${name}' but this is not a GitHub Actions job (ACTIONS_RUNTIME_TOKEN is not set): nothing was uploaded; the report is in ${dir}`,
    );
    return null;
  }
  try {
    const options = retentionDays !== null ? { retentionDays } : {};
    // Loaded on demand: the artifact client (and Azure's blob client under it) is most of the bundle.
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const { id } = await new DefaultArtifactClient().uploadArtifact(name, [...files].sort(), dir, options);
    log.info(`Uploaded the report as artifact '${name}' (id ${id ?? 'unknown'}).`);
    return id ?? null;
  } catch (error) {
    log.warning(
      `Uploading the report artifact '${name}' failed: ${error instanceof Error ? error.message : String(error)}. The report is in ${dir}.`,
    );
    return null;
  }
}
