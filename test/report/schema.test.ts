// Reports, as built and as written to report.json, validate against the published JSON Schema.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_IDS, type DrillReport } from '../../src/model/types.js';
import { writeReportFiles } from '../../src/report/write-report.js';
import { SecretRegistry } from '../../src/util/secrets.js';
import { nothingFoundReport, passedReport, regressedReport, sampleConfig, withApiReport } from './sample-reports.js';

// ajv-formats is CommonJS: under NodeNext its default import is module.exports, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

const schemaPath = path.resolve(import.meta.dirname, '../../schema/report.schema.json');
let validate: ReturnType<Ajv2020['compile']>;
let work: string;

beforeAll(async () => {
  const schema = JSON.parse(await readFile(schemaPath, 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  validate = ajv.compile(schema);
  work = await mkdtemp(path.join(tmpdir(), 'pv-schema-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function errors(value: unknown): string {
  return validate(value) ? '' : JSON.stringify(validate.errors, null, 2);
}

const samples: [string, () => DrillReport][] = [
  ['passed', passedReport],
  ['failed, nothing found', nothingFoundReport],
  ['with the API', withApiReport],
  ['with regressions', regressedReport],
];

describe('schema/report.schema.json', () => {
  for (const [name, build] of samples) {
    it(`accepts the report.json a ${name} drill writes`, async () => {
      const config = sampleConfig({ reportDir: path.join(work, name.replace(/\W+/g, '-')) });
      const { jsonPath } = await writeReportFiles(build(), config, new SecretRegistry());
      const written = JSON.parse(await readFile(jsonPath, 'utf8'));
      expect(errors(written)).toBe('');
    });
  }

  it('requires every field: a report missing one is invalid', () => {
    const report = passedReport() as unknown as Record<string, unknown>;
    delete report['apiSkippedReason'];
    expect(validate(report)).toBe(false);
    const backup = { ...passedReport().backup } as Record<string, unknown>;
    delete backup['rpoMet'];
    expect(validate({ ...passedReport(), backup })).toBe(false);
  });

  it('refuses unknown fields, unknown statuses and unknown check ids', () => {
    expect(validate({ ...passedReport(), extra: 1 })).toBe(false);
    const bad = (check: Record<string, unknown>) =>
      validate({
        ...passedReport(),
        checks: [{ id: 'backup.found', status: 'ok', summary: '', details: null, durationMs: 0, ...check }],
      });
    expect(bad({})).toBe(true);
    expect(bad({ status: 'error' })).toBe(false);
    expect(bad({ id: 'backup.unknown' })).toBe(false);
    expect(bad({ id: 'custom.' })).toBe(false);
    expect(bad({ id: 'custom.min-rows-users' })).toBe(true);
    expect(validate({ ...passedReport(), result: 'ok' })).toBe(false);
    expect(validate({ ...passedReport(), reportVersion: 2 })).toBe(false);
  });

  it('knows every fixed check id of the report types', () => {
    for (const id of CHECK_IDS) {
      const report = { ...passedReport(), checks: [{ id, status: 'ok', summary: id, details: null, durationMs: 0 }] };
      expect(errors(report), id).toBe('');
    }
  });

  it('checks formats: dates and sha256', () => {
    expect(validate({ ...passedReport(), backup: { ...passedReport().backup, sha256: 'ABC' } })).toBe(false);
    expect(validate({ ...passedReport(), backup: { ...passedReport().backup, createdAt: 'yesterday' } })).toBe(false);
  });
});
