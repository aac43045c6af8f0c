// The API phase: after the restore, ask the PickDriver instance (started here with
// api-start-command, or already running at api-url) whether it is ready, what it is, whether it
// fits the restored database, and let it validate the restore. Always yields the six api.*
// checks in their fixed order; never throws.
//
// When the restore failed, api.ready, api.info and api.smoke still run (they read the API's own
// primary database and tell whether the instance is healthy), while api.compatibility,
// api.db-info and api.validate are skipped: they would judge a database the drill did not
// restore, and a failed restore is already a failed check of its own.

import { displayUrl, targetProblem, tokenPolicy } from '../config/host-policy.js';
import { check, type DrillContext } from '../model/context.js';
import { type ApiInfo, CHECK_IDS, type CheckResult, type DatabaseInfo, type FixedCheckId } from '../model/types.js';
import { formatDuration } from '../util/format.js';
import { PickDriverClient } from './client.js';
import { compatibilityCheck } from './compatibility.js';
import { dbInfoCheck } from './db-info-check.js';
import { createHttp } from './http.js';
import { infoCheck, smokeCheck } from './internal-checks.js';
import { waitForReady } from './ready.js';
import { type StartedProcess, startApiProcess } from './start-command.js';
import { validateCheck } from './validate-check.js';

const API_CHECKS_MS = 5 * 60_000;

type ApiCheckId = Extract<FixedCheckId, `api.${string}`>;
/** The interface's api.* checks, in its order: every drill reports all six. */
const API_CHECK_IDS = CHECK_IDS.filter((id): id is ApiCheckId => id.startsWith('api.'));

interface ApiPhaseInput {
  database: DatabaseInfo | null;
  backupId: string | null;
  drillDatabaseUrl: string | null;
  restoreOk: boolean;
  /** Called the moment api-start-command has started, so its process can be stopped on every way out. */
  onApiStarted?: (pid: number, startTime: string | null) => void;
  /** Environment for api-start-command; default: DATABASE_* and DRILL_DB_* of drillDatabaseUrl. */
  startEnv?: Record<string, string>;
}

interface ApiPhaseResult {
  info: ApiInfo | null;
  checks: CheckResult[];
  skippedReason: string | null;
  startedProcess: StartedProcess | null;
}

export async function runApiPhase(ctx: DrillContext, input: ApiPhaseInput): Promise<ApiPhaseResult> {
  const apiUrl = ctx.config.apiUrl;
  if (apiUrl === null) {
    const reason = 'api-url is empty';
    ctx.log.info('api-url not set: API checks skipped');
    return { info: null, checks: fillAll(new Map(), 'skip', reason), skippedReason: reason, startedProcess: null };
  }
  const target = ctx.config.apiTarget;
  for (const token of ctx.config.internalTokens) ctx.secrets.add(token);
  const refusedTarget = targetProblem(target);
  if (refusedTarget !== null) {
    ctx.log.info(`API checks not run: ${refusedTarget}`);
    return { info: null, checks: fillAll(new Map(), 'fail', refusedTarget), skippedReason: null, startedProcess: null };
  }

  const info: ApiInfo = {
    url: displayUrl(apiUrl),
    target,
    version: null,
    environment: null,
    info: null,
    smoke: null,
    dbInfo: null,
    validate: null,
  };
  const done = new Map<ApiCheckId, CheckResult>();
  // The whole phase has a deadline: readiness, then five minutes for the checks.
  const http = createHttp({ deadline: Date.now() + ctx.config.apiReadyTimeoutMs + API_CHECKS_MS });
  let started: StartedProcess | null = null;
  try {
    const client = new PickDriverClient(ctx, http, apiUrl);
    ctx.log.info(`Checking PickDriver at ${info.url} (target ${target})`);

    if (ctx.config.apiStartCommand !== null) {
      const t0 = performance.now();
      try {
        started = await startApiProcess(
          ctx,
          input.startEnv ?? drillDatabaseEnv(input.drillDatabaseUrl),
          input.onApiStarted,
        );
      } catch (error) {
        const message = ctx.secrets.redact(error instanceof Error ? error.message : String(error));
        done.set(
          'api.ready',
          check('api.ready', 'fail', `api-start-command could not be started: ${message}`, null, t0),
        );
      }
    }
    if (!done.has('api.ready')) {
      ctx.log.info(`Waiting up to ${formatDuration(ctx.config.apiReadyTimeoutMs)} for ${info.url}/api/health/ready`);
      done.set('api.ready', await waitForReady(ctx, client, started));
    }
    // Decided from the URL alone, so the refusal shows even when the host does not answer.
    const policy = tokenPolicy(apiUrl, ctx.config.allowInsecureHttp);
    if (!policy.allowed) return finish('fail', policy.reason);
    if (done.get('api.ready')?.status !== 'ok') {
      return finish('skip', 'not run: the API did not become ready (see api.ready)');
    }

    const infoResult = await infoCheck(client);
    done.set('api.info', infoResult.check);
    if (infoResult.body) {
      info.version = infoResult.body.version;
      info.environment = infoResult.body.environment;
      info.info = infoResult.body;
    }

    // One cause, one failure: a token the API refuses (or none at all) fails api.info, and the
    // other internal routes, which would each fail the same way, are skipped naming it.
    const tokenProblem = infoResult.body ? null : client.tokenProblem;
    if (tokenProblem !== null) return finish('skip', `not run: ${tokenProblem} (see api.info)`);

    const t0 = performance.now();
    if (!infoResult.body) {
      done.set('api.compatibility', check('api.compatibility', 'skip', 'not compared: api.info failed'));
    } else if (!input.restoreOk || input.drillDatabaseUrl === null) {
      done.set('api.compatibility', check('api.compatibility', 'skip', notRestored(input)));
    } else {
      done.set('api.compatibility', await compatibilityCheck(ctx, infoResult.body, input.drillDatabaseUrl, t0));
    }

    const smoke = await smokeCheck(client);
    done.set('api.smoke', smoke.check);
    info.smoke = smoke.body;

    if (!input.restoreOk) {
      done.set('api.db-info', check('api.db-info', 'skip', notRestored(input)));
      done.set('api.validate', check('api.validate', 'skip', notRestored(input)));
      return finish('skip', notRestored(input));
    }
    const dbInfo = await dbInfoCheck(client, target, input.database);
    done.set('api.db-info', dbInfo.check);
    info.dbInfo = dbInfo.body;

    if (input.backupId === null) {
      done.set('api.validate', check('api.validate', 'skip', 'not run: no backup id to validate'));
    } else {
      const validate = await validateCheck(ctx, client, target, input.backupId);
      done.set('api.validate', validate.check);
      info.validate = validate.body;
    }
    return finish('skip', 'not run');
  } catch (error) {
    // A bug of ours must not take the drill down: the checks not yet done fail with its message.
    const message = ctx.secrets.redact(error instanceof Error ? error.message : String(error));
    return finish('fail', `the API phase stopped unexpectedly: ${message}`);
  } finally {
    await http.close().catch(() => {});
  }

  function finish(status: 'skip' | 'fail', summary: string): ApiPhaseResult {
    const checks = fillAll(done, status, summary).map((c) => redactCheck(ctx, c));
    for (const c of checks) ctx.log.debug(`${c.id}: ${c.status} — ${c.summary}`);
    return { info: redactJson(ctx, info), checks, skippedReason: null, startedProcess: started };
  }
}

/** The six checks in their fixed order; those not in `done` get `status` and `summary`. */
function fillAll(done: Map<ApiCheckId, CheckResult>, status: 'skip' | 'fail', summary: string): CheckResult[] {
  return API_CHECK_IDS.map((id) => done.get(id) ?? check(id, status, summary));
}

function notRestored(input: ApiPhaseInput): string {
  return input.restoreOk
    ? 'not run: no restored database to compare with'
    : 'not run: the restore failed, so there is no restored database to check through the API';
}

/** DATABASE_* (the API's primary) and DRILL_DB_* both pointing at the restored drill database. */
export function drillDatabaseEnv(drillDatabaseUrl: string | null): Record<string, string> {
  if (drillDatabaseUrl === null) return {};
  const url = new URL(drillDatabaseUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port || '5432';
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const primary = {
    DATABASE_HOST: host,
    DATABASE_PORT: port,
    DATABASE_NAME: name,
    DATABASE_USERNAME: user,
    DATABASE_PASSWORD: password,
  };
  // PickDriver refuses to start with DRILL_DB_* but no password (trust authentication): then the
  // drill target stays "not configured" and api-target staging reaches the same database.
  if (password === '') return primary;
  return {
    ...primary,
    DRILL_DB_HOST: host,
    DRILL_DB_PORT: port,
    DRILL_DB_NAME: name,
    DRILL_DB_USER: user,
    DRILL_DB_PASSWORD: password,
  };
}

function redactCheck(ctx: DrillContext, c: CheckResult): CheckResult {
  return { ...c, summary: ctx.secrets.redact(c.summary), details: redactJson(ctx, c.details) };
}

function redactJson<T>(ctx: DrillContext, value: T): T {
  if (value === null || value === undefined) return value;
  const redacted = ctx.secrets.redact(JSON.stringify(value));
  try {
    return JSON.parse(redacted) as T;
  } catch {
    // A secret that overlapped JSON punctuation: keep the evidence as (redacted) text.
    return redacted as T;
  }
}
