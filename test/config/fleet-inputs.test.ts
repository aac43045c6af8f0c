// drill-name, notify-webhook, notify-on and heartbeat-url as a user writes them: what each
// accepts, what it refuses (by name, without ever repeating a secret URL), and what drill-name
// changes: the artifact name's default, the comment marker, the Prometheus labels, the title.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { COMMENT_MARKER, commentMarker } from '../../src/report/pr-comment.js';
import { renderPrometheus } from '../../src/report/prometheus.js';
import { passedReport } from '../report/sample-reports.js';

function problems(raw: Record<string, string>): string[] {
  try {
    loadConfig({ 'backup-source': 'backups/', ...raw });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('drill-name', () => {
  it('changes nothing when unset', () => {
    const config = loadConfig({ 'backup-source': 'b/' });
    expect(config.drillName).toBeNull();
    expect(config.artifactName).toBe('pickdriver-vault-report');
    expect(commentMarker(null)).toBe(COMMENT_MARKER);
    expect(config.notifyWebhook).toBeNull();
    expect(config.notifyOn).toBe('problems');
    expect(config.heartbeatUrl).toBeNull();
  });

  it('names the default artifact per drill, and leaves a chosen artifact name alone', () => {
    expect(loadConfig({ 'backup-source': 'b/', 'drill-name': 'eu-west_1.b' }).artifactName).toBe(
      'pickdriver-vault-report-eu-west_1.b',
    );
    // On the runner an input left out arrives with its default value.
    expect(
      loadConfig({ 'backup-source': 'b/', 'drill-name': 'shard-1', 'artifact-name': 'pickdriver-vault-report' })
        .artifactName,
    ).toBe('pickdriver-vault-report-shard-1');
    expect(loadConfig({ 'backup-source': 'b/', 'drill-name': 'shard-1', 'artifact-name': 'mine' }).artifactName).toBe(
      'mine',
    );
    expect(loadConfig({ 'backup-source': 'b/', 'drill-name': 'shard-1', 'artifact-name': '' }).artifactName).toBeNull();
  });

  it.each([['shard/1'], ['a:b'], ['-leading-dash'], ['x'.repeat(65)], ['two words'], ['quote"d']])(
    'refuses %j with a message naming the input and what it accepts',
    (name) => {
      const found = problems({ 'drill-name': name });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^drill-name: expected 1 to 64 letters, digits, '\.', '-' or '_'/);
    },
  );

  it('gives each drill its own comment marker, Prometheus label and title', () => {
    expect(commentMarker('shard-1')).toBe('<!-- pickdriver-vault-action:drill-report:shard-1 -->');
    expect(commentMarker('shard-1').includes(COMMENT_MARKER)).toBe(false);
    const named = passedReport({ drillName: 'shard-1' });
    const metrics = renderPrometheus(named);
    const samples = metrics.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(samples.length).toBeGreaterThan(5);
    for (const line of samples) expect(line).toMatch(/\{(.*,)?drill="shard-1"(,.*)?\} /);
    expect(metrics).toContain('pickdriver_vault_drill_result{drill="shard-1",result="passed"} 1');
    expect(renderPrometheus(passedReport())).not.toContain('drill="');
    expect(renderMarkdown(named).split('\n')[0]).toBe('### PickDriver backup drill `shard-1`');
    expect(renderMarkdown(passedReport()).startsWith('✅ **passed**')).toBe(true);
  });
});

describe('notify-webhook, notify-on, heartbeat-url', () => {
  const slack = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX';

  it('chooses the message kind by host, or by a prefix when the host does not tell', () => {
    const kind = (url: string) => loadConfig({ 'backup-source': 'b/', 'notify-webhook': url }).notifyWebhook;
    expect(kind(slack)).toEqual({ kind: 'slack', url: slack });
    expect(
      kind('https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=s')?.kind,
    ).toBe('teams');
    expect(
      kind('https://default1.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/x')?.kind,
    ).toBe('teams');
    expect(kind('https://ops.example.com/hooks/drills')).toEqual({
      kind: 'json',
      url: 'https://ops.example.com/hooks/drills',
    });
    expect(kind('slack:https://relay.example.com/s')).toEqual({ kind: 'slack', url: 'https://relay.example.com/s' });
    expect(kind('TEAMS: https://relay.example.com/t')?.kind).toBe('teams');
    expect(kind('json:http://127.0.0.1:9999/x')).toEqual({ kind: 'json', url: 'http://127.0.0.1:9999/x' });
  });

  it('refuses plain http to another host and unparsable URLs without showing them', () => {
    for (const [input, value] of [
      ['notify-webhook', 'http://hooks.example.com/secret-path-123'],
      ['notify-webhook', 'not a url secret-path-123'],
      ['heartbeat-url', 'http://hc-ping.example.com/secret-path-123'],
      ['heartbeat-url', 'ftp://hc-ping.example.com/secret-path-123'],
    ] as const) {
      const found = problems({ [input]: value });
      expect(found, value).toHaveLength(1);
      expect(found[0]).toMatch(new RegExp(`^${input}: expected an https:// URL`));
      expect(found[0]).not.toContain('secret-path-123');
    }
    expect(problems({ 'notify-on': 'sometimes' })).toEqual([
      "notify-on: expected one of problems, failure, always, got 'sometimes'",
    ]);
  });

  it('reads notify-on and heartbeat-url', () => {
    const config = loadConfig({
      'backup-source': 'b/',
      'notify-on': 'Always',
      'heartbeat-url': 'https://hc-ping.com/5f2c6a0e-0000-4000-8000-000000000000',
    });
    expect(config.notifyOn).toBe('always');
    expect(config.heartbeatUrl).toBe('https://hc-ping.com/5f2c6a0e-0000-4000-8000-000000000000');
  });
});
