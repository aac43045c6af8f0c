import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackupPhase } from '../../src/backup/backup-phase.js';
import { readStats } from '../../src/dump/stream-reader.js';
import type { TestDatabase } from '../helpers/postgres.js';
import { createSampleDatabase, drillContext, gzipFile, pgDump, tempDir } from './fixtures.js';

let db: TestDatabase;
let tmp: { dir: string; cleanup: () => Promise<void> };
const files: Record<string, string> = {};

beforeAll(async () => {
  db = await createSampleDatabase();
  tmp = await tempDir();
  files.custom = await pgDump(db.url, 'custom', path.join(tmp.dir, 'app.dump'));
  files.directory = await pgDump(db.url, 'directory', path.join(tmp.dir, 'app.dir'));
  files.tar = await pgDump(db.url, 'tar', path.join(tmp.dir, 'app.tar'));
  files.plain = await pgDump(db.url, 'plain', path.join(tmp.dir, 'app.sql'));
  files['plain-gzip'] = await gzipFile(files.plain, path.join(tmp.dir, 'app.sql.gz'));
});

afterAll(async () => {
  await db?.drop();
  await tmp?.cleanup();
});

const EXPECTED_TABLES = ['public.seasons', 'racing.Race Results'];

describe('each pg_dump format is detected and verified', () => {
  for (const format of ['custom', 'directory', 'tar', 'plain', 'plain-gzip'] as const) {
    it(format, async () => {
      const file = files[format] as string;
      const ctx = drillContext({ 'backup-source': file });
      const { info, checks, backup } = await runBackupPhase(ctx);

      expect(checks.map((c) => c.id)).toEqual([
        'backup.found',
        'backup.checksum',
        'backup.archive',
        'backup.age',
        'backup.cadence',
      ]);
      expect(checks.map((c) => c.status)).toEqual(['ok', 'skip', 'ok', 'ok', 'skip']);
      expect(checks[1]?.summary).toContain('no');
      expect(checks[1]?.summary).toContain('sidecar');
      expect(checks[3]?.summary).toContain('no RPO target set');
      expect(info.format).toBe(format);
      expect(info.id).toBe(path.basename(file));
      expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(info.checksumVerified).toBe(false);
      expect(info.pgDumpVersion).toMatch(/^\d+\.\d+/);
      expect(info.serverVersion).toMatch(/^\d+\.\d+/);
      expect(info.ageSeconds).toBeLessThan(120);
      expect(backup?.format).toBe(format);
      expect((backup?.tocTables ?? []).map((t) => `${t.schema}.${t.name}`).sort()).toEqual(EXPECTED_TABLES);
      if (format === 'plain' || format === 'plain-gzip') {
        expect(info.createdAtSource).toBe('mtime');
        expect(info.archiveVersion).toBeNull();
        expect(backup?.tocEntries).toBeNull();
      } else {
        expect(info.createdAtSource).toBe('archive');
        expect(info.archiveVersion).toMatch(/^1\.\d+-\d+$/);
        expect(backup?.tocEntries).toBeGreaterThan(5);
        expect(info.tocEntries).toBe(backup?.tocEntries);
      }
    });
  }

  it('reads the backup file exactly once: bytes through the reader equal the file size', async () => {
    for (const format of ['custom', 'tar', 'plain-gzip'] as const) {
      const file = files[format] as string;
      const before = { ...readStats };
      const { checks } = await runBackupPhase(drillContext({ 'backup-source': file }));
      expect(checks[2]?.status).toBe('ok');
      expect(readStats.opens - before.opens).toBe(1);
      expect(readStats.bytesRead - before.bytesRead).toBe((await stat(file)).size);
      expect((checks[2]?.details as { bytesRead?: number } | undefined)?.bytesRead).toBe((await stat(file)).size);
    }
  });
});
