// The real-world corpus (test/fixtures/real-world-corpus.sql on PickDriver's schema) dumped by the
// real pg_dump in every variant, each drilled through the command-line bundle as a user runs it,
// and the restored database compared with the source: rows and md5 per table, large objects,
// sequences, pg_dump -s. Variants that leave something out warn on backup.archive, naming it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDrillDatabase } from '../../src/restore/index.js';
import {
  createCorpusDatabase,
  DUMP_VARIANTS,
  type DumpVariant,
  dumpVariant,
  type Fingerprint,
  fingerprint,
} from '../fixtures/real-world-corpus.js';
import { runBundle } from '../helpers/bundles.js';
import { adminUrl, createTestDatabase, type TestDatabase, uniqueName, urlFor } from '../helpers/postgres.js';

let source: TestDatabase;
let dir: string;
let admin: string;
let expected: Fingerprint;
const backups = new Map<string, string>();

beforeAll(async () => {
  admin = await adminUrl();
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-corpus-'));
  source = await createTestDatabase('pdv_corpus');
  await createCorpusDatabase(source.url, dir);
  expected = await fingerprint(source.url);
  for (const variant of DUMP_VARIANTS) backups.set(variant.name, await dumpVariant(source.url, variant, dir));
}, 120_000);

afterAll(async () => {
  await source?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function drill(variant: DumpVariant) {
  const database = uniqueName('pdv_corpus_drill');
  const reportDir = path.join(dir, `report-${variant.name}`);
  const run = await runBundle('dist/cli/index.js', {
    args: [
      'drill',
      ...['--backup-source', backups.get(variant.name) as string],
      ...['--database-url', admin],
      ...['--drill-database', database],
      ...['--baseline', 'none'],
      ...['--report-dir', reportDir],
      ...['--keep-database', 'true'],
    ],
  });
  const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
  return { run, report, url: urlFor(admin, database), database };
}

const byId = (report: { checks: { id: string; status: string; summary: string }[] }, id: string) =>
  report.checks.find((c) => c.id === id);

describe('the real-world corpus, dumped by pg_dump and drilled through the CLI bundle', () => {
  it('has what real databases have', () => {
    expect(Object.keys(expected.tables)).toEqual(
      expect.arrayContaining([
        'Ops & Audit.events_2025',
        'Ops & Audit.events_default',
        'public.telemetry_eu_0',
        'public.Fahrer "Stats" — Saison.2026',
        'Ops & Audit.line\nbreak',
        'public.session_cache',
        'Ops & Audit.daily_counts',
      ]),
    );
    const sizes = Object.values(expected.largeObjects);
    expect(sizes).toHaveLength(3);
    expect(sizes).toContain('d41d8cd98f00b204e9800998ecf8427e'); // the empty large object
    expect(expected.sequences['public.invoice_numbers']).toBe('1234');
  });

  it.each(DUMP_VARIANTS.filter((v) => !v.partial).map((v) => [v.name, v] as const))(
    '%s: passes, and the restore equals the source',
    async (_name, variant) => {
      const { run, report, url, database } = await drill(variant);
      try {
        expect(run.code, run.stderr + run.stdout).toBe(0);
        expect(report.result).toBe('passed');
        expect(byId(report, 'backup.archive')?.status).toBe('ok');
        expect(byId(report, 'restore.toc-complete')?.status).toBe('ok');
        const restored = await fingerprint(url);
        expect(restored.tables).toEqual(expected.tables);
        expect(restored.largeObjects).toEqual(expected.largeObjects);
        expect(restored.sequences).toEqual(expected.sequences);
        expect(restored.schema).toBe(expected.schema);
      } finally {
        await dropDrillDatabase(admin, database);
      }
    },
  );

  it.each(DUMP_VARIANTS.filter((v) => v.partial).map((v) => [v.name, v] as const))(
    '%s: says what the backup lacks, and restores the rest',
    async (_name, variant) => {
      const { report, url, database } = await drill(variant);
      try {
        const archive = byId(report, 'backup.archive');
        const restored = await fingerprint(url);
        if (variant.partial === 'no-blobs') {
          // -B is a choice pg_dump offers, not damage: the tables are whole, the large objects absent.
          expect(archive?.status).toBe('ok');
          expect(restored.tables).toEqual(expected.tables);
          expect(restored.largeObjects).toEqual({});
          return;
        }
        expect(archive?.status).toBe('warn');
        if (variant.partial === 'no-post-data') {
          expect(archive?.summary).toContain('no its post-data section');
          expect(archive?.summary).toContain('--section');
          const { 'Ops & Audit.daily_counts': matview, ...rest } = restored.tables;
          const { 'Ops & Audit.daily_counts': _source, ...expectedRest } = expected.tables;
          expect(rest).toEqual(expectedRest);
          expect(matview).toBe('not populated'); // the refresh is post-data
          expect(restored.largeObjects).toEqual(expected.largeObjects);
        } else {
          expect(archive?.summary).toContain('-s');
          expect(Object.values(restored.tables).every((t) => t === '0 -' || t === 'not populated')).toBe(true);
          expect(restored.schema).toBe(expected.schema);
        }
      } finally {
        await dropDrillDatabase(admin, database);
      }
    },
  );
});
