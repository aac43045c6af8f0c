// One PickDriver instance as the drill sees it: answers parsed and validated, Vapor errors read,
// the internal token chosen among the configured ones (rotation) and only ever sent where the
// host policy allows. Nothing here throws for a bad answer: it becomes a CallResult.
import type * as z from 'zod';
import { tokenPolicy } from '../config/host-policy.js';
import type { DrillContext } from '../model/context.js';
import type { Http, Outcome, RawAnswer } from './http.js';
import { vaporErrorSchema } from './schemas.js';

type CallResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number | null; problem: string; reason: string | null; quoted: string | null };

interface CallOptions {
  /** Send X-Internal-Token (internal routes). */
  token: boolean;
  timeoutMs?: number;
  attempts?: number;
  /** Non-2xx statuses whose body still has the route's own shape (smoke and ready answer 503 with it). */
  bodyStatuses?: number[];
}

const INVALID_TOKEN = 'Invalid internal service token.';
const QUOTE_LIMIT = 200;

export class PickDriverClient {
  /** Index into config.internalTokens of the token the API accepted; null until one was. */
  tokenIndex: number | null = null;
  private tokensRefused: string | null = null;
  private readonly tokens: string[];

  constructor(
    private readonly ctx: DrillContext,
    private readonly http: Http,
    private readonly baseUrl: string,
  ) {
    this.tokens = ctx.config.internalTokens;
    // Registered before any request, so no log line or report can carry one.
    for (const token of this.tokens) ctx.secrets.add(token);
  }

  get tokenCount(): number {
    return this.tokens.length;
  }

  /** Why no internal route can be called: no token configured, or every one refused; null otherwise. */
  get tokenProblem(): string | null {
    if (this.tokens.length === 0) return 'no internal-token is configured';
    if (this.tokensRefused !== null) {
      return `the API refused ${this.tokens.length === 1 ? 'the internal-token' : `all ${this.tokens.length} internal tokens`} (HTTP 401: ${INVALID_TOKEN})`;
    }
    return null;
  }

  get<S extends z.ZodType>(path: string, schema: S, options: CallOptions): Promise<CallResult<z.infer<S>>> {
    return this.call('GET', path, undefined, schema, options);
  }

  post<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    options: CallOptions,
  ): Promise<CallResult<z.infer<S>>> {
    return this.call('POST', path, body, schema, options);
  }

  private async call<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: S,
    options: CallOptions,
  ): Promise<CallResult<z.infer<S>>> {
    if (!options.token)
      return this.interpret(await this.send(method, path, body, schema, options, null), schema, options);

    const policy = tokenPolicy(this.baseUrl, this.ctx.config.allowInsecureHttp);
    if (!policy.allowed) return { ok: false, status: null, problem: policy.reason, reason: null, quoted: null };
    if (this.tokens.length === 0) {
      return { ok: false, status: null, problem: 'no internal-token is configured', reason: null, quoted: null };
    }
    if (this.tokensRefused !== null) {
      return { ok: false, status: 401, problem: this.tokensRefused, reason: INVALID_TOKEN, quoted: null };
    }

    // The token that worked before first, then the others in their configured order.
    const order = this.tokens.map((_, i) => i);
    if (this.tokenIndex !== null) order.unshift(...order.splice(this.tokenIndex, 1));
    let result: CallResult<z.infer<S>> | null = null;
    for (const index of order) {
      const token = this.tokens[index] ?? '';
      result = this.interpret(await this.send(method, path, body, schema, options, token), schema, options);
      const refused = !result.ok && result.status === 401 && result.reason === INVALID_TOKEN;
      if (!refused) {
        if (result.ok || result.status !== null) this.tokenIndex = index;
        return result;
      }
      this.ctx.log.info(`PickDriver refused internal token #${index + 1} of ${this.tokens.length}`);
    }
    this.tokenIndex = null;
    this.tokensRefused = `HTTP 401: ${INVALID_TOKEN} (all ${this.tokens.length} configured internal tokens were refused)`;
    return { ok: false, status: 401, problem: this.tokensRefused, reason: INVALID_TOKEN, quoted: null };
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: z.ZodType,
    options: CallOptions,
    token: string | null,
  ): Promise<Outcome> {
    const outcome = await this.http.send({
      method,
      url: `${this.baseUrl}${path}`,
      headers: token === null ? {} : { 'x-internal-token': token },
      body,
      timeoutMs: options.timeoutMs ?? 10_000,
      attempts: options.attempts ?? 3,
      // A JSON answer PickDriver itself produced (its own shape, or a Vapor error) is final.
      isFinal: (answer) => parsesAs(answer, schema) || parsesAs(answer, vaporErrorSchema),
    });
    const status = outcome.kind === 'answer' ? `HTTP ${outcome.answer.status}` : outcome.problem;
    this.ctx.log.debug(this.ctx.secrets.redact(`${method} ${path} -> ${status} (${outcome.attempts} attempt(s))`));
    return outcome;
  }

  private interpret<S extends z.ZodType>(outcome: Outcome, schema: S, options: CallOptions): CallResult<z.infer<S>> {
    const retried = outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : '';
    if (outcome.kind === 'error') {
      return { ok: false, status: null, problem: this.redact(outcome.problem + retried), reason: null, quoted: null };
    }
    const { answer } = outcome;
    const quoted = quote(this.ctx, answer.text);
    const bodyExpected =
      (answer.status >= 200 && answer.status < 300) || (options.bodyStatuses ?? []).includes(answer.status);
    const json = parseJson(answer.text);

    if (bodyExpected) {
      if (json === undefined) {
        if (answer.status >= 200 && answer.status < 300) {
          const kind = /html/i.test(answer.contentType) || /^\s*</.test(answer.text) ? 'HTML' : 'something';
          const problem = `HTTP ${answer.status} answered with ${kind} that is not JSON: ${quoted}`;
          return { ok: false, status: answer.status, problem, reason: null, quoted };
        }
      } else {
        const parsed = schema.safeParse(json);
        if (parsed.success) return { ok: true, status: answer.status, data: parsed.data };
        if (answer.status >= 200 && answer.status < 300) {
          const issue = parsed.error.issues[0];
          const where = issue ? `${issue.path.join('.') || '(body)'}: ${issue.message}` : 'unexpected shape';
          const problem = `HTTP ${answer.status} answered JSON of an unexpected shape (${where}): ${quoted}`;
          return { ok: false, status: answer.status, problem, reason: null, quoted };
        }
      }
    }
    if (answer.status >= 300 && answer.status < 400) {
      const to = answer.location ? ` to ${this.redact(answer.location)}` : '';
      const problem = `HTTP ${answer.status} redirect${to} (not followed)`;
      return { ok: false, status: answer.status, problem, reason: null, quoted };
    }
    const vapor = vaporErrorSchema.safeParse(json);
    if (vapor.success) {
      const reason = this.redact(vapor.data.reason);
      return {
        ok: false,
        status: answer.status,
        problem: `HTTP ${answer.status}: ${reason}${retried}`,
        reason,
        quoted,
      };
    }
    const problem = `HTTP ${answer.status}${retried}: ${quoted}`;
    return { ok: false, status: answer.status, problem, reason: null, quoted };
  }

  private redact(text: string): string {
    return this.ctx.secrets.redact(text);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parsesAs(answer: RawAnswer, schema: z.ZodType): boolean {
  const json = parseJson(answer.text);
  return json !== undefined && schema.safeParse(json).success;
}

/** What came back, for a person: redacted, on one line, at most ~200 characters, quoted. */
function quote(ctx: DrillContext, text: string): string {
  const flat = ctx.secrets.redact(text).replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  const cut = flat.length > QUOTE_LIMIT ? `${flat.slice(0, QUOTE_LIMIT)}…` : flat;
  return JSON.stringify(cut);
}
