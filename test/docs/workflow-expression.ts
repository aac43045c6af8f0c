// Just enough of GitHub's expression language to run the README's workflows in the head: literals,
// context paths (github.event.schedule, matrix.database), ==, !=, !, &&, || (returning an operand,
// as GitHub's do), parentheses and the status functions. Anything else throws, naming the text, so a
// workflow using more fails the test instead of being judged wrongly.

export type Context = Record<string, unknown>;

type Token = { kind: 'op' | 'str' | 'num' | 'word'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(==|!=|&&|\|\||[!()])|'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w.-]*(?:\(\))?))/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) {
      if (/^\s*$/.test(text.slice(at))) break;
      throw new Error(`cannot read the expression '${text}' at '${text.slice(at)}'`);
    }
    at = re.lastIndex;
    if (m[1]) tokens.push({ kind: 'op', text: m[1] });
    else if (m[2] !== undefined) tokens.push({ kind: 'str', text: m[2].replace(/''/g, "'") });
    else if (m[3]) tokens.push({ kind: 'num', text: m[3] });
    else if (m[4]) tokens.push({ kind: 'word', text: m[4] });
  }
  return tokens;
}

function lookup(ctx: Context, path: string): unknown {
  let value: unknown = ctx;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[key] ?? null;
  }
  return value;
}

const truthy = (v: unknown) => v !== null && v !== false && v !== 0 && v !== '';

/** Evaluates one expression (without the `${{ }}`). */
export function evaluate(text: string, ctx: Context): unknown {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const take = (op: string) => {
    if (peek()?.kind !== 'op' || peek()?.text !== op) return false;
    i++;
    return true;
  };
  const primary = (): unknown => {
    const t = tokens[i++];
    if (!t) throw new Error(`expression '${text}' ends too early`);
    if (t.kind === 'op' && t.text === '(') {
      const v = or();
      if (!take(')')) throw new Error(`expression '${text}': missing )`);
      return v;
    }
    if (t.kind === 'op' && t.text === '!') return !truthy(primary());
    if (t.kind === 'str') return t.text;
    if (t.kind === 'num') return Number(t.text);
    if (t.text === 'true' || t.text === 'false') return t.text === 'true';
    if (t.text === 'null') return null;
    if (['always()', 'success()', 'cancelled()', 'failure()'].includes(t.text)) return t.text !== 'cancelled()';
    if (t.text.endsWith('()')) throw new Error(`expression '${text}': function ${t.text} is not modelled`);
    return lookup(ctx, t.text);
  };
  const compare = (): unknown => {
    const left = primary();
    if (take('==')) return left === primary();
    if (take('!=')) return left !== primary();
    return left;
  };
  const and = (): unknown => {
    let v = compare();
    while (take('&&')) {
      const r = compare();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  const or = (): unknown => {
    let v = and();
    while (take('||')) {
      const r = and();
      v = truthy(v) ? v : r;
    }
    return v;
  };
  const value = or();
  if (i !== tokens.length) throw new Error(`expression '${text}': unexpected '${tokens[i]?.text}'`);
  return value;
}

/** A `with:` value: `${{ … }}` parts evaluated, the rest kept; a whole-expression value keeps its type. */
export function resolveValue(value: unknown, ctx: Context): string {
  const text = String(value);
  const whole = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/.exec(text);
  if (whole) return String(evaluate(whole[1] as string, ctx) ?? '');
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => String(evaluate(expr, ctx) ?? ''));
}

/** A job's `if:` (with or without `${{ }}`); no `if:` runs. */
export function jobRuns(condition: unknown, ctx: Context): boolean {
  if (condition === undefined || condition === null) return true;
  const text = String(condition).replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1');
  return truthy(evaluate(text, ctx));
}
