// The merge treats each leg's report as outside input (issue 21 §14), through the command-line
// bundle: a report that says passed beside a failed check fails; an unknown result fails; reports
// that are not drill reports (wrong types, no checks, not JSON, nested past any parser's depth)
// are failed legs with their reason while the other legs keep their verdict; and what a leg
// writes (its name, its checks' summaries) renders as text in fleet.md.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import type { FleetReport } from '../../src/fleet/types.js';
import { runBundle } from '../helpers/bundles.js';
import { passedReport } from '../report/sample-reports.js';

async function leg(dir: string, name: string, content: unknown): Promise<void> {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, 'report.json'), typeof content === 'string' ? content : JSON.stringify(content));
}

async function merge(dir: string) {
  const out = path.join(dir, 'out');
  const run = await runBundle('dist/cli/index.js', { args: ['merge', path.join(dir, 'legs'), '--report-dir', out] });
  const fleet = JSON.parse(await readFile(path.join(out, 'fleet.json'), 'utf8')) as FleetReport;
  const md = await readFile(path.join(out, 'fleet.md'), 'utf8');
  const drill = (name: string) => fleet.drills.find((d) => d.name === name);
  return { run, fleet, md, drill };
}

describe('hostile leg reports', () => {
  it('recomputes the result, fails unknown results and bad reports with a reason, never crashes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-hostile-legs-'));
    const legs = path.join(dir, 'legs');
    const good = { ...passedReport(), drillName: 'good' };
    await leg(legs, 'good', good);
    // Says passed beside a failed restore.completed.
    await leg(legs, 'liar', {
      ...passedReport(),
      drillName: 'liar',
      result: 'passed',
      checks: passedReport().checks.map((c) =>
        c.id === 'restore.completed' ? { ...c, status: 'fail', summary: 'pg_restore failed' } : c,
      ),
    });
    await leg(legs, 'unknown', { ...passedReport(), drillName: 'unknown', result: 'excellent' });
    await leg(legs, 'no-checks', { ...passedReport(), drillName: 'no-checks', checks: 'all ok' });
    await leg(legs, 'bad-status', {
      ...passedReport(),
      drillName: 'bad-status',
      checks: [{ id: 'restore.completed', status: 'fine', summary: 1 }],
    });
    await leg(legs, 'not-json', '{"reportVersion": 1, "result": "passed"');
    await leg(legs, 'deep', `{"reportVersion": 1, "x": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    await leg(legs, 'proto', `{"__proto__": {"result": "passed"}, "reportVersion": 1}`);
    // What a leg writes is shown as text: its name must be a drill-name, its summaries are escaped.
    await leg(legs, 'markdown-name', { ...passedReport(), drillName: '[x](https://evil.example) @mallory' });
    await leg(legs, 'html-summary', {
      ...passedReport(),
      drillName: 'html-summary',
      run: { ...passedReport().run, runUrl: 'javascript:alert(1)' },
      checks: [
        {
          id: 'custom.x',
          status: 'fail',
          summary: '<img src=x onerror=alert(1)> [c](https://evil.example) @mallory',
          details: null,
          durationMs: 1,
        },
      ],
    });

    const { run, fleet, md, drill } = await merge(dir);
    expect(run.stderr).not.toMatch(/RangeError|TypeError|at .*\.js:\d+/);
    expect(run.code).toBe(1);
    expect(fleet.result).toBe('failed');
    expect(drill('good')?.result).toBe('passed');
    expect(drill('liar')?.result).toBe('failed');
    expect(fleet.notes.join('\n')).toContain('drill liar: its report says passed but its checks say failed');
    expect(drill('unknown')?.result).toBe('failed');
    expect(drill('unknown')?.reason).toContain('unknown result "excellent"');
    for (const name of ['no-checks', 'bad-status', 'not-json', 'deep', 'proto', 'markdown-name']) {
      expect(drill(name)?.result, name).toBe('failed');
      expect(drill(name)?.reason, name).toMatch(/is not (a valid drill report|a drill report)/);
    }
    expect(drill('no-checks')?.reason).toContain('checks');
    expect(drill('markdown-name')?.reason).toContain('drillName: not a drill-name');
    expect(fleet.counts).toMatchObject({ drills: 10, passed: 1, failed: 9 });

    const html = micromark(md, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
    expect(html).not.toMatch(/<img|<a href="(?!https:\/\/github\.com)|href="javascript/);
    expect(html.replace(/<code[^>]*>[\s\S]*?<\/code>/g, '')).not.toMatch(/@mallory/);
    expect(html).toContain('onerror=alert(1)');
  });
});
