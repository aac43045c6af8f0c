// Text from the backup, the database and the API is inert in every renderer (issue 21 §8): a
// plain dump whose file name and failing statement carry links, an image, an @mention, HTML,
// a heading, a table break, a bare URL, a #reference and math, restored by the action bundle on
// a pull request. Its report.md, the job summary and the pull-request comment are rendered by a
// real GFM parser (micromark), the Teams card's text by markdown-it (the Adaptive Cards JS
// renderer's parser) with linkify on, and the Slack message is read as Slack reads mrkdwn.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSidecar } from '../../src/demo/make-backup.js';
import { COMMENT_MARKER } from '../../src/report/pr-comment.js';
import { FakeGitHubApi } from '../compare/fake-github-api.js';
import { readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { WebhookServer } from '../notify/webhook-server.js';

const TOKEN = 'ghs_inertRenderingToken0123456789';
/** In the failing statement, so pg's error quotes it into restore.errors and restore.completed. */
const HOSTILE_TABLE =
  '![pwn](https://evil.example/p.png) @mallory <img src=x onerror=alert(1)> | [click](https://evil.example/a) #1 $x^2$ www.evil.example';
/** In the backup's file name (no slash can be in one), so backup.found, the candidates and the inventory quote it. */
const HOSTILE_FILE = 'nightly @mallory [c](javascript:alert(1)) <b>bold<b> |x| #2 ~~s~~.sql';

let world: DrillWorld;
let backup: string;
const api = new FakeGitHubApi('pickdriver', 'pickdriver-api', TOKEN);
const hooks = new WebhookServer();

beforeAll(async () => {
  world = await createDrillWorld({ api: false });
  backup = await world.backup('plain', HOSTILE_FILE);
  const dump = await readFile(backup, 'utf8');
  const at = dump.lastIndexOf('\\unrestrict');
  const statement = `INSERT INTO "${HOSTILE_TABLE.replace(/"/g, '""')}" VALUES (1);\n\n`;
  await writeFile(backup, dump.slice(0, at) + statement + dump.slice(at));
  await writeSidecar(backup);
  await api.start();
  await hooks.start();
});
afterAll(async () => {
  await hooks.close();
  await api.close();
  await world?.close();
});

async function drill(webhook: string) {
  const files = await runnerFiles();
  const event = path.join(files.dir, 'event.json');
  await writeFile(
    event,
    JSON.stringify({
      pull_request: { number: 7, base: { ref: 'main' }, head: { ref: 'x' } },
      repository: { default_branch: 'main', name: 'pickdriver-api', owner: { login: 'pickdriver' } },
    }),
  );
  const inputs = {
    'backup-source': backup,
    'database-url': world.adminUrl,
    'drill-database': world.drillDatabase,
    baseline: 'none',
    'artifact-name': '',
    'report-dir': path.join(files.dir, 'report'),
    'github-token': TOKEN,
    'notify-webhook': webhook,
    'notify-on': 'always',
  };
  const env = {
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: 'pickdriver/pickdriver-api',
    GITHUB_API_URL: api.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_REF: 'refs/pull/7/merge',
  };
  const run = await runBundle('dist/index.js', { inputs, env });
  const state = await readCommandFile(files.state);
  const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
  await runBundle('dist/post/index.js', { inputs, env: { ...env, ...stateEnv } });
  return {
    run,
    reportMd: await readFile(path.join(files.dir, 'report', 'report.md'), 'utf8'),
    summary: await readFile(files.summary, 'utf8'),
  };
}

const render = (markdown: string) =>
  micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });

/** Text of rendered HTML as a reader sees it: tags gone, entities decoded, zero-width spaces dropped. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\u200B/g, '');
}

/** What the issue forbids in GitHub Markdown rendered from outside text. */
function expectInertHtml(html: string, where: string) {
  // The only links are the report's own, to GitHub.
  for (const [, href] of html.matchAll(/<a href="([^"]*)"/g)) expect(href, where).toMatch(/^https:\/\/github\.com\//);
  expect(html, where).not.toMatch(/<img|<b>|<script|<del>|<[^>]*onerror=|href="javascript/i);
  // No heading but the report's own.
  for (const [, text] of html.matchAll(/<h\d>(.*?)<\/h\d>/g)) expect(text, where).not.toMatch(/pwn|mallory|evil/);
  // No live @mention nor #reference: GitHub links them in rendered text unless split.
  // (Inside code GitHub links nothing.)
  expect(html.replace(/<code[^>]*>[\s\S]*?<\/code>/g, ''), where).not.toMatch(/@mallory|#[12]\b/);
  // Every row of every table has its header's cells: no pipe broke one.
  for (const [tableHtml] of html.matchAll(/<table>[\s\S]*?<\/table>/g)) {
    const rows = [...tableHtml.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => (r[1]?.match(/<t[hd][ >]/g) ?? []).length);
    expect(new Set(rows).size, where).toBe(1);
  }
  // ... and the hostile text is still there to read, whole.
  const text = visibleText(html);
  expect(text, where).toContain(HOSTILE_FILE);
  expect(text, where).toContain(HOSTILE_TABLE.replace(/"/g, '""').slice(0, 60));
}

describe('outside text in every renderer', () => {
  it('report.md, the job summary and the pull-request comment render it as text (Slack message too)', async () => {
    const { run, reportMd, summary } = await drill(`slack:${hooks.url}/slack/T000/B000/XXXX`);
    expect(run.code, run.stdout).toBe(1);
    // The drill did quote it: the restore failed on the hostile statement.
    expect(reportMd).toContain('restore.completed');
    expect(reportMd).toContain('evil.example/p.png');

    expectInertHtml(render(reportMd), 'report.md');
    expectInertHtml(render(summary), 'job summary');
    const comment = api.comments.find((c) => c.body.startsWith(COMMENT_MARKER));
    expect(comment).toBeDefined();
    expectInertHtml(render(comment?.body ?? ''), 'pull-request comment');

    const [slack] = hooks.to('/slack/T000/B000/XXXX');
    expect(slack).toBeDefined();
    const body = JSON.parse(slack?.body ?? '{}') as { text: string; blocks: unknown[] };
    const texts: { type: string; text: string; verbatim?: boolean }[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (o.type === 'mrkdwn') texts.push(o as never);
        Object.values(o).forEach(walk);
      }
    };
    walk(body.blocks);
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) {
      // No <link|text>, <@user> or <!channel>: Slack's markup lives in < >; and no auto-linking.
      expect(t.text).not.toMatch(/[<>]/);
      expect(t.verbatim).toBe(true);
    }
    expect(texts.map((t) => t.text).join('\n')).toContain('&lt;b&gt;bold&lt;b&gt;');
    expect(body.text).not.toMatch(/[<>]/);
  });

  it('the Teams card renders it as text, without links', async () => {
    await drill(`teams:${hooks.url}/teams/workflow`);
    const [teams] = hooks.to('/teams/workflow');
    expect(teams).toBeDefined();
    const card = JSON.parse(teams?.body ?? '{}').attachments[0].content;
    const strings: string[] = [];
    for (const block of card.body as { type: string; text?: string; facts?: { value: string }[] }[]) {
      if (block.type === 'TextBlock' && block.text) strings.push(block.text);
      for (const f of block.facts ?? []) strings.push(f.value);
    }
    const md = new MarkdownIt({ linkify: true });
    const rendered = strings.map((s) => md.render(s)).join('\n');
    expect(rendered).not.toMatch(/<a |<img|<script/);
    const text = visibleText(rendered);
    expect(text).toContain('@mallory [c](javascript:alert(1)) <b>bold<b>');
  });
});
