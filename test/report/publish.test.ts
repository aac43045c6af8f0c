// publishToGitHub against the files GitHub Actions gives a step: GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY are temp files here, annotations are read from stdout.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DrillReport } from '../../src/model/types.js';
import { fitSummary, SUMMARY_LIMIT_BYTES } from '../../src/report/job-summary.js';
import { publishToGitHub, reportOutputs } from '../../src/report/publish.js';
import { writeReportFiles } from '../../src/report/write-report.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { SecretRegistry } from '../../src/util/secrets.js';
import { parseOutputFile, setEnv } from './env.js';
import { nothingFoundReport, passedReport, regressedReport, sampleConfig, withApiReport } from './sample-reports.js';

let root: string;
let outputFile: string;
// @actions/core remembers the summary file it first wrote to: one file for this whole test file.
let summaryFile: string;
let restoreEnv: () => void;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pv-publish-'));
  outputFile = path.join(root, 'github-output');
  summaryFile = path.join(root, 'step-summary.md');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  restoreEnv = setEnv({
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ACTIONS_RUNTIME_TOKEN: undefined,
    ACTIONS_RESULTS_URL: undefined,
  });
});
afterEach(() => {
  restoreEnv();
  vi.restoreAllMocks();
});

async function publish(report: DrillReport, overrides: Parameters<typeof sampleConfig>[0] = {}) {
  const config = sampleConfig({
    reportDir: path.join(root, `report-${Math.random().toString(36).slice(2)}`),
    ...overrides,
  });
  const paths = await writeReportFiles(report, config, new SecretRegistry());
  const log = new MemoryLogger();
  const stdout: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  const result = await publishToGitHub(report, paths, config, log);
  vi.restoreAllMocks();
  return { result, paths, log, stdout: stdout.join(''), config };
}

describe('publishToGitHub', () => {
  it('sets every output of the interface', async () => {
    const report = regressedReport();
    const { paths } = await publish(report, { artifactName: null });
    const outputs = parseOutputFile(await readFile(outputFile, 'utf8'));
    expect(outputs).toEqual({
      result: 'regressed',
      'report-json': paths.jsonPath,
      'report-markdown': paths.markdownPath,
      'backup-id': 'pickdriver-2026-03-01T02-00.dump',
      'backup-sha256': report.backup.sha256,
      'backup-age-seconds': '7200',
      'restore-seconds': '42.250',
      'schema-version': 'fluent-9b2c4f0e7a1d3c5b8e6f0a2d4c6b8e0f-b3-n42',
      regressions: '2',
      'artifact-id': '',
    });
  });

  it('leaves outputs empty, not "null", when nothing was found', () => {
    const outputs = reportOutputs(nothingFoundReport(), { jsonPath: '/r/report.json', markdownPath: '/r/report.md' });
    expect(outputs['result']).toBe('failed');
    for (const name of [
      'backup-id',
      'backup-sha256',
      'backup-age-seconds',
      'restore-seconds',
      'schema-version',
      'artifact-id',
    ]) {
      expect(outputs[name], name).toBe('');
    }
    expect(outputs['regressions']).toBe('0');
  });

  it('warns, without failing, when artifact-name is set off GitHub (no runtime token)', async () => {
    const { result, log } = await publish(passedReport(), { artifactName: 'pickdriver-vault-report' });
    expect(result.artifactId).toBeNull();
    const warnings = log.lines.filter((l) => l.startsWith('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('ACTIONS_RUNTIME_TOKEN is not set');
    expect(parseOutputFile(await readFile(outputFile, 'utf8'))['artifact-id']).toBe('');
  });

  it('writes report.md to the job summary', async () => {
    const { paths } = await publish(withApiReport(), { artifactName: null });
    expect(await readFile(summaryFile, 'utf8')).toBe(await readFile(paths.markdownPath, 'utf8'));
  });

  it('writes no job summary when job-summary is false', async () => {
    await publish(withApiReport(), { artifactName: null, jobSummary: false });
    expect(await readFile(summaryFile, 'utf8')).toBe('');
  });

  it('shortens a report over 1 MiB at a line boundary, with a note', async () => {
    const report = passedReport();
    // ~1.3 MiB of Markdown with multi-byte characters, so bytes and characters differ.
    for (let i = 0; i < 2500; i++) {
      report.checks.push({
        id: `custom.check-${i}`,
        status: 'ok',
        summary: `Zeilen geprüft ✓ ${'é'.repeat(200)} ${i}`,
        details: null,
        durationMs: 1,
      });
    }
    const { paths, log } = await publish(report, { artifactName: null });
    const full = await readFile(paths.markdownPath, 'utf8');
    expect(Buffer.byteLength(full)).toBeGreaterThan(SUMMARY_LIMIT_BYTES);

    const summary = await readFile(summaryFile, 'utf8');
    expect((await stat(summaryFile)).size).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    expect((await stat(summaryFile)).size).toBeGreaterThan(SUMMARY_LIMIT_BYTES - 2000);
    const noteAt = summary.indexOf('\n> [!NOTE]');
    expect(noteAt).toBeGreaterThan(0);
    expect(summary).toContain("shortened to stay under GitHub's 1 MiB job summary limit");
    expect(summary).toContain(`The full report is \`${paths.markdownPath}\``);
    const kept = summary.slice(0, noteAt).trimEnd();
    expect(full.startsWith(`${kept}\n`)).toBe(true);
    expect(summary.startsWith('✅ **passed**')).toBe(true);
    expect(log.lines).toContain('warning: The report is over 1 MiB: the job summary shows the beginning of it.');
  });

  it('annotates failed checks as errors and warned checks as warnings, titled by check id', async () => {
    const failed = await publish(nothingFoundReport(), { artifactName: null });
    expect(failed.stdout).toContain('::error title=backup.found::no file matches backups/*.dump');

    const warned = await publish(withApiReport(), { artifactName: null });
    expect(warned.stdout).toContain(
      '::warning title=api.validate::validate: 5 passed, 0 failed, 1 warning | push_tokens empty',
    );
    expect(warned.stdout).not.toContain('::error');

    const regressed = await publish(regressedReport(), { artifactName: null });
    expect(regressed.stdout).toContain('::warning title=restore.duration regression::restore took 42.3 s');
  });
});

describe('fitSummary', () => {
  it('closes a code fence and <details> the cut left open', () => {
    const markdown = [
      'intro',
      '<details><summary>x</summary>',
      '```text',
      ...Array(100).fill('line of log'),
      '```',
      '</details>',
      '',
    ].join('\n');
    const { text, truncated } = fitSummary(markdown, 400, '> note');
    expect(truncated).toBe(true);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(400);
    expect(text.endsWith('```\n</details>\n\n> note\n')).toBe(true);
  });

  it('returns a report that fits unchanged', () => {
    expect(fitSummary('short\n', 100, 'note')).toEqual({ text: 'short\n', truncated: false });
  });
});
