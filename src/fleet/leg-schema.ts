// A leg's report is outside input to the merge (an artifact any leg, or anything in the run, could
// have uploaded): the fields the fleet reads are checked against this schema, and the leg's
// result is recomputed from its checks and regressions rather than taken as written.
import * as z from 'zod';
import { DRILL_NAME_RE } from '../config/fleet-inputs.js';
import type { DrillResult } from '../model/types.js';

const TEXT_LIMIT = 20_000;
const finite = z.number().finite();

export const legReportSchema = z.object({
  drillName: z.string().regex(DRILL_NAME_RE, 'not a drill-name').nullish(),
  result: z.unknown(),
  run: z.object({
    runUrl: z.string().max(2_000).nullish(),
    startedAt: z
      .string()
      .max(64)
      .refine((s) => !Number.isNaN(Date.parse(s)), 'not a time'),
  }),
  backup: z.object({ id: z.string().max(TEXT_LIMIT).nullish(), ageSeconds: finite.nullish() }),
  restore: z.object({ durationMs: finite.nullish() }).nullish(),
  checks: z
    .array(
      z.object({
        id: z.string().min(1).max(200),
        status: z.enum(['ok', 'warn', 'fail', 'skip']),
        summary: z.string().max(TEXT_LIMIT),
      }),
    )
    .max(10_000),
  regressions: z.array(z.object({ checkId: z.string().max(200), message: z.string().max(TEXT_LIMIT) })).max(10_000),
});

type LegReportFields = z.infer<typeof legReportSchema>;

const RESULTS: readonly DrillResult[] = ['passed', 'warned', 'regressed', 'failed'];

/** The result the report's own checks and regressions give, as the drill computes it. */
export function resultFromChecks(leg: LegReportFields): DrillResult {
  if (leg.checks.some((c) => c.status === 'fail')) return 'failed';
  if (leg.regressions.length > 0) return 'regressed';
  if (leg.checks.some((c) => c.status === 'warn')) return 'warned';
  return 'passed';
}

/** A result value this build knows, else null (an unknown one counts as failed). */
export function knownResult(value: unknown): DrillResult | null {
  return typeof value === 'string' && (RESULTS as readonly string[]).includes(value) ? (value as DrillResult) : null;
}

/** Why a leg does not match the schema, in one line: the first few problems with their paths. */
export function schemaProblems(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(the report)'}: ${i.message}`)
    .join('; ');
}
