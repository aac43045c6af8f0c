// Uploads the report folder as a workflow artifact, so later drills can compare against it and
// people can download it. Off GitHub, or when the upload fails, the drill goes on with a warning.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../util/logger.js';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

export async function uploadReportArtifact(
  dir: string,
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
    const files = await filesUnder(dir);
    const options = retentionDays !== null ? { retentionDays } : {};
    // Loaded on demand: the artifact client (and Azure's blob client under it) is most of the bundle.
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const { id } = await new DefaultArtifactClient().uploadArtifact(name, files, dir, options);
    log.info(`Uploaded the report as artifact '${name}' (id ${id ?? 'unknown'}).`);
    return id ?? null;
  } catch (error) {
    log.warning(
      `Uploading the report artifact '${name}' failed: ${error instanceof Error ? error.message : String(error)}. The report is in ${dir}.`,
    );
    return null;
  }
}
