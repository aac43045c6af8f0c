// Where the drill may restore, through the action bundle as the runner runs it: a database-url on
// another machine and the server's own databases are refused before anything connects.
import { describe, expect, it } from 'vitest';
import { readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';

async function runAction(inputs: Record<string, string>) {
  const files = await runnerFiles();
  const run = await runBundle('dist/index.js', {
    inputs: { 'backup-source': files.dir, baseline: 'none', 'report-dir': `${files.dir}/report`, ...inputs },
    env: { GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, GITHUB_STATE: files.state },
  });
  return { run, state: await readCommandFile(files.state) };
}

describe('the drill target', () => {
  it('refuses a production database-url unless allow-remote-database is true, without echoing its password', async () => {
    const { run, state } = await runAction({
      'database-url': 'postgresql://admin:Pr0d-s3cret@prod-db.pickdriver.example.com:5432/pickdriver',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::Invalid input:%0Adatabase-url: the host prod-db.pickdriver.example.com is neither loopback nor a single-label service-container name',
    );
    expect(run.stdout).toContain('unless allow-remote-database is true');
    // add-mask lines are consumed by the runner, never shown.
    const shown = (run.stdout + run.stderr).split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(shown.join('\n')).not.toContain('Pr0d-s3cret');
    // Nothing was made, so the post step has nothing to act on.
    expect(state).toEqual({});
  });

  it('refuses drill-database postgres, template1 and the database a path-less URL connects to', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ 'drill-database': 'postgres' }, "drill-database: 'postgres' is one of the server's own databases"],
      [{ 'drill-database': 'template1' }, "drill-database: 'template1' is one of the server's own databases"],
      [
        { 'database-url': 'postgresql://ops@127.0.0.1:5432', 'drill-database': 'ops' },
        "drill-database: 'ops' is the database database-url connects to",
      ],
    ];
    for (const [inputs, message] of cases) {
      const { run } = await runAction(inputs);
      expect(run.code, message).toBe(1);
      expect(run.stdout).toContain(message);
    }
  });
});
