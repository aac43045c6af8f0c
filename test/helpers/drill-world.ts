// A world for whole drills: a PickDriver database (the "production" one), backups of it, a drill
// database name of its own, and the PickDriver stand-in reading the source as its primary database
// and the drill database as its drill target. Everything is torn down by close().
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type DumpFormat, dumpDatabase, writeSidecar } from '../../src/demo/make-backup.js';
import { createPickdriverDatabase } from '../../src/stand-in/pickdriver-fixture.js';
import { type ReferenceApi, startReferenceApi } from '../../src/stand-in/server.js';
import { drillEnv, primaryEnv } from '../stand-in/helpers.js';
import {
  adminQuery,
  adminUrl,
  createTestDatabase,
  dropDatabase,
  type TestDatabase,
  uniqueName,
  urlFor,
} from './postgres.js';

export const EXTENSION: Record<DumpFormat, string> = {
  custom: 'dump',
  directory: 'dir',
  tar: 'tar',
  plain: 'sql',
  'plain-gzip': 'sql.gz',
};

export interface DrillWorld {
  adminUrl: string;
  source: TestDatabase;
  drillDatabase: string;
  dir: string;
  /** The backups made, by format. */
  backups: Partial<Record<DumpFormat, string>>;
  api: ReferenceApi | null;
  token: string;
  /** A backup of the source in a format, made now (with a sidecar unless directory). */
  backup(format: DumpFormat, name?: string): Promise<string>;
  databaseExists(name: string): Promise<boolean>;
  close(): Promise<void>;
}

export async function createDrillWorld(
  options: { scale?: number; api?: boolean; token?: string } = {},
): Promise<DrillWorld> {
  const admin = await adminUrl();
  const source = await createTestDatabase('pdv_source');
  await createPickdriverDatabase(source.url, { scale: options.scale ?? 0.05 });
  const drillDatabase = uniqueName('pdv_drill');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-world-'));
  const token = options.token ?? 'world-token-0123456789';
  const api =
    options.api === false
      ? null
      : await startReferenceApi({
          env: {
            ...primaryEnv(source.url),
            ...drillEnv(urlFor(admin, drillDatabase)),
            INTERNAL_SERVICE_TOKEN: token,
            APP_VERSION: 'world-1.0',
          },
        });
  const world: DrillWorld = {
    adminUrl: admin,
    source,
    drillDatabase,
    dir,
    backups: {},
    api,
    token,
    async backup(format, name) {
      const file = path.join(dir, name ?? `pickdriver-${format}.${EXTENSION[format]}`);
      await dumpDatabase(source.url, file, format);
      if (format !== 'directory') await writeSidecar(file);
      world.backups[format] = file;
      return file;
    },
    async databaseExists(name) {
      const { rows } = await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      return rows.length === 1;
    },
    async close() {
      await api?.close();
      await dropDatabase(drillDatabase);
      await source.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return world;
}
