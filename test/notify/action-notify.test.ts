// notify-webhook and heartbeat-url through the real action bundle, against a local server:
// each message kind in its real format, field by field; retries on 429 honouring Retry-After;
// an unreachable URL as a warning; and the URLs (secrets) in no log, output, summary or report.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';
import { adminUrl } from '../helpers/postgres.js';
import { WebhookServer } from './webhook-server.js';

const server = new WebhookServer();
let emptyBackups: string;
let databaseUrl: string;
beforeAll(async () => {
  await server.start();
  emptyBackups = await mkdtemp(path.join(os.tmpdir(), 'pdv-no-backups-'));
  databaseUrl = await adminUrl();
});
afterAll(() => server.close());

/** What the runner shows: `::add-mask::` commands are consumed by the runner, never displayed. */
function shown(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

/** A drill that finds no backup (so it fails fast, with no restore) on a scheduled run. */
async function failingDrill(inputs: Record<string, string>) {
  const files = await runnerFiles();
  const reportDir = path.join(files.dir, 'report');
  const run = await runBundle('dist/index.js', {
    inputs: {
      'backup-source': emptyBackups,
      'database-url': databaseUrl,
      baseline: 'none',
      'artifact-name': '',
      'report-dir': reportDir,
      ...inputs,
    },
    env: {
      GITHUB_OUTPUT: files.output,
      GITHUB_STATE: files.state,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_EVENT_NAME: 'schedule',
      GITHUB_REPOSITORY: 'pickdriver/api',
      GITHUB_WORKFLOW: 'Nightly drill',
      GITHUB_RUN_ID: '777',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SERVER_URL: 'https://github.com',
    },
  });
  const written: string[] = [shown(run.stdout), run.stderr, await readFile(files.output, 'utf8')];
  written.push(await readFile(files.summary, 'utf8'));
  for (const f of await readdir(reportDir)) written.push(await readFile(path.join(reportDir, f), 'utf8'));
  return { run, everything: written.join('\n'), outputs: await readCommandFile(files.output) };
}

function expectAbsent(everything: string, ...secrets: string[]): void {
  for (const secret of secrets) expect(everything).not.toContain(secret);
}

describe('notify-webhook through the action bundle', () => {
  it('posts a Slack Block Kit message for a failed drill and pings <heartbeat-url>/fail', async () => {
    const hook = '/services/T0SLACK/B0HOOK/slackSecretPart123';
    const beat = '/ping/5f2c6a0e-1111-4000-8000-heartbeat01';
    const { run, everything, outputs } = await failingDrill({
      'drill-name': 'shard-1',
      'notify-webhook': `slack:${server.url}${hook}`,
      'heartbeat-url': `${server.url}${beat}`,
    });
    expect(run.code).toBe(1);
    expect(outputs.result).toBe('failed');

    const posts = server.to(hook);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.method).toBe('POST');
    expect(posts[0]?.headers['content-type']).toBe('application/json');
    const body = JSON.parse(posts[0]?.body ?? '');
    expect(body.text).toBe('❌ PickDriver backup drill shard-1: failed (pickdriver/api)');
    const [header, facts, failed, actions, ...rest] = body.blocks;
    expect(rest).toEqual([]);
    expect(header).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '❌ PickDriver backup drill shard-1: failed', emoji: true },
    });
    expect(facts.type).toBe('section');
    expect(facts.fields).toEqual([
      { type: 'mrkdwn', text: '*Result*\nfailed', verbatim: true },
      { type: 'mrkdwn', text: '*Drill*\nshard-1', verbatim: true },
      { type: 'mrkdwn', text: '*Repository*\npickdriver/api', verbatim: true },
      { type: 'mrkdwn', text: '*Backup*\nno backup found', verbatim: true },
      { type: 'mrkdwn', text: '*Trigger*\nschedule on refs/heads/main', verbatim: true },
    ]);
    expect(failed.type).toBe('section');
    expect(failed.text.type).toBe('mrkdwn');
    expect(failed.text.text).toMatch(/^\*Failed checks\*\n• backup\.found — /);
    expect(actions).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open the workflow run' },
          url: 'https://github.com/pickdriver/api/actions/runs/777',
        },
      ],
    });

    // The drill failed under fail-on: the monitor hears /fail, once, and nothing at the success URL.
    expect(server.to(`${beat}/fail`).map((r) => r.method)).toEqual(['GET']);
    expect(server.to(beat)).toEqual([]);
    expect(run.stdout).toContain('Notified notify-webhook (Slack)');
    expectAbsent(everything, hook, beat, server.url + hook, 'slackSecretPart123', 'heartbeat01');
  });

  it('posts a Teams Adaptive Card, retrying after a 429 as Retry-After says; a passing-under-fail-on drill pings the success URL', async () => {
    const hook = '/workflows/teamsSecret456/triggers/manual/paths/invoke';
    const beat = '/hb/teams-case-secret-0002';
    server.script(hook, [
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 202, body: '' },
    ]);
    const { run, everything } = await failingDrill({
      'notify-webhook': `teams:${server.url}${hook}?sig=teamsSigSecret789`,
      'notify-on': 'always',
      'fail-on': 'never',
      'heartbeat-url': `${server.url}${beat}`,
    });
    expect(run.code).toBe(0);
    const posts = server.to(`${hook}?sig=teamsSigSecret789`);
    expect(posts).toHaveLength(2);
    expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(posts[1]?.body).toBe(posts[0]?.body);
    const body = JSON.parse(posts[1]?.body ?? '');
    expect(body.type).toBe('message');
    expect(body.attachments).toHaveLength(1);
    const [attachment] = body.attachments;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.contentUrl).toBeNull();
    const card = attachment.content;
    expect(card).toMatchObject({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
    });
    expect(card.body[0]).toEqual({
      type: 'TextBlock',
      text: '❌ PickDriver backup drill: failed',
      size: 'Large',
      weight: 'Bolder',
      wrap: true,
      color: 'Attention',
    });
    expect(card.body[1]).toEqual({
      type: 'FactSet',
      facts: [
        { title: 'Result', value: 'failed' },
        { title: 'Repository', value: 'pickdriver/api' },
        { title: 'Backup', value: 'no backup found' },
        { title: 'Trigger', value: 'schedule on refs/heads/main' },
      ],
    });
    expect(card.body[2]).toMatchObject({ type: 'TextBlock', text: 'Failed checks', weight: 'Bolder' });
    // Names are split after their dots by a zero-width space (teamsText), so no client links api.info and the like.
    expect(card.body[3].text.replace(/\u200B/g, '')).toMatch(/^- backup\.found — /);
    expect(card.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Open the workflow run',
        url: 'https://github.com/pickdriver/api/actions/runs/777',
      },
    ]);
    // fail-on never: the drill "passes" for the monitor.
    expect(server.to(beat).map((r) => r.method)).toEqual(['GET']);
    expect(server.to(`${beat}/fail`)).toEqual([]);
    expectAbsent(everything, hook, 'teamsSecret456', 'teamsSigSecret789', beat, 'teams-case-secret-0002');
  });

  it('posts the JSON summary, valid against its published schema', async () => {
    const hook = '/drills/json-receiver-secret-3';
    const { run, everything } = await failingDrill({
      'drill-name': 'eu.west-2',
      'notify-webhook': `json:${server.url}${hook}`,
      'notify-on': 'failure',
    });
    expect(run.code).toBe(1);
    const posts = server.to(hook);
    expect(posts).toHaveLength(1);
    const body = JSON.parse(posts[0]?.body ?? '');
    const schema = JSON.parse(await readFile(path.join(ROOT, 'schema/notification.schema.json'), 'utf8'));
    const ajv = new Ajv2020.default({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    expect(body).toMatchObject({
      schema: 'urn:pickdriver-vault-action:notification:v1',
      subject: 'drill',
      title: 'PickDriver backup drill eu.west-2',
      result: 'failed',
      drillName: 'eu.west-2',
      repository: 'pickdriver/api',
      workflow: 'Nightly drill',
      trigger: 'schedule',
      ref: 'refs/heads/main',
      runUrl: 'https://github.com/pickdriver/api/actions/runs/777',
      backup: { id: null, ageSeconds: null, sizeBytes: null },
      regressions: [],
      drills: null,
    });
    expect(body.failedChecks.map((c: { id: string }) => c.id)).toEqual(['backup.found']);
    expect(body.failedChecks[0].drill).toBeNull();
    expect(body.failedChecks[0].summary).toEqual(expect.any(String));
    expectAbsent(everything, hook, 'json-receiver-secret-3');
  });

  it('warns when the webhook and the monitor cannot be reached, and the drill keeps its own verdict', async () => {
    const beat = '/hb/always-down-secret-4';
    server.script(beat, [{ status: 503 }]);
    // A port nothing listens on: connection refused on every attempt.
    const closed = new WebhookServer();
    await closed.start();
    const deadUrl = `${closed.url}/hooks/dead-secret-5`;
    await closed.close();
    const { run, everything, outputs } = await failingDrill({
      'notify-webhook': `json:${deadUrl}`,
      'heartbeat-url': `${server.url}${beat}`,
      'fail-on': 'never',
    });
    expect(run.code).toBe(0);
    expect(outputs.result).toBe('failed');
    const warnings = shown(run.stdout)
      .split('\n')
      .filter((l) => l.startsWith('::warning'));
    expect(
      warnings.some((w) =>
        /notify-webhook \(JSON\): the notification could not be delivered after 4 attempt\(s\): ECONNREFUSED/.test(w),
      ),
    ).toBe(true);
    expect(
      warnings.some((w) =>
        /heartbeat-url \(success ping\): the monitor could not be reached after 3 attempt\(s\): HTTP 503/.test(w),
      ),
    ).toBe(true);
    expect(server.to(beat)).toHaveLength(3);
    expect(shown(run.stdout)).not.toContain('::error::');
    expectAbsent(everything, deadUrl, 'dead-secret-5', beat, 'always-down-secret-4');
  });
});
