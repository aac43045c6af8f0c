import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown.js';
import { nothingFoundReport, passedReport, regressedReport, withApiReport } from './sample-reports.js';

/** The cells of a Markdown table row, splitting on unescaped pipes only. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('renderMarkdown', () => {
  it('starts with the verdict and names the failed checks', () => {
    const md = renderMarkdown(nothingFoundReport());
    expect(md.split('\n')[0]).toBe('❌ **failed** — 1 check failed: backup.found');
    expect(md).toContain('No backup was found in `backups/*.dump`.');
    expect(md).toContain('The restore did not run.');
    expect(md).toContain('Skipped: no backup was restored.');
    expect(md).not.toContain('workflow run'); // no link off GitHub
  });

  it('lists at most five failed ids in the verdict', () => {
    const report = passedReport({ result: 'failed' });
    report.checks = report.checks.map((c) => ({ ...c, status: 'fail' }));
    const verdict = renderMarkdown(report)
      .split('\n')
      .find((l) => l.startsWith('❌'));
    expect(verdict).toBe(
      '❌ **failed** — 12 checks failed: backup.found, backup.checksum, backup.archive, backup.age, restore.completed and 7 more',
    );
  });

  it('says why for the other results', () => {
    expect(renderMarkdown(passedReport())).toContain('✅ **passed** — 11 checks passed, 1 skipped');
    expect(renderMarkdown(withApiReport())).toContain('⚠️ **warned** — 1 check warned: api.validate');
    // The regressions are a list under the verdict, one per line, not a comma-run.
    const regressed = renderMarkdown(regressedReport());
    expect(regressed).toContain('📉 **regressed** — 2 regressions against earlier drills:\n\n- restore took 42.3 s');
    const messages = regressedReport().regressions.map((r) => r.message);
    for (const message of messages) expect(regressed).toContain(`\n- ${message}\n`);
  });

  it('shows the backup, the restore and the run link', () => {
    const md = renderMarkdown(passedReport());
    expect(md).toContain('[workflow run](https://github.com/pickdriver/pickdriver-ops/actions/runs/987654321)');
    expect(md).toContain('| id | `pickdriver-2026-03-01T02-00.dump` |');
    expect(md).toContain('| format | custom |');
    expect(md).toContain('| size | 47.1 KiB |');
    expect(md).toContain('`3f2a9c1be0d4`… verified (sidecar) ✅');
    expect(md).toContain('| age | 2h 00m — within the RPO of 1d 02h ✅ |');
    expect(md).toContain('| duration | 42.3 s — within the RTO of 10m 00s ✅ |');
    expect(md).toContain('| tool | pg_restore 15.10 |');
    expect(md).toContain('| errors | 0 |');
  });

  it('marks each check with its status in the checks table', () => {
    const md = renderMarkdown(withApiReport());
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && l.includes('`api.'));
    expect(rows.map((r) => cells(r)[0])).toEqual(['✅ ok', '✅ ok', '✅ ok', '✅ ok', '✅ ok', '⚠️ warn']);
    expect(md).toContain('| ⏭️ skip | `restore.post-command` | no post-restore-command | 0 ms |');
    const failed = renderMarkdown(nothingFoundReport());
    expect(failed).toContain('| ❌ fail | `backup.found` | no file matches backups/\\*.dump | 3 ms |');
  });

  it('escapes pipes and newlines inside table cells', () => {
    const report = passedReport();
    report.checks.push({
      id: 'custom.pipes',
      status: 'fail',
      summary: 'a | b\nsecond line <script>',
      details: null,
      durationMs: 1,
    });
    const md = renderMarkdown(report);
    const row = md.split('\n').find((l) => l.includes('`custom.pipes`'));
    expect(row).toBe('| ❌ fail | `custom.pipes` | a \\| b<br>second line \\<script\\> | 1 ms |');
    expect(cells(row ?? '')).toHaveLength(4);
    // validate's summary also contains a pipe and stays in its cell.
    const validateRow = renderMarkdown(withApiReport())
      .split('\n')
      .find((l) => l.includes('`api.validate`'));
    expect(cells(validateRow ?? '')).toHaveLength(4);
    // Names shown as code keep their pipes inside the cell too, and their < as text.
    report.backup.candidates.push({
      name: 'a|b<c>.dump',
      verdict: 'not-a-backup',
      reason: 'x',
      createdAt: null,
      sizeBytes: 1,
    });
    const candidateRow = renderMarkdown(report)
      .split('\n')
      .find((l) => l.includes('not-a-backup'));
    // Key/value tables start with their first pair, never an empty header row.
    expect(md).not.toMatch(/^\|\s*\|\s*\|$/m);
    expect(candidateRow).toBe('| `a\\|b<c>.dump` | not-a-backup | x | — | 1 B |');
    expect(cells(candidateRow ?? '')).toHaveLength(5);
  });

  it('shows the critical tables with presence and rows', () => {
    const report = passedReport();
    const db = report.database;
    if (db === null) throw new Error('sample has a database');
    db.criticalTables[1] = { name: 'seasons', present: false, rows: null };
    const md = renderMarkdown(report);
    expect(md).toContain('| `users` | ✅ | 7 |');
    expect(md).toContain('| `seasons` | ❌ missing | — |');
    expect(md).toContain('schema version `fluent-9b2c4f0e7a1d3c5b8e6f0a2d4c6b8e0f-b3-n42`');
  });

  it("shows the API's answers", () => {
    const md = renderMarkdown(withApiReport());
    expect(md).toContain('version `2.14.0`');
    expect(md).toContain('environment `testing`');
    expect(md).toContain('| ✅ ok | `active_season_exists` | Active seasons: 1. |');
    expect(md).toContain('**Backup validation**: ✅ success — 5 passed, 0 failed, 1 warnings');
    expect(md).toContain('| ⚠️ warn | `critical_table_counts` | Critical tables with zero rows: push_tokens. |');
  });

  it('puts the comparison, candidates and timings at the end, in that order', () => {
    const md = renderMarkdown(regressedReport());
    const comparison = md.indexOf('## Compared with earlier drills');
    const candidates = md.indexOf('<details><summary>Backup candidates (2 backups; 1 other entry)</summary>');
    const timings = md.indexOf('<details><summary>Timings</summary>');
    expect(comparison).toBeGreaterThan(md.indexOf('## PickDriver API'));
    expect(candidates).toBeGreaterThan(comparison);
    expect(timings).toBeGreaterThan(candidates);
    expect(md).toContain('| `pickdriver-2026-02-28T02-00.dump` | older | a newer backup exists |');
    expect(md).toContain('| **whole drill** | **1m 30s** |');
    expect(md.endsWith('</details>\n')).toBe(true);
  });
});
