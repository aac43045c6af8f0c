// The three message formats: Slack Block Kit (incoming webhooks), a Microsoft Teams Adaptive
// Card (the "post to a channel when a webhook request is received" workflow), and a plain JSON
// summary for anything else, described by schema/notification.schema.json. Every value of the
// announcement (names, ids, summaries, messages: outside text) goes through the renderer's own
// escaping (slackText, teamsText) where it enters the message.

import { formatDuration } from '../config/duration.js';
import type { WebhookKind } from '../config/fleet-inputs.js';
import { slackText, teamsText } from '../util/inert-text.js';
import type { AnnouncedCheck, Announcement } from './announcement.js';

const NOTIFICATION_SCHEMA_ID = 'urn:pickdriver-vault-action:notification:v1';
const LIST_LIMIT = 10;

const MARK: Record<string, string> = { passed: '✅', warned: '⚠️', regressed: '📉', failed: '❌' };

function headline(a: Announcement): string {
  return `${MARK[a.result] ?? ''} ${a.title}: ${a.result}`.trim();
}

function backupLine(a: Announcement): string | null {
  if (a.backup === null || a.backup.id === null) return a.backup === null ? null : 'no backup found';
  const age = a.backup.ageSeconds === null ? '' : ` (${formatDuration(a.backup.ageSeconds * 1000)} old)`;
  return `${a.backup.id}${age}`;
}

function checkLine(c: AnnouncedCheck): string {
  const where = c.drill === null ? '' : `${c.drill}: `;
  return `${where}${c.id}${c.summary === null ? '' : ` — ${c.summary}`}`;
}

function limited(lines: string[]): string[] {
  if (lines.length <= LIST_LIMIT) return lines;
  return [...lines.slice(0, LIST_LIMIT), `… and ${lines.length - LIST_LIMIT} more (see the report)`];
}

function facts(a: Announcement): [string, string][] {
  const out: [string, string][] = [['Result', a.result]];
  if (a.drillName !== null) out.push(['Drill', a.drillName]);
  if (a.drills !== null) {
    out.push(['Drills', a.drills.map((d) => `${d.name}: ${d.result}`).join(', ') || 'none']);
  }
  if (a.repository !== null) out.push(['Repository', a.repository]);
  const backup = backupLine(a);
  if (backup !== null) out.push(['Backup', backup]);
  if (a.trigger !== null) out.push(['Trigger', a.trigger + (a.ref === null ? '' : ` on ${a.ref}`)]);
  return out;
}

/**
 * A Slack mrkdwn text object of text already through slackText. verbatim: Slack links no bare
 * URL or channel name and parses no mention in it.
 */
function mrkdwn(text: string): { type: 'mrkdwn'; text: string; verbatim: true } {
  return { type: 'mrkdwn', text, verbatim: true };
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function slackBody(a: Announcement): unknown {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(headline(a), 150), emoji: true } },
    {
      type: 'section',
      fields: facts(a).map(([k, v]) => mrkdwn(cut(`*${k}*\n${slackText(v)}`, 2000))),
    },
  ];
  const lists: [string, string[]][] = [
    ['Failed checks', a.failedChecks.map(checkLine)],
    ['Regressions', a.regressions.map((r) => (r.drill === null ? r.message : `${r.drill}: ${r.message}`))],
  ];
  for (const [name, lines] of lists) {
    if (lines.length === 0) continue;
    const text = `*${name}*\n${limited(lines)
      .map((l) => `• ${slackText(l)}`)
      .join('\n')}`;
    blocks.push({ type: 'section', text: mrkdwn(cut(text, 3000)) });
  }
  if (a.runUrl !== null) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the workflow run' }, url: a.runUrl }],
    });
  }
  // `text` is what the notification pop-up and screen readers show.
  return { text: slackText(`${headline(a)}${a.repository === null ? '' : ` (${a.repository})`}`), blocks };
}

const TEAMS_COLOR: Record<string, string> = {
  passed: 'Good',
  warned: 'Warning',
  regressed: 'Warning',
  failed: 'Attention',
};

function teamsBody(a: Announcement): unknown {
  const body: unknown[] = [
    {
      type: 'TextBlock',
      text: teamsText(headline(a)),
      size: 'Large',
      weight: 'Bolder',
      wrap: true,
      color: TEAMS_COLOR[a.result],
    },
    { type: 'FactSet', facts: facts(a).map(([title, value]) => ({ title, value: teamsText(value) })) },
  ];
  const lists: [string, string[]][] = [
    ['Failed checks', a.failedChecks.map(checkLine)],
    ['Regressions', a.regressions.map((r) => (r.drill === null ? r.message : `${r.drill}: ${r.message}`))],
  ];
  for (const [name, lines] of lists) {
    if (lines.length === 0) continue;
    body.push({ type: 'TextBlock', text: name, weight: 'Bolder', wrap: true, spacing: 'Medium' });
    body.push({
      type: 'TextBlock',
      text: limited(lines)
        .map((l) => `- ${teamsText(l)}`)
        .join('\n'),
      wrap: true,
    });
  }
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    actions: a.runUrl === null ? [] : [{ type: 'Action.OpenUrl', title: 'Open the workflow run', url: a.runUrl }],
  };
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }],
  };
}

function jsonBody(a: Announcement): unknown {
  return {
    schema: NOTIFICATION_SCHEMA_ID,
    subject: a.subject,
    title: a.title,
    result: a.result,
    drillName: a.drillName,
    repository: a.repository,
    workflow: a.workflow,
    trigger: a.trigger,
    ref: a.ref,
    runUrl: a.runUrl,
    backup: a.backup,
    failedChecks: a.failedChecks,
    regressions: a.regressions,
    drills: a.drills,
  };
}

export function webhookBody(kind: WebhookKind, a: Announcement): unknown {
  if (kind === 'slack') return slackBody(a);
  if (kind === 'teams') return teamsBody(a);
  return jsonBody(a);
}
