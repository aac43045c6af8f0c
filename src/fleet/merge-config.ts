// The merge action's inputs (merge/action.yml) and the `merge` command's flags: one table, one
// zod schema, the same rules and messages as the drill's inputs where they share a name.
import * as z from 'zod';
import type { FailOn } from '../config/config.js';
import { ConfigError } from '../config/config.js';
import {
  DRILL_NAME_RE,
  heartbeatUrlInput,
  type NotifyOn,
  notifyOnInput,
  notifyWebhookInput,
  type WebhookTarget,
} from '../config/fleet-inputs.js';
import type { InputSpec } from '../config/input-spec.js';
import { secretKindOf } from '../config/inputs.js';
import { retention } from '../config/schema.js';

export const MERGE_INPUTS: readonly InputSpec[] = [
  {
    name: 'reports',
    default: '',
    description:
      "Paths of leg reports (report.json files or folders of them), one per line; empty: this run's artifacts matching artifact-pattern.",
  },
  {
    name: 'artifact-pattern',
    default: 'pickdriver-vault-report*',
    description: "Glob on the names of this run's artifacts that hold the legs' reports.",
  },
  {
    name: 'expected-drills',
    default: '',
    description:
      'The drill-names the matrix runs, separated by commas or new lines; a leg without a report is named and counts as failed.',
  },
  {
    name: 'fail-on',
    default: 'regression',
    description:
      "failure, regression (failures and regressions), warning (also warnings), never; on the fleet's result.",
  },
  {
    name: 'report-dir',
    default: 'pickdriver-vault-fleet-report',
    description: 'Where fleet.json and fleet.md are written.',
  },
  {
    name: 'artifact-name',
    default: 'pickdriver-vault-fleet-report',
    description: 'The name of the artifact fleet.json and fleet.md are uploaded as; empty: no upload.',
  },
  {
    name: 'artifact-retention-days',
    default: '',
    description: 'Retention of the fleet report artifact in days; empty: the repository default.',
  },
  { name: 'job-summary', default: 'true', description: 'Write the fleet report to the job summary.' },
  {
    name: 'pr-comment',
    default: 'auto',
    description: 'auto: one comment for the whole fleet on the pull request, updated in place on every run; off.',
  },
  {
    name: 'github-token',
    secret: secretKindOf('github-token'),
    default: '${{ github.token }}',
    description: 'For the pull request comment.',
  },
  {
    name: 'notify-webhook',
    secret: secretKindOf('notify-webhook'),
    default: '',
    description:
      'A URL (a secret) that gets one message for the whole fleet when notify-on says so: Slack, Microsoft Teams workflow, or any URL (JSON).',
  },
  { name: 'notify-on', default: 'problems', description: 'problems (failed or regressed), failure, always.' },
  {
    name: 'heartbeat-url',
    secret: secretKindOf('heartbeat-url'),
    default: '',
    description:
      'A dead-man switch for the whole fleet: requested when the fleet passes under fail-on, <heartbeat-url>/fail when it does not.',
  },
  {
    name: 'report-signing-key',
    secret: secretKindOf('report-signing-key'),
    default: '',
    description:
      "The legs' report-signing-key: each leg's report.json.sig must be a valid signature of its files, or the leg counts as failed; empty: signatures are not checked.",
  },
];

export const MERGE_OUTPUTS: readonly { name: string; description: string }[] = [
  { name: 'result', description: "The fleet's result, its worst leg's: passed, warned, regressed or failed." },
  { name: 'drills', description: 'How many drills the fleet holds (expected legs without a report included).' },
  { name: 'failed', description: 'How many drills failed (legs without a report included).' },
  { name: 'regressed', description: 'How many drills regressed.' },
  { name: 'report-json', description: 'Path of fleet.json.' },
  { name: 'report-markdown', description: 'Path of fleet.md.' },
  { name: 'artifact-id', description: 'Id of the uploaded fleet report artifact; empty when none was uploaded.' },
];

export interface MergeConfig {
  reports: string[];
  artifactPattern: string;
  expectedDrills: string[] | null;
  failOn: FailOn;
  reportDir: string;
  /** null: no upload. */
  artifactName: string | null;
  artifactRetentionDays: number | null;
  jobSummary: boolean;
  prComment: 'auto' | 'off';
  githubToken: string | null;
  notifyWebhook: WebhookTarget | null;
  notifyOn: NotifyOn;
  heartbeatUrl: string | null;
  /** Checks each leg's report.json.sig; null: not checked. */
  reportSigningKey: string | null;
}

const str = z.string().transform((s) => s.trim());
const list = (s: string) =>
  s
    .split(/[,\r\n]+/)
    .map((x) => x.trim())
    .filter((x) => x !== '');

const oneOf = <T extends string>(input: string, values: readonly T[]) =>
  str.transform((s, ctx) => {
    const v = s.toLowerCase();
    if ((values as readonly string[]).includes(v)) return v as T;
    ctx.addIssue({ code: 'custom', message: `${input}: expected one of ${values.join(', ')}, got '${s}'` });
    return z.NEVER;
  });

const schema = z.object({
  reports: str.transform((s) =>
    s
      .split(/\r?\n/)
      .map((x) => x.trim())
      .filter((x) => x !== ''),
  ),
  'artifact-pattern': str.transform((s) => s || 'pickdriver-vault-report*'),
  'expected-drills': str.transform((s, ctx) => {
    const names = list(s);
    if (names.length === 0) return null;
    const bad = names.filter((n) => !DRILL_NAME_RE.test(n));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `expected-drills: expected drill-names (letters, digits, '.', '-' or '_', at most 64) separated by commas or new lines, got '${bad[0]}'`,
      });
      return z.NEVER;
    }
    return [...new Set(names)];
  }),
  'fail-on': oneOf('fail-on', ['failure', 'regression', 'warning', 'never'] as const),
  'report-dir': str.transform((s) => s || 'pickdriver-vault-fleet-report'),
  'artifact-name': str.transform((s) => (s === '' ? null : s)),
  'artifact-retention-days': retention,
  'job-summary': oneOf('job-summary', ['true', 'false'] as const).transform((v) => v === 'true'),
  'pr-comment': oneOf('pr-comment', ['auto', 'off'] as const),
  'github-token': str.transform((s) => (s === '' ? null : s)),
  'notify-webhook': notifyWebhookInput,
  'notify-on': notifyOnInput,
  'heartbeat-url': heartbeatUrlInput,
  // Trimmed as the drill trims the key it signs with.
  'report-signing-key': str.transform((s) => (s === '' ? null : s)),
});

export function loadMergeConfig(raw: Record<string, string | undefined>): MergeConfig {
  const filled: Record<string, string> = {};
  for (const spec of MERGE_INPUTS) {
    const given = raw[spec.name];
    const fallback = spec.default.startsWith('${{') ? '' : spec.default;
    // Empty means something of its own for these two: no token, no upload.
    const emptyIsValue = spec.name === 'github-token' || spec.name === 'artifact-name';
    filled[spec.name] = given === undefined || (given.trim() === '' && !emptyIsValue) ? fallback : given;
  }
  const parsed = schema.safeParse(filled);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => i.message));
  const v = parsed.data;
  return {
    reports: v.reports,
    artifactPattern: v['artifact-pattern'],
    expectedDrills: v['expected-drills'],
    failOn: v['fail-on'],
    reportDir: v['report-dir'],
    artifactName: v['artifact-name'],
    artifactRetentionDays: v['artifact-retention-days'],
    jobSummary: v['job-summary'],
    prComment: v['pr-comment'],
    githubToken: v['github-token'],
    notifyWebhook: v['notify-webhook'],
    notifyOn: v['notify-on'],
    heartbeatUrl: v['heartbeat-url'],
    reportSigningKey: v['report-signing-key'],
  };
}
