// What the drill writes and uploads, through the real bundles as the runner runs them: the report
// folder may be neither the workspace (nor above it) nor hold foreign files; report files are
// renamed into place, never written through a symlink; a re-run into its own folder works and
// drops an old signature; the artifact (the real @actions/artifact client against a local
// service) holds exactly the files the run wrote; verify-report names every file changed, added
// or missing since signing; a URL input that does not parse is never shown.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { type FakeArtifactService, startFakeArtifactService } from '../report/fake-artifact-service.js';
import { readZip } from '../report/zip-reader.js';

const KEY = 'report-sign-K3y-0123456789';
const CHECKOUT_TOKEN = 'AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX2NoZWNrb3V0c2VjcmV0';

/** What the runner shows: `::add-mask::` commands are consumed by the runner, never displayed. */
const shown = (text: string) =>
  text
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');

let world: DrillWorld;
let service: FakeArtifactService;
let scratch: string;

beforeAll(async () => {
  world = await createDrillWorld({ api: false });
  await world.backup('custom', 'nightly.dump');
  service = await startFakeArtifactService();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'pdv-report-files-'));
}, 120_000);
afterAll(async () => {
  await service?.close();
  await world?.close();
  await rm(scratch, { recursive: true, force: true });
});

/** A workspace as actions/checkout leaves it: the checkout's auth header in .git/config. */
async function workspace(): Promise<string> {
  const ws = await mkdtemp(path.join(scratch, 'ws-'));
  await mkdir(path.join(ws, '.git'));
  await writeFile(path.join(ws, '.git', 'config'), `[http "https://github.com/"]\n\textraheader = ${CHECKOUT_TOKEN}\n`);
  await writeFile(path.join(ws, 'README.md'), '# pickdriver\n');
  return ws;
}

/** The action's main step in `ws` (its GITHUB_WORKSPACE and working folder). */
async function action(ws: string, inputs: Record<string, string>, upload = false) {
  const files = await runnerFiles();
  const run = await runBundle('dist/index.js', {
    cwd: ws,
    inputs: {
      'backup-source': world.dir,
      'backup-pattern': '*.dump',
      'database-url': world.adminUrl,
      'drill-database': world.drillDatabase,
      baseline: 'none',
      'job-summary': 'true',
      ...inputs,
    },
    env: {
      GITHUB_WORKSPACE: ws,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_STATE: files.state,
      RUNNER_TEMP: files.dir,
      ...(upload ? { ACTIONS_RUNTIME_TOKEN: service.token, ACTIONS_RESULTS_URL: `${service.url}/` } : {}),
    },
  });
  const summary = await readFile(files.summary, 'utf8');
  const outputs = await readCommandFile(files.output);
  // As in a job, the post step drops the drill database (and its role) before the next run.
  const state = await readCommandFile(files.state);
  if (Object.keys(state).length > 0) {
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    await runBundle('dist/post/index.js', {
      cwd: ws,
      inputs: { 'database-url': world.adminUrl, 'drill-database': world.drillDatabase, 'backup-source': world.dir },
      env: { GITHUB_STATE: files.state, RUNNER_TEMP: files.dir, ...stateEnv },
    });
  }
  await rm(files.dir, { recursive: true, force: true });
  return { run, summary, outputs, log: shown(run.stdout + run.stderr) };
}

function verify(target: string, key = KEY) {
  return runBundle('dist/cli/index.js', { args: ['verify-report', target, '--report-signing-key', key] });
}

describe('report-dir: only the drill’s own files', () => {
  it('refuses the workspace itself (report-dir: .) and a folder above it; nothing is written or uploaded', async () => {
    const ws = await workspace();
    for (const reportDir of ['.', '..']) {
      service.artifacts.clear();
      const a = await action(ws, { 'report-dir': reportDir, 'artifact-name': 'drill-report' }, true);
      expect(a.run.code).toBe(1);
      const where = path.resolve(ws, reportDir);
      expect(a.log).toContain(
        `::error::Invalid input:%0Areport-dir: ${where} is the workspace (GITHUB_WORKSPACE) or a folder above it`,
      );
      expect(service.artifacts.size).toBe(0);
      expect(a.log).not.toContain(CHECKOUT_TOKEN);
      expect(a.outputs['report-json']).toBeUndefined();
    }
    expect((await readdir(ws)).sort()).toEqual(['.git', 'README.md']);
    expect(await world.databaseExists(world.drillDatabase)).toBe(false);
  });

  it('refuses a folder holding files the drill did not write, naming them, and leaves them alone', async () => {
    const ws = await workspace();
    const reportDir = path.join(ws, 'out');
    await mkdir(path.join(reportDir, 'src'), { recursive: true });
    await writeFile(path.join(reportDir, 'report.json'), '{"earlier": true}\n');
    await writeFile(path.join(reportDir, 'notes.txt'), 'mine\n');
    const a = await action(ws, { 'report-dir': 'out' });
    expect(a.run.code).toBe(1);
    expect(a.log).toMatch(/report-dir: \S+\/out holds files the drill did not write \(notes\.txt, src\/\)/);
    expect(await readFile(path.join(reportDir, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(await readFile(path.join(reportDir, 'report.json'), 'utf8')).toBe('{"earlier": true}\n');
  });

  it('refuses report files that are symlinks, and their targets are never written', async () => {
    const ws = await workspace();
    const reportDir = path.join(ws, 'out');
    await mkdir(reportDir);
    const victims = path.join(scratch, `victims-${path.basename(ws)}`);
    await mkdir(victims);
    for (const name of ['report.json', 'report.md', 'report.json.sig']) {
      await writeFile(path.join(victims, name), `victim ${name}\n`);
      await symlink(path.join(victims, name), path.join(reportDir, name));
    }
    const a = await action(ws, { 'report-dir': 'out', 'report-signing-key': KEY });
    expect(a.run.code).toBe(1);
    expect(a.log).toContain('holds files the drill did not write (report.json, report.json.sig, report.md)');
    for (const name of ['report.json', 'report.md', 'report.json.sig']) {
      expect(await readFile(path.join(victims, name), 'utf8')).toBe(`victim ${name}\n`);
    }
  });

  it('uploads exactly the files it wrote, signs them all, re-runs into its own folder and drops an old signature', async () => {
    const ws = await workspace();
    service.artifacts.clear();
    const first = await action(
      ws,
      { 'report-dir': 'drill-report', 'report-signing-key': KEY, 'artifact-name': 'drill-report' },
      true,
    );
    expect(first.run.code, first.log).toBe(0);
    const reportDir = path.join(ws, 'drill-report');
    expect(first.outputs['report-json']).toBe(path.join(reportDir, 'report.json'));
    const zip = readZip(service.artifacts.get('drill-report')?.blob as Buffer);
    expect([...zip.keys()].sort()).toEqual(['report.json', 'report.json.sig', 'report.md']);
    for (const [name, bytes] of zip) expect(bytes.equals(await readFile(path.join(reportDir, name))), name).toBe(true);
    expect(String(zip.get('report.json.sig'))).not.toContain(KEY);
    const signed = path.join(scratch, `signed-${path.basename(ws)}`);
    await cp(reportDir, signed, { recursive: true });

    const ok = await verify(path.join(reportDir, 'report.json'));
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('signature valid');
    expect(ok.stdout).toContain('2 file(s) match it: report.json, report.md');
    expect((await verify(reportDir, 'some-other-key')).stderr).toContain('signature INVALID');

    // The same folder again, now without a key: the earlier signature would vouch for files it never saw.
    const again = await action(ws, { 'report-dir': 'drill-report' });
    expect(again.run.code, again.log).toBe(0);
    expect((await readdir(reportDir)).sort()).toEqual(['report.json', 'report.md']);
    const unsigned = await verify(reportDir);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain('cannot read the signature');

    // verify-report on the signed copy: a tampered report.md, an added file, a missing report.json.
    const md = path.join(signed, 'report.md');
    await writeFile(md, (await readFile(md, 'utf8')).replace('**passed**', '**failed**'));
    await writeFile(path.join(signed, 'extra.html'), '<script>alert(1)</script>\n');
    await rm(path.join(signed, 'report.json'));
    const tampered = await verify(signed);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('report.md: changed after signing');
    expect(tampered.stderr).toContain('extra.html: added after signing (not in the signed manifest)');
    expect(tampered.stderr).toContain('report.json: missing (the signed manifest lists it)');
  }, 120_000);
});

describe('a URL input that does not parse', () => {
  const cases = [
    { input: 'database-url', value: 'postgresql://drill:Db-pa55word!@db host:5432/postgres', password: 'Db-pa55word!' },
    { input: 'api-url', value: 'https://ops:Api-pa55word!@pickdriver .example.com', password: 'Api-pa55word!' },
  ];
  it.each(cases)('$input: named with the form it takes, its value masked whole and shown nowhere', async (c) => {
    const ws = await workspace();
    const extra: Record<string, string> = c.input === 'api-url' ? { 'internal-token': 'tok-0123456789' } : {};
    const a = await action(ws, { 'report-dir': 'out', [c.input]: c.value, ...extra });
    expect(a.run.code).toBe(1);
    expect(a.log).toMatch(new RegExp(`::error::Invalid input:%0A${c.input}: expected .*the value is not shown`));
    // The runner is told to mask the whole value (and the password on its own).
    expect(a.run.stdout).toContain(`::add-mask::${c.value}\n`);
    for (const text of [a.log, a.summary, JSON.stringify(a.outputs)]) {
      expect(text).not.toContain(c.password);
      expect(text).not.toContain(c.value.split('@')[1]);
    }
    expect(await readdir(ws)).not.toContain('out');
  });
});
