// What of a plain dump depends on an object the restore left out (privileged.ts): an
// archive's TOC lists each entry's dependencies and the archive plan leaves the dependents out
// with their object; a plain dump has no such list, so the statements are read for the names of
// what was left out, as pg_dump writes them: schema-qualified (`public.in_plfoo(…)`,
// `(id public.int4_rev_ops)`, `'public.my_conf'::regconfig` in an index), `LANGUAGE plfoo`,
// `USING btree2`, and a table created while `SET default_table_access_method` names a left-out
// access method. A statement that names one is left out too (named, with the object it needs),
// and what it creates joins the left-out objects, so its own dependents follow (a view on a
// function in a left-out language; a table's data, constraints and indexes). Names in function
// bodies are not read: pg_dump turns off check_function_bodies, so those never fail the restore.
import { type TypeKey, typeKey } from './privileged-reasons.js';
import type { Token } from './verdict.js';

export const languageKey = (name: string) => `language\u0000${name}`;
export const accessMethodKey = (name: string) => `access method\u0000${name}`;

/**
 * The objects of extensions left out (not trusted, not allowed): a plain dump does not list them,
 * but pg_dump names them schema-qualified, in the extension's schema. A name there that was not
 * in the drill database before the restore (the extensions created first are) and that the dump
 * has not created is taken for the left-out extensions'.
 */
export class ExtensionObjects {
  /** What the dump created so far, in those schemas or any. */
  readonly created = new Set<TypeKey>();

  constructor(
    /** Schema → the left-out extensions in it. */
    private readonly schemas: ReadonlyMap<string, readonly string[]>,
    /** What those schemas held before the restore. */
    private readonly existing: ReadonlySet<TypeKey>,
  ) {}

  /** `EXTENSION x` when `schema.name` can only be a left-out extension's, else null. */
  owner(schema: string, name: string): string | null {
    const extensions = this.schemas.get(schema);
    if (!extensions) return null;
    const key = typeKey(schema, name);
    if (this.existing.has(key) || this.created.has(key)) return null;
    return extensions.map((e) => `EXTENSION ${e}`).join(' or ');
  }
}

/** The objects the restore left out, by key (typeKey for schema objects), each with its name. */
export class LeftOutObjects {
  private readonly names = new Map<TypeKey, string>();
  /** The access method `SET default_table_access_method` names now, when it is left out. */
  tableAm: string | null = null;
  /** Set when the restore left extensions out: their objects are found by their schema. */
  extensions: ExtensionObjects | null = null;

  /** Statements must be read for names: something is left out. */
  get watched(): boolean {
    return this.names.size > 0 || this.extensions !== null;
  }

  get size(): number {
    return this.names.size;
  }

  /** The last one made under a name stands for it (an operator class after its family). */
  add(key: TypeKey, label: string): void {
    this.names.set(key, label);
  }

  get(key: TypeKey): string | undefined {
    return this.names.get(key);
  }
}

const QUALIFIED_LITERAL = /^("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)\.("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)$/;
const unquote = (part: string) => (part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part);

/**
 * Reads a statement's tokens as they come for a name of a left-out object: `found` is the first
 * such object's name. Also notes the statement's first qualified name (what it creates or acts
 * on) and the sequences an identity column names (`SEQUENCE NAME public.t_id_seq`).
 */
export class ReferenceScan {
  found: string | null = null;
  /** The first schema-qualified name, and how many tokens came before its schema. */
  firstQualified: { schema: string; name: string; at: number } | null = null;
  readonly sequences: [string, string][] = [];
  /** `ADD CONSTRAINT name`: a primary key or unique constraint makes an index of that name. */
  readonly constraints: string[] = [];
  private count = 0;
  private first: string | null = null;
  private kind: string | null = null;
  private afterAdd = 0;
  private prev: Token | null = null;
  private dot = false;
  private keyword: string | null = null;
  private sequenceName = 0;

  constructor(private readonly objects: LeftOutObjects) {}

  token(t: Token): void {
    this.count += 1;
    const upper = t.quoted || t.literal ? null : t.upper;
    if (this.count === 1) this.first = upper;
    else if (this.first === 'CREATE' && this.kind === null && !NOT_KIND_WORDS.has(upper ?? '')) this.kind = upper ?? '';
    if (this.afterAdd === 2 && !t.literal) this.constraints.push(t.value);
    this.afterAdd = upper === 'ADD' ? 1 : upper === 'CONSTRAINT' && this.afterAdd === 1 ? 2 : 0;
    if (t.literal) {
      const m = QUALIFIED_LITERAL.exec(t.value);
      if (m) this.check(typeKey(unquote(m[1] as string), unquote(m[2] as string)));
      this.prev = null;
      this.dot = false;
      this.keyword = null;
      return;
    }
    if (this.dot && this.prev) {
      const [schema, name] = [this.prev.value, t.value];
      // What a CREATE makes, and an identity column's sequence, are not references.
      const made =
        (this.firstQualified === null && this.kind !== null && NAMED_KINDS.has(this.kind)) || this.sequenceName === 3;
      this.firstQualified ??= { schema, name, at: this.count - 2 };
      if (this.sequenceName === 3) this.sequences.push([schema, name]);
      this.check(typeKey(schema, name));
      if (!made) this.found ??= this.objects.extensions?.owner(schema, name) ?? null;
    }
    if (this.keyword === 'LANGUAGE') this.check(languageKey(t.value));
    if (this.keyword === 'USING') this.check(accessMethodKey(t.value));
    const word = t.quoted ? null : t.upper;
    this.keyword = word === 'LANGUAGE' || word === 'USING' ? word : null;
    this.sequenceName =
      word === 'SEQUENCE' ? 1 : word === 'NAME' && this.sequenceName === 1 ? 2 : this.sequenceName === 2 ? 3 : 0;
    this.prev = t;
    this.dot = false;
  }

  /** Punctuation: a `.` joins a qualified name; anything else ends one. */
  other(c?: number): void {
    if (c === 0x2e && this.prev && !this.dot) this.dot = true;
    else {
      this.prev = null;
      this.dot = false;
      if (this.sequenceName !== 3) this.sequenceName = 0;
    }
    this.keyword = null;
  }

  /** A table created now goes into the access method SET last (pg_dump's way to say it). */
  creates(kind: string | undefined): void {
    if (this.objects.tableAm !== null && (kind === 'TABLE' || kind === 'MATERIALIZED')) {
      this.found ??= this.objects.get(accessMethodKey(this.objects.tableAm)) ?? null;
    }
  }

  private check(key: TypeKey): void {
    this.found ??= this.objects.get(key) ?? null;
  }
}

/** Kinds whose CREATE makes a schema object others name (schema-qualified, as pg_dump writes it). */
const NAMED_KINDS = new Set([
  'TABLE',
  'VIEW',
  'MATERIALIZED',
  'FOREIGN',
  'FUNCTION',
  'PROCEDURE',
  'AGGREGATE',
  'TYPE',
  'DOMAIN',
  'SEQUENCE',
  'TEXT',
  'COLLATION',
  'CONVERSION',
  'STATISTICS',
  'OPERATOR',
]);
const DATA_KINDS = new Set(['TABLE', 'MATERIALIZED', 'SEQUENCE']);
const NOT_KIND_WORDS = new Set(['OR', 'REPLACE', 'UNLOGGED', 'TEMPORARY', 'TEMP', 'UNIQUE']);
const NOISE = new Set(['CREATE', 'OR', 'REPLACE', 'ONLY', 'IF', 'NOT', 'EXISTS', 'UNLOGGED', 'CONCURRENTLY']);

interface Dependent {
  /** The statement as people name it: `FUNCTION public.in_plfoo`, `TABLE DATA public.t`, `INDEX i ON public.t`. */
  what: string;
  /** The keys of what it creates: its own dependents are left out too. */
  creates: TypeKey[];
  /** A table's, sequence's or materialized view's content is among it. */
  data: boolean;
}

/** The statement of `tokens` (its first words) that names a left-out object, as the report names it. */
export function dependent(tokens: readonly Token[], scan: ReferenceScan): Dependent {
  const q = scan.firstQualified;
  const first = tokens[0]?.upper;
  const qualified = q ? `${q.schema}.${q.name}` : '';
  const creates: TypeKey[] = scan.sequences.map(([s, n]) => typeKey(s, n));
  if (q) for (const c of scan.constraints) creates.push(typeKey(q.schema, c));
  if (first === 'COPY') return { what: `TABLE DATA ${qualified}`.trim(), creates, data: true };
  if (first === 'SELECT' && tokens[2]?.upper === 'SETVAL') {
    return { what: `SEQUENCE SET ${tokens[3]?.value ?? ''}`.trim(), creates, data: true };
  }
  const before = tokens
    .slice(0, q ? q.at : Math.min(tokens.length, 4))
    .filter((t) => t.literal || t.quoted || !NOISE.has(t.upper ?? ''));
  const words = before.map((t) => (t.quoted || t.literal ? t.value : (t.upper ?? t.value)));
  // An index's name comes before its table's: `CREATE INDEX name ON schema.table`.
  const index = before.findIndex((t) => !t.quoted && t.upper === 'INDEX');
  if (first === 'CREATE' && index !== -1 && q) {
    const name = before[index + 1];
    if (name && !name.literal) creates.push(typeKey(q.schema, name.value));
    return { what: `INDEX ${name?.value ?? ''} ON ${qualified}`, creates, data: false };
  }
  // CREATE is noise: the kind is the first word left.
  const kind = first === 'CREATE' ? (before[0]?.upper ?? undefined) : undefined;
  if (q && kind && NAMED_KINDS.has(kind)) creates.push(typeKey(q.schema, q.name));
  return {
    what: [...words, qualified].filter(Boolean).join(' '),
    creates,
    data: kind !== undefined && DATA_KINDS.has(kind),
  };
}
