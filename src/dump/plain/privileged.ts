// The plain-dump side of what the drill role may not restore (the archive side is
// restore/privileged-entries.ts and archive-plan.ts, with the same reasons): a CREATE of such an
// object is left out and named; the statements that then act on it (ALTER, COMMENT ON, a
// publication's tables, a server's foreign tables) are skipped with it. A plain dump has no
// dependency list, so what depends on a left-out object in other ways (an index on an operator
// class left out, a function in a language left out) fails at its own statement, named.

import { accessMethodKey, LeftOutObjects, languageKey } from './dependents.js';
import {
  ALL_TABLES,
  BINARY_CAST,
  BY_KIND,
  CAST_TYPES,
  cLanguage,
  missingRoles,
  serverLeftOut,
  type TypeKey,
  typeKey,
  wrapperLeftOut,
} from './privileged-reasons.js';
import { leaveOut, pass, type RestoreFacts, skip, type Token, type Verdict } from './verdict.js';

/** A statement's tokens past the judge's first words, each with its parenthesis depth. */
export interface TailToken {
  token: Token;
  depth: number;
}

/** Names the dump created or left out so far. */
export class PrivilegedState {
  readonly publications = new Set<string>();
  readonly wrappers = new Set<string>();
  readonly servers = new Set<string>();
  readonly foreignTables = new Set<string>();
  readonly functions = new Set<string>();
  readonly types = new Set<TypeKey>();
  /** What was left out, by the names later statements use for it (dependents.ts). */
  readonly leftOutObjects = new LeftOutObjects();

  /** Notes the types a CREATE makes (a CAST needs one of its types to be the backup's). */
  noteCreated(t: Token[]): void {
    const at = objectStart(t);
    const kind = [t[at]?.upper, t[at + 1]?.upper];
    const names = kind[0] === 'MATERIALIZED' || kind[0] === 'FOREIGN' ? at + 2 : at + 1;
    if (!['TYPE', 'DOMAIN', 'TABLE', 'VIEW', 'MATERIALIZED', 'FOREIGN'].includes(kind[0] ?? '')) return;
    const [schema, name] = [t[names], t[names + 1]];
    if (schema && name && !schema.literal && !name.literal) this.types.add(typeKey(schema.value, name.value));
  }
}

const kw = (t: Token | undefined, word: string) => t !== undefined && !t.quoted && !t.literal && t.upper === word;
const name = (t: Token | undefined) => (t && !t.literal ? t.value : null);

/** Where the object kind starts: after CREATE [OR REPLACE] [TRUSTED] [PROCEDURAL] [UNLOGGED], ALTER, COMMENT ON. */
function objectStart(t: Token[]): number {
  if (kw(t[0], 'COMMENT')) return 2;
  let i = 1;
  if (kw(t[0], 'CREATE')) {
    if (kw(t[1], 'OR') && kw(t[2], 'REPLACE')) i = 3;
    while (kw(t[i], 'TRUSTED') || kw(t[i], 'PROCEDURAL') || kw(t[i], 'UNLOGGED')) i += 1;
  }
  return i;
}

/** The words of the kinds a security label is on (`ON MATERIALIZED VIEW …`). */
const LABEL_KIND_WORDS = new Set(
  'TABLE COLUMN SEQUENCE VIEW MATERIALIZED FOREIGN FUNCTION PROCEDURE AGGREGATE ROUTINE TYPE DOMAIN SCHEMA LARGE OBJECT EVENT TRIGGER PUBLICATION SUBSCRIPTION ROLE DATABASE TABLESPACE LANGUAGE PROCEDURAL'.split(
    ' ',
  ),
);

/** Kinds pg_dump writes schema-qualified: their name is two tokens. */
const QUALIFIED = new Set(['OPERATOR CLASS', 'OPERATOR FAMILY', 'TEXT SEARCH PARSER', 'TEXT SEARCH TEMPLATE']);

/** The kinds that are left out whenever they are created (BY_KIND's names as SQL spells them). */
const ALWAYS: [string[], string][] = [
  [['EVENT', 'TRIGGER'], 'EVENT TRIGGER'],
  [['SUBSCRIPTION'], 'SUBSCRIPTION'],
  [['LANGUAGE'], 'PROCEDURAL LANGUAGE'],
  [['FOREIGN', 'DATA', 'WRAPPER'], 'FOREIGN DATA WRAPPER'],
  [['USER', 'MAPPING'], 'USER MAPPING'],
  [['OPERATOR', 'CLASS'], 'OPERATOR CLASS'],
  [['OPERATOR', 'FAMILY'], 'OPERATOR FAMILY'],
  [['ACCESS', 'METHOD'], 'ACCESS METHOD'],
  [['TEXT', 'SEARCH', 'PARSER'], 'TEXT SEARCH PARSER'],
  [['TEXT', 'SEARCH', 'TEMPLATE'], 'TEXT SEARCH TEMPLATE'],
];

const words = (t: Token[], from: number, to: number) =>
  t
    .slice(from, to)
    .map((x) => (x.literal ? `'${x.value}'` : x.upper === 'AS' && !x.quoted ? 'AS' : x.value))
    .join(' ');

/**
 * The verdict on a statement the drill role may not run, or that acts on what was left out;
 * undefined when the statement is none of these (the ordinary rules judge it); null while its
 * words do not tell yet.
 */
export function privilegedVerdict(
  t: Token[],
  tail: TailToken[],
  final: boolean,
  facts: RestoreFacts,
  state: PrivilegedState,
): Verdict | null | undefined {
  const wait = final ? undefined : null;
  const create = kw(t[0], 'CREATE');
  if (create && kw(t[1], 'EXTENSION')) {
    const at = kw(t[2], 'IF') ? 5 : 2;
    const ext = name(t[at]);
    if (ext === null) return wait;
    const why = facts.skippedExtensions.get(ext);
    return why ? leaveOut(`EXTENSION ${ext}`, why) : undefined;
  }
  if (!facts.privileged) return undefined;
  const first = t[0]?.upper;
  if (first === 'SET' && kw(t[1], 'DEFAULT_TABLE_ACCESS_METHOD')) return tableAmVerdict(t, final, state);
  if (first === 'SECURITY') {
    // `SECURITY LABEL FOR provider ON TABLE public.items IS '…'`: the kind's words, then the name.
    const all = tail.filter((x) => x.depth === 0).map((x) => x.token);
    const on = all.findIndex((x) => kw(x, 'ON'));
    const is = all.findIndex((x) => kw(x, 'IS'));
    if (on === -1 || is === -1) return final ? leaveOut('SECURITY LABEL', BY_KIND['SECURITY LABEL'] as string) : null;
    const target = all.slice(on + 1, is);
    const named = target.findIndex((x) => x.quoted || x.literal || !LABEL_KIND_WORDS.has(x.upper ?? ''));
    const split = named === -1 ? target.length : named;
    const objectName = target.slice(split, split + 2).map((x) => x.value);
    const kind = target.slice(0, split).map((x) => x.upper);
    const label = [...kind, objectName.join('.')].join(' ').trim();
    return leaveOut(`SECURITY LABEL ON ${label}`, BY_KIND['SECURITY LABEL'] as string);
  }
  if (!(create || first === 'ALTER' || (first === 'COMMENT' && kw(t[1], 'ON')))) return undefined;
  const at = objectStart(t);
  if (t.length < at + 4 && !final) return null;
  for (const [kind, label] of ALWAYS) {
    if (!kind.every((w, i) => kw(t[at + i], w))) continue;
    const mapping = label === 'USER MAPPING';
    const qualified = QUALIFIED.has(label);
    // `USER MAPPING FOR role SERVER name`: the role and the server.
    if (mapping && create && t.length < at + 6 && !final) return null;
    if (qualified && t.length < at + kind.length + 2 && !final) return null;
    const object = mapping
      ? `FOR ${name(t[at + 3]) ?? ''} SERVER ${name(t[at + 5]) ?? ''}`
      : qualified
        ? `${name(t[at + kind.length]) ?? ''}.${name(t[at + kind.length + 1]) ?? ''}`
        : words(t, at + kind.length, at + kind.length + 1);
    if (create && label === 'FOREIGN DATA WRAPPER') state.wrappers.add(object);
    if (create) {
      const objects = state.leftOutObjects;
      const [schema, own] = [name(t[at + kind.length]), name(t[at + kind.length + 1])];
      if (qualified && schema !== null && own !== null) objects.add(typeKey(schema, own), `${label} ${object}`);
      if (label === 'PROCEDURAL LANGUAGE') objects.add(languageKey(object), `${label} ${object}`);
      if (label === 'ACCESS METHOD') objects.add(accessMethodKey(object), `${label} ${object}`);
      return leaveOut(`${label} ${object}`, BY_KIND[label] as string);
    }
    return skip(`an ${first} of the ${label.toLowerCase()} ${object}, left out`);
  }
  return objectVerdict(t, tail, final, facts, state, at, create);
}

/** Publications, servers, foreign tables, casts, functions and policies: left out by what they name. */
function objectVerdict(
  t: Token[],
  tail: TailToken[],
  final: boolean,
  facts: RestoreFacts,
  state: PrivilegedState,
  at: number,
  create: boolean,
): Verdict | null | undefined {
  const wait = final ? undefined : null;
  const kind = t[at]?.upper;
  const depth0 = tail.filter((x) => x.depth === 0).map((x) => x.token);
  const after = (word: string) => {
    const i = depth0.findIndex((x) => kw(x, word));
    return i === -1 ? null : name(depth0[i + 1]);
  };
  if (kind === 'PUBLICATION') {
    const pub = name(t[at + 1]);
    if (pub === null) return wait;
    if (!create) {
      if (state.publications.has(pub)) return skip(`a statement on the publication ${pub}, left out`);
      if (kw(t[at + 2], 'ADD') && kw(t[at + 3], 'TABLES')) {
        return leaveOut(
          `PUBLICATION TABLES IN SCHEMA ${pub} ${name(t[at + 6]) ?? ''}`.trim(),
          BY_KIND['PUBLICATION TABLES IN SCHEMA'] as string,
        );
      }
      return undefined;
    }
    if (!kw(t[at + 2], 'FOR')) return t[at + 2] || final ? undefined : null;
    if (!(kw(t[at + 3], 'ALL') && kw(t[at + 4], 'TABLES'))) return t[at + 4] || final ? undefined : null;
    state.publications.add(pub);
    return leaveOut(`PUBLICATION ${pub}`, ALL_TABLES);
  }
  if (kind === 'SERVER') {
    const server = name(t[at + 1]);
    if (server === null) return wait;
    if (!create) return state.servers.has(server) ? skip(`a statement on the server ${server}, left out`) : undefined;
    const i = depth0.findIndex((x, j) => kw(x, 'DATA') && kw(depth0[j + 1], 'WRAPPER'));
    const wrapper = i === -1 ? null : name(depth0[i + 2]);
    if (wrapper === null) return wait;
    if (!state.wrappers.has(wrapper) && !facts.skippedExtensions.has(wrapper)) return pass;
    state.servers.add(server);
    return leaveOut(`SERVER ${server}`, wrapperLeftOut(wrapper));
  }
  if (kind === 'FOREIGN' && kw(t[at + 1], 'TABLE')) {
    const only = kw(t[at + 2], 'ONLY') ? 1 : 0;
    const [schema, table] = [name(t[at + 2 + only]), name(t[at + 3 + only])];
    if (schema === null || table === null) return wait;
    const key = `${schema}.${table}`;
    if (!create)
      return state.foreignTables.has(key) ? skip(`a statement on the foreign table ${key}, left out`) : undefined;
    const server = after('SERVER');
    if (server === null) return wait;
    if (!state.servers.has(server)) return pass;
    state.foreignTables.add(key);
    state.leftOutObjects.add(typeKey(schema, table), `FOREIGN TABLE ${key}`);
    return leaveOut(`FOREIGN TABLE ${key}`, serverLeftOut(server));
  }
  if (kind === 'COLUMN' && !create) {
    const key = `${name(t[at + 1])}.${name(t[at + 2])}`;
    return state.foreignTables.has(key)
      ? skip(`a comment on a column of the foreign table ${key}, left out`)
      : undefined;
  }
  if (kind === 'CAST' && create) return castVerdict(tail, final, state);
  if (kind === 'FUNCTION' || kind === 'PROCEDURE') {
    const key = `${name(t[at + 1])}.${name(t[at + 2])}`;
    if (!create) return state.functions.has(key) ? skip(`a statement on the function ${key}, left out`) : undefined;
    const language = after('LANGUAGE');
    if (language === null) return wait;
    if (language !== 'c' && language !== 'internal') return pass;
    state.functions.add(key);
    const [schema, fn] = [name(t[at + 1]), name(t[at + 2])];
    if (schema !== null && fn !== null) state.leftOutObjects.add(typeKey(schema, fn), `${kind} ${key}`);
    return leaveOut(`${kind} ${key}`, cLanguage(language));
  }
  if (kind === 'POLICY' && create) return policyVerdict(t, depth0, final, facts, at);
  return undefined;
}

function castVerdict(tail: TailToken[], final: boolean, state: PrivilegedState): Verdict | null | undefined {
  const end = tail.findIndex((x) => x.depth === 0 && (kw(x.token, 'WITH') || kw(x.token, 'WITHOUT')));
  if (end === -1) return final ? undefined : null;
  const inside = tail
    .slice(0, end)
    .filter((x) => x.depth > 0)
    .map((x) => x.token);
  const label = `CAST (${words(inside, 0, inside.length)})`;
  if (kw(tail[end]?.token, 'WITHOUT')) return leaveOut(label, BINARY_CAST);
  const as = inside.findIndex((x) => kw(x, 'AS'));
  const key = (part: Token[]) =>
    part.length === 2 ? typeKey(part[0]?.value as string, part[1]?.value as string) : typeKey('pg_catalog', '');
  const types = [key(inside.slice(0, as)), key(inside.slice(as + 1))];
  return types.some((k) => state.types.has(k)) ? pass : leaveOut(label, CAST_TYPES);
}

function policyVerdict(
  t: Token[],
  depth0: Token[],
  final: boolean,
  facts: RestoreFacts,
  at: number,
): Verdict | null | undefined {
  const to = depth0.findIndex((x) => kw(x, 'TO'));
  const stop = depth0.findIndex((x, i) => i > to && (kw(x, 'USING') || kw(x, 'WITH')));
  if (to === -1) return final || stop !== -1 || depth0.some((x) => kw(x, 'USING')) ? pass : null;
  if (stop === -1 && !final) return null;
  const roles = depth0
    .slice(to + 1, stop === -1 ? undefined : stop)
    .filter((x) => !x.literal)
    .map((x) => x.value);
  const missing = facts.roles === null ? [] : roles.filter((r) => !facts.roles?.has(r) && r !== 'public');
  if (missing.length === 0) return pass;
  return leaveOut(`POLICY ${name(t[at + 1])} ON ${name(t[at + 3])}.${name(t[at + 4])}`, missingRoles(missing));
}

/**
 * pg_dump sets the access method before each table in one other than the default: when that one
 * is left out, the SET is skipped and the tables created under it are left out (dependents.ts).
 */
function tableAmVerdict(t: Token[], final: boolean, state: PrivilegedState): Verdict | null | undefined {
  const value = t.slice(2).find((x) => !kw(x, 'TO'));
  if (value === undefined) return final ? undefined : null;
  const objects = state.leftOutObjects;
  const gone = objects.get(accessMethodKey(value.value)) !== undefined;
  objects.tableAm = gone ? value.value : null;
  return gone ? skip(`a SET default_table_access_method of the access method ${value.value}, left out`) : undefined;
}
