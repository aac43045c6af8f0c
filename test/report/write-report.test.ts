import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSignature, sha256Of, signReport, verifyReportSignature } from '../../src/report/signing.js';
import { verifyReportFile } from '../../src/report/verify-command.js';
import { writeReportFiles } from '../../src/report/write-report.js';
import { SecretRegistry } from '../../src/util/secrets.js';
import { nothingFoundReport, passedReport, regressedReport, sampleConfig } from './sample-reports.js';

const KEY = 'drill-signing-key-0123456789';
let work: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'pv-write-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Parses node_exporter's text format strictly enough to catch malformed lines. */
function parsePrometheus(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  const typed = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter|untyped)$/.exec(line);
    if (type) {
      typed.add(type[1] ?? '');
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const m =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*)\})? (-?[0-9.e+]+|NaN)$/.exec(
        line,
      );
    if (!m) throw new Error(`not a sample line: ${line}`);
    const name = m[1] ?? '';
    if (!typed.has(name)) throw new Error(`${name} has no TYPE line before its samples`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1] ?? ''] = l[2] ?? '';
    samples.push({ name, labels, value: Number(m[3]) });
  }
  return samples;
}

describe('writeReportFiles', () => {
  it('writes pretty report.json with a trailing newline and report.md, nothing else by default', async () => {
    const config = sampleConfig({ reportDir: path.join(work, 'out') });
    const report = passedReport();
    const paths = await writeReportFiles(report, config, new SecretRegistry());

    expect(paths).toEqual({
      jsonPath: path.join(work, 'out', 'report.json'),
      markdownPath: path.join(work, 'out', 'report.md'),
      signaturePath: null,
      prometheusPath: null,
      files: [path.join(work, 'out', 'report.json'), path.join(work, 'out', 'report.md')],
    });
    const json = await readFile(paths.jsonPath, 'utf8');
    expect(json).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(json.startsWith('{\n  "reportVersion": 1,')).toBe(true);
    expect((await readFile(paths.markdownPath, 'utf8')).startsWith('✅ **passed**')).toBe(true);
    expect((await readdir(path.join(work, 'out'))).sort()).toEqual(['report.json', 'report.md']);
  });

  it('keeps null fields in the JSON', async () => {
    const { jsonPath } = await writeReportFiles(
      nothingFoundReport(),
      sampleConfig({ reportDir: work }),
      new SecretRegistry(),
    );
    const written = JSON.parse(await readFile(jsonPath, 'utf8'));
    expect(written.restore).toBeNull();
    expect(written.database).toBeNull();
    expect(written.backup.sha256).toBeNull();
    expect(Object.keys(written.backup)).toHaveLength(Object.keys(nothingFoundReport().backup).length);
  });

  it('redacts registered secrets from every file', async () => {
    const secrets = new SecretRegistry();
    secrets.add('hunter2-password');
    const report = nothingFoundReport();
    report.checks[0] = { ...report.checks[0]!, summary: 'could not connect with hunter2-password' };
    report.restore = null;
    const config = sampleConfig({
      reportDir: work,
      reportSigningKey: KEY,
      prometheusTextfile: path.join(work, 'm.prom'),
    });
    const paths = await writeReportFiles(report, config, secrets);
    for (const file of [paths.jsonPath, paths.markdownPath, paths.signaturePath ?? '']) {
      const text = await readFile(file, 'utf8');
      expect(text).not.toContain('hunter2-password');
      expect(text).not.toContain(KEY);
    }
    expect(await readFile(paths.jsonPath, 'utf8')).toContain('could not connect with ***');
  });

  it('redacts a secret that JSON or Markdown escaping would change', async () => {
    const secrets = new SecretRegistry();
    secrets.add('pa"ss|wo\\rd');
    const report = nothingFoundReport();
    report.checks[0] = {
      ...report.checks[0]!,
      summary: 'login failed for pa"ss|wo\\rd',
      details: { at: new Date('2026-03-01T00:00:00Z'), echoed: ['pa"ss|wo\\rd'] },
    };
    const paths = await writeReportFiles(report, sampleConfig({ reportDir: work }), secrets);
    const json = await readFile(paths.jsonPath, 'utf8');
    const md = await readFile(paths.markdownPath, 'utf8');
    expect(json).not.toContain('ss|wo');
    expect(md).not.toContain('ss\\|wo');
    expect(JSON.parse(json).checks[0]).toMatchObject({
      summary: 'login failed for ***',
      details: { at: '2026-03-01T00:00:00.000Z', echoed: ['***'] },
    });
  });
  it('replaces report files that are symlinks (planted after the folder was checked) without writing their targets', async () => {
    const outside = path.join(work, 'outside');
    const dir = path.join(work, 'out');
    await mkdir(outside);
    await mkdir(dir);
    for (const name of ['report.json', 'report.md', 'report.json.sig']) {
      await writeFile(path.join(outside, name), `victim ${name}\n`);
      await symlink(path.join(outside, name), path.join(dir, name));
    }
    const paths = await writeReportFiles(passedReport(), sampleConfig({ reportDir: dir }), new SecretRegistry());
    for (const name of ['report.json', 'report.md', 'report.json.sig']) {
      expect(await readFile(path.join(outside, name), 'utf8')).toBe(`victim ${name}\n`);
    }
    expect((await lstat(paths.jsonPath)).isFile()).toBe(true);
    expect((await lstat(paths.markdownPath)).isFile()).toBe(true);
    // No key: the old signature (here a link) is gone, not left to vouch for the new files.
    expect((await readdir(dir)).sort()).toEqual(['report.json', 'report.md']);
  });
});

describe('report signing', () => {
  it('writes report.json.sig, a signed manifest of every file written, that verifies; a modified report fails', async () => {
    const config = sampleConfig({
      reportDir: work,
      reportSigningKey: KEY,
      prometheusTextfile: path.join(work, 'metrics', 'drill.prom'),
    });
    const paths = await writeReportFiles(passedReport(), config, new SecretRegistry());
    expect(paths.signaturePath).toBe(path.join(work, 'report.json.sig'));
    const signature = await readFile(paths.signaturePath ?? '', 'utf8');
    const digest = async (name: string) => sha256Of(await readFile(path.join(work, name)));
    const lines = signature.split('\n');
    expect(lines[0]).toMatch(/^# pickdriver-vault report manifest v1/);
    expect(lines.slice(1, 4)).toEqual([
      `${await digest('metrics/drill.prom')}  metrics/drill.prom`,
      `${await digest('report.json')}  report.json`,
      `${await digest('report.md')}  report.md`,
    ]);
    expect(lines[4]).toMatch(/^hmac-sha256 [0-9a-f]{64}$/);
    expect(lines[5]).toBe('');
    expect(signature).not.toContain(KEY);
    expect(parseSignature(signature, KEY)).toMatchObject({ kind: 'manifest', valid: true });
    expect(parseSignature(signature, 'another-key')).toMatchObject({ kind: 'manifest', valid: false });
    expect(paths.files.sort()).toEqual(
      ['metrics/drill.prom', 'report.json', 'report.json.sig', 'report.md'].map((n) => path.join(work, n)),
    );

    expect(await verifyReportFile(paths.jsonPath, KEY)).toMatchObject({ ok: true });
    expect(await verifyReportFile(work, KEY)).toMatchObject({ ok: true });
    expect((await verifyReportFile(work, 'another-key')).message).toContain('signature INVALID');
    const json = await readFile(paths.jsonPath, 'utf8');
    await writeFile(paths.jsonPath, json.replace('"result": "passed"', '"result": "failed"'));
    const outcome = await verifyReportFile(paths.jsonPath, KEY);
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain('report.json: changed after signing');
  });

  it('still reads a signature written before the manifest (a bare HMAC of report.json)', async () => {
    const { jsonPath } = await writeReportFiles(
      passedReport(),
      sampleConfig({ reportDir: work }),
      new SecretRegistry(),
    );
    const json = await readFile(jsonPath);
    await writeFile(`${jsonPath}.sig`, `${signReport(json, KEY)}\n`);
    expect(verifyReportSignature(json, signReport(json, KEY), KEY)).toBe(true);
    expect(await verifyReportFile(jsonPath, KEY)).toMatchObject({
      ok: true,
      message: expect.stringContaining('covers report.json only'),
    });
    await writeFile(jsonPath, Buffer.concat([json, Buffer.from(' ')]));
    expect((await verifyReportFile(jsonPath, KEY)).message).toContain('signature INVALID');
  });

  it('says what is missing when there is no signature', async () => {
    const { jsonPath } = await writeReportFiles(
      passedReport(),
      sampleConfig({ reportDir: work }),
      new SecretRegistry(),
    );
    const outcome = await verifyReportFile(jsonPath, KEY);
    expect(outcome).toEqual({ ok: false, message: `cannot read the signature ${jsonPath}.sig: no such file` });
  });
});

describe('prometheus textfile', () => {
  it('writes parseable metrics with HELP and TYPE lines', async () => {
    const target = path.join(work, 'textfiles', 'pickdriver_vault.prom');
    const config = sampleConfig({ reportDir: path.join(work, 'r'), prometheusTextfile: target });
    const report = regressedReport();
    const { prometheusPath } = await writeReportFiles(report, config, new SecretRegistry());
    expect(prometheusPath).toBe(target);
    const samples = parsePrometheus(await readFile(target, 'utf8'));
    const value = (name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels))?.value;

    expect(value('pickdriver_vault_drill_result', { result: 'regressed' })).toBe(1);
    expect(value('pickdriver_vault_drill_result', { result: 'passed' })).toBe(0);
    expect(samples.filter((s) => s.name === 'pickdriver_vault_drill_result')).toHaveLength(4);
    expect(value('pickdriver_vault_backup_age_seconds')).toBe(7200);
    expect(value('pickdriver_vault_backup_size_bytes')).toBe(48_213);
    expect(value('pickdriver_vault_restore_duration_seconds')).toBe(42.25);
    expect(value('pickdriver_vault_checks', { status: 'ok' })).toBe(11);
    expect(value('pickdriver_vault_checks', { status: 'skip' })).toBe(1);
    expect(value('pickdriver_vault_checks', { status: 'fail' })).toBe(0);
    expect(value('pickdriver_vault_regressions')).toBe(2);
    expect(value('pickdriver_vault_critical_rows', { table: 'users' })).toBe(7);
    expect(value('pickdriver_vault_last_run_timestamp_seconds')).toBe(Date.parse('2026-03-01T04:01:30.000Z') / 1000);
  });

  it('replaces the previous file atomically and leaves no temporary file', async () => {
    const target = path.join(work, 'drill.prom');
    await writeFile(target, 'old content\n');
    const config = sampleConfig({ reportDir: path.join(work, 'r'), prometheusTextfile: target });
    await writeReportFiles(nothingFoundReport(), config, new SecretRegistry());
    expect((await readdir(work)).sort()).toEqual(['drill.prom', 'r']);
    const samples = parsePrometheus(await readFile(target, 'utf8'));
    expect(samples.find((s) => s.labels['result'] === 'failed')?.value).toBe(1);
    // Nothing was restored: no age, size or duration rather than a made-up zero.
    expect(samples.some((s) => s.name === 'pickdriver_vault_restore_duration_seconds')).toBe(false);
    expect(samples.some((s) => s.name === 'pickdriver_vault_backup_age_seconds')).toBe(false);
  });

  it('escapes label values', async () => {
    const report = passedReport();
    report.database?.criticalTables.push({ name: 'we"ird\\table', present: true, rows: 3 });
    const target = path.join(work, 'x.prom');
    await writeReportFiles(report, sampleConfig({ reportDir: work, prometheusTextfile: target }), new SecretRegistry());
    const samples = parsePrometheus(await readFile(target, 'utf8'));
    expect(samples.find((s) => s.labels['table'] === 'we\\"ird\\\\table')?.value).toBe(3);
  });
});
