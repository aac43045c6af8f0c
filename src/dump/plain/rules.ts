// What the statements and meta-commands of a plain dump may do in a drill. pg_dump writes SQL
// for one database; a statement that reaches past it (other databases, roles, the server's
// configuration, shell commands, files) is refused, and the statements that name roles or the
// source database (owners, privileges, SET ROLE, a --create dump's CREATE DATABASE and
// \connect) are skipped: the drill restores as its own role into its own database. So are the
// DROP statements of a --clean dump: a --create one's DROP DATABASE of the database it creates
// next, and the object DROPs another starts with (see `prelude`). The judge here follows one
// statement at a time and what a --create dump says of its own database; the rules for all
// other statements are in statement-rules.ts.

import { CopyForm } from './copy.js';
import { dependent, ExtensionObjects, ReferenceScan } from './dependents.js';
import { MAY_DEPEND, NOT_KIND, SKIP_FIRST, TAIL_TOKENS } from './first-words.js';
import { connectTarget } from './meta.js';
import { PrivilegedState, privilegedVerdict, type TailToken } from './privileged.js';
import { statementVerdict } from './statement-rules.js';
import {
  type LeftOutStatement,
  NO_FACTS,
  pass,
  type RestoreFacts,
  refuse,
  skip,
  type Token,
  type Verdict,
} from './verdict.js';

export class StatementJudge {
  open = false;
  startLine = 0;
  /** The database a --create dump creates: its ALTER DATABASE and \connect are understood, not obeyed. */
  ownDatabase: string | null = null;
  /**
   * A --create --clean dump's DROP DATABASE, skipped: let be only when the next statement creates
   * that same database, else refused naming the DROP's line.
   */
  pendingDrop: { name: string; line: number } | null = null;
  /**
   * Nothing but SET statements and drops yet (since the start, or a --create dump's \connect):
   * what pg_dump --clean writes first (DROP …, ALTER TABLE … DROP CONSTRAINT/DEFAULT,
   * SELECT pg_catalog.lo_unlink(…)). Those drops are skipped: the drill database is new, so
   * without --if-exists they would fail on objects that are not there, and DROP EXTENSION on the
   * extensions the admin connection created (extensions.ts).
   */
  prelude = true;
  /** The statement has the keyword DROP (an ALTER … DROP of a --clean dump's start). */
  private sawDrop = false;

  /** What the restore left out that the dump meant to run, in the dump's order. */
  readonly leftOut: LeftOutStatement[] = [];
  private readonly privileged = new PrivilegedState();
  private tail: TailToken[] = [];
  /** Objects were left out before this statement began: it is read for their names to its end. */
  private watching = false;
  private scan = new ReferenceScan(this.privileged.leftOutObjects);

  /**
   * `facts`: what the restore knows (none when the dump is only verified): the schemas it made
   * for extensions (the dump's `CREATE SCHEMA name;` of one is skipped), the extensions it left
   * out, the server's roles, and whether it runs as the drill role.
   */
  constructor(private readonly facts: RestoreFacts = NO_FACTS) {
    const objects = facts.extensionObjects;
    if (objects && objects.schemas.size > 0)
      this.privileged.leftOutObjects.extensions = new ExtensionObjects(objects.schemas, objects.existing);
  }
  private eligible = false;
  private tokens: Token[] = [];
  private last: Token[] = [];
  private decided: Verdict | null = null;
  private depth = 0;
  private readonly copy = new CopyForm();

  begin(line: number, atLineStart: boolean): void {
    this.open = true;
    this.startLine = line;
    this.eligible = atLineStart;
    this.tokens = [];
    this.last = [];
    this.decided = null;
    this.depth = 0;
    this.copy.reset();
    this.sawDrop = false;
    this.tail = [];
    this.watching = this.privileged.leftOutObjects.watched;
    this.scan = new ReferenceScan(this.privileged.leftOutObjects);
  }

  /** The statement may still turn out to be one that is skipped: its lines are held back. */
  get maybeSkip(): boolean {
    const first = this.tokens[0]?.upper;
    if (!this.open || !this.eligible || first == null) return false;
    if (this.watching && MAY_DEPEND.has(first)) return true;
    return this.decided?.action !== 'pass' && SKIP_FIRST.has(first);
  }

  paren(delta: number): void {
    this.scan.other();
    this.depth = Math.max(0, this.depth + delta);
    if (this.tokens[0]?.upper === 'COPY') this.copy.step(delta > 0 ? '(' : ')', this.depth);
  }

  /** Punctuation or a number. */
  other(c?: number): void {
    this.scan.other(c);
    if (this.tokens[0]?.upper !== 'COPY') return;
    this.copy.step(c === 0x2e ? '.' : c === 0x2c ? ',' : '?', this.depth);
  }

  /** A name, keyword or literal; returns what is refused, if anything. */
  token(text: string, quoted: boolean, literal: boolean): string | null {
    const token: Token = literal
      ? { upper: null, value: text, literal: true, quoted: false }
      : { upper: text.toUpperCase(), value: quoted ? text : text.toLowerCase(), literal: false, quoted };
    if (this.tokens.length < 8) this.tokens.push(token);
    this.scan.token(token);
    if (this.tail.length < TAIL_TOKENS) this.tail.push({ token, depth: this.depth });
    if (token.upper === 'DROP' && !quoted && !literal) this.sawDrop = true;
    this.last.push(token);
    if (this.last.length > 3) this.last.shift();
    if (this.tokens[0]?.upper === 'COPY') {
      if (this.tokens.length === 1 && this.last.length === 1) return null; // COPY itself
      return this.copy.token(token, this.last[this.last.length - 2]);
    }
    if (this.decided === null) {
      const verdict = this.decide(false);
      if (verdict) this.decided = verdict;
      if (verdict?.action === 'refuse') return verdict.what;
    }
    return null;
  }

  /** The statement ends (at a `;`, or the end of the dump). */
  finish(terminates: boolean): Verdict | null {
    if (!this.open) return null;
    this.open = false;
    if (this.tokens[0]?.upper === 'COPY') {
      if (this.copy.complete && terminates && this.eligible) {
        const gone = this.dependentVerdict();
        if (gone?.leftOut) this.leftOut.push(gone.leftOut);
        return gone ? { ...gone, ownLines: true, copyData: true } : { action: 'copy' };
      }
      return refuse("a COPY other than pg_dump's COPY … FROM stdin;");
    }
    let verdict = this.decided ?? this.decide(true) ?? pass;
    if (verdict.action === 'pass') verdict = this.dependentVerdict() ?? pass;
    const extensions = this.privileged.leftOutObjects.extensions;
    if (verdict.action === 'pass' && extensions)
      for (const key of dependent(this.tokens, this.scan).creates) extensions.created.add(key);
    if (!this.preludeStatement()) this.prelude = false;
    if (verdict.action === 'skip' && verdict.leftOut) this.leftOut.push(verdict.leftOut);
    if (verdict.action === 'pass' && this.tokens[0]?.upper === 'CREATE') this.privileged.noteCreated(this.tokens);
    if (verdict.action === 'skip') return { ...verdict, ownLines: this.eligible && terminates };
    return verdict;
  }

  /** Left out when the statement names an object left out before it (dependents.ts); null: it does not. */
  private dependentVerdict(): (Verdict & { action: 'skip' }) | null {
    if (!this.watching) return null;
    if (this.tokens[0]?.upper === 'CREATE')
      this.scan.creates(this.tokens.slice(1).find((t) => !NOT_KIND.has(t.upper ?? ''))?.upper ?? undefined);
    const needed = this.scan.found;
    if (needed === null) return null;
    const gone = dependent(this.tokens, this.scan);
    for (const key of gone.creates) this.privileged.leftOutObjects.add(key, gone.what);
    const why = `depends on ${needed}, which is left out`;
    return {
      action: 'skip',
      what: `${gone.what}: ${why}`,
      ownLines: false,
      leftOut: { what: gone.what, why, data: gone.data },
    };
  }

  /** The end of the dump: a DROP DATABASE no CREATE DATABASE followed is refused. */
  atEnd(): Verdict | null {
    return this.pendingDrop ? this.dropRefused() : null;
  }

  /** SET, RESET, drops and pg_dump's `SELECT pg_catalog.set_config(...)` keep the prelude going. */
  private preludeStatement(): boolean {
    const [a, b, c] = this.tokens.map((t) => t.upper);
    if (a === 'SET' || a === 'RESET' || a === 'DROP' || (a === 'ALTER' && this.sawDrop)) return true;
    return a === 'SELECT' && b === 'PG_CATALOG' && (c === 'SET_CONFIG' || c === 'LO_UNLINK');
  }

  private dropRefused(): Verdict {
    const drop = this.pendingDrop as { name: string; line: number };
    this.pendingDrop = null;
    // The lexer names the statement's first line: the DROP's, not this one's.
    this.startLine = drop.line;
    return {
      action: 'refuse',
      what: `DROP DATABASE (drops a database): ${drop.name}, which is not the database a --create dump creates with its next statement`,
      line: drop.line,
    };
  }

  /** `DROP DATABASE [IF EXISTS] name` as pg_dump --create --clean writes it; null when not (yet). */
  private dropDatabaseName(final: boolean): string | null | undefined {
    const t = this.tokens;
    const ifExists = t[2]?.upper === 'IF' && !t[2].quoted && t[3]?.upper === 'EXISTS' && !t[3].quoted;
    const name = t[ifExists ? 4 : 2];
    if (!final) return undefined;
    return name && !name.literal && t.length === (ifExists ? 5 : 3) ? name.value : null;
  }

  /** After a DROP DATABASE: the statement must be the CREATE DATABASE of the same name. */
  private afterDrop(final: boolean): Verdict | null {
    const t = this.tokens;
    const drop = this.pendingDrop as { name: string; line: number };
    for (let i = 0; i < 3; i++) {
      if (!t[i]) return final ? this.dropRefused() : null;
      const ok = i === 0 ? t[0]?.upper === 'CREATE' : i === 1 ? t[1]?.upper === 'DATABASE' : t[2]?.value === drop.name;
      if (!ok || t[i]?.literal) return this.dropRefused();
    }
    this.pendingDrop = null;
    return this.decide(final);
  }

  /** The verdict once the first words tell it; null while they do not yet (or `final`: the end). */
  private decide(final: boolean): Verdict | null {
    const t = this.tokens;
    const first = t[0]?.upper ?? (t[0] ? '' : undefined);
    if (first === undefined) return final ? pass : null;
    if (this.pendingDrop) return this.afterDrop(final);
    if ((first === 'CREATE' || first === 'DROP' || first === 'ALTER') && t[1]?.upper === 'DATABASE') {
      return this.database(first, final);
    }
    // What the drill role may not do, or what acts on something left out (privileged.ts).
    const privileged = privilegedVerdict(t, this.tail, final, this.facts, this.privileged);
    if (privileged !== undefined) return privileged;
    // Everything else is judged by its first words alone (statement-rules.ts).
    return statementVerdict(t, this.last, final, {
      prelude: this.prelude,
      sawDrop: this.sawDrop,
      madeSchemas: this.facts.madeSchemas,
      unknownSettings: this.facts.unknownSettings,
    });
  }

  /** CREATE, DROP or ALTER DATABASE: only a --create dump's own database is let be (skipped). */
  private database(first: 'CREATE' | 'DROP' | 'ALTER', final: boolean): Verdict | null {
    const t = this.tokens;
    if (first === 'DROP') {
      if (this.ownDatabase !== null) return refuse('DROP DATABASE (drops a database) after the CREATE DATABASE');
      const name = this.dropDatabaseName(final);
      if (name === undefined) return null;
      if (name === null) return refuse('DROP DATABASE (drops a database), not as pg_dump --create --clean writes it');
      this.pendingDrop = { name, line: this.startLine };
      return skip('the DROP DATABASE of a --create --clean dump (the drill database is never dropped by the dump)');
    }
    if (first === 'ALTER') {
      const name = t[2];
      if (!name) return final ? refuse('ALTER DATABASE') : null;
      if (this.ownDatabase !== null && name.value === this.ownDatabase) {
        return skip('an ALTER DATABASE of the --create dump’s own database');
      }
      return refuse(`ALTER DATABASE ${name.value} (another database than the drill's)`);
    }
    const name = t[2];
    if (!name) return final ? refuse('CREATE DATABASE') : null;
    if (this.ownDatabase !== null) return refuse(`CREATE DATABASE ${name.value} (a second database)`);
    this.ownDatabase = name.value;
    return skip(`the CREATE DATABASE of a --create dump (restored into the drill database instead)`);
  }

  // --- meta-commands on lines of their own, where pg_dump writes them ------------------------
  /** A line that starts with a backslash outside any statement. */
  metaLine(text: string, describe: (text: string) => string): Verdict {
    if (this.pendingDrop) return this.dropRefused();
    const line = text.replace(/[ \t\r]+$/, '');
    if (/^\\(un)?restrict[ \t]+[A-Za-z0-9]+$/.test(line)) {
      return { action: 'skip', what: "the dump's own \\restrict key (psql runs under the drill's)", ownLines: true };
    }
    if (/^\\encoding[ \t]+[A-Za-z0-9_]+$/.test(line)) {
      return { action: 'skip', what: 'the \\encoding of a --create dump', ownLines: true };
    }
    const connect = /^\\connect[ \t]+(?:-reuse-previous=on[ \t]+)?("(?:[^"]|"")*"|[^\s"]+)$/.exec(line);
    if (connect?.[1]) {
      const name = connectTarget(connect[1]);
      if (name !== null && this.ownDatabase !== null && name === this.ownDatabase) {
        // A new database starts here: a --clean dump's DROPs may follow.
        this.prelude = true;
        return { action: 'skip', what: 'the \\connect of a --create dump to its own database', ownLines: true };
      }
      return refuse(
        `\\connect to ${name === null ? 'another database' : `database ${JSON.stringify(name)}`} (the drill restores only into its own database)`,
      );
    }
    if (/^\\(c|connect)(\s|$)/.test(line))
      return refuse('\\connect to another database (the drill restores only into its own database)');
    return refuse(describe(line));
  }
}
