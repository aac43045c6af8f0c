// Extensions need more rights than the drill role has (most are not trusted), so the admin
// connection creates the ones the backup lists, by name and schema only (never the backup's own
// SQL), before the restore; the restore then leaves those statements out: pg_restore -L with a
// list written from the archive's TOC (no extra pass over the archive); in a plain dump pg_dump's
// CREATE EXTENSION IF NOT EXISTS does nothing once the extension is there (checked before any
// privilege), and the filter skips COMMENT ON EXTENSION (only the owner may). An extension whose schema the backup itself creates
// is left to the restore (a trusted one, such as pgcrypto, the drill role may create itself).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { ArchiveToc } from '../backup/archive-toc.js';
import type { DrillContext } from '../util/context.js';
import { makeTempDir, type TempDir } from '../util/temp-files.js';
import { drillDatabaseUrl } from './pg-connection.js';

export interface BackupExtension {
  name: string;
  /** The schema it is created in; null when the dump names none (the default). */
  schema: string | null;
}

/** The EXTENSION entries of an archive, in the archive's order. */
export function archiveExtensions(toc: ArchiveToc): BackupExtension[] {
  return toc.entries.filter((e) => e.desc === 'EXTENSION').map((e) => ({ name: e.tag, schema: e.namespace }));
}

/**
 * Creates, as the database-url role in the drill database, the extensions whose schema exists
 * there; returns their names. Fails naming the extension the server does not have.
 */
export async function createExtensions(
  ctx: DrillContext,
  database: string,
  wanted: BackupExtension[],
): Promise<string[]> {
  if (wanted.length === 0) return [];
  const client = new pg.Client({ connectionString: drillDatabaseUrl(ctx.config.databaseUrl, database) });
  client.on('error', () => {});
  await client.connect();
  try {
    const schemas = [...new Set(wanted.map((e) => e.schema).filter((s): s is string => s !== null))];
    const { rows } = await client.query<{ nspname: string }>(
      'SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[])',
      [schemas],
    );
    const present = new Set(rows.map((r) => r.nspname));
    const made = wanted.filter((e) => e.schema === null || present.has(e.schema));
    for (const e of made) {
      const schema = e.schema === null ? '' : ` WITH SCHEMA ${client.escapeIdentifier(e.schema)}`;
      try {
        await client.query(`CREATE EXTENSION IF NOT EXISTS ${client.escapeIdentifier(e.name)}${schema}`);
      } catch (error) {
        throw new Error(
          `the backup needs the extension ${e.name}, which could not be created: ${(error as Error).message}`,
        );
      }
    }
    return made.map((e) => e.name);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * A pg_restore -L list of every TOC entry but the extensions created already and their comments
 * (pg_restore reads only each line's leading dump id). Null when nothing is left out.
 */
export async function restoreList(
  toc: ArchiveToc,
  created: string[],
  env: NodeJS.ProcessEnv,
): Promise<(TempDir & { file: string }) | null> {
  if (created.length === 0) return null;
  const names = new Set(created);
  const comments = new Set(created.map((name) => `EXTENSION ${name}`));
  const left = toc.entries.filter(
    (e) => !(e.desc === 'EXTENSION' && names.has(e.tag)) && !(e.desc === 'COMMENT' && comments.has(e.tag)),
  );
  const dir = await makeTempDir('restore-list', env);
  const file = path.join(dir.dir, 'restore.list');
  await writeFile(file, left.map((e) => `${e.dumpId};\n`).join(''), { mode: 0o600 });
  return { ...dir, file };
}
