// The verdict on a statement of a plain dump by its first words, for all but the statements on
// databases (a --create dump's own, judged with its state in rules.ts): what reaches
// past the drill database (roles, tablespaces, the server's configuration, libraries) is
// refused; privileges, owners, the DROPs a --clean dump starts with and comments on what the
// drill does not restore are skipped.
import { setVerdict } from './set.js';
import { pass, refuse, skip, type Token, type Verdict } from './verdict.js';

const ROLE_WORDS = new Set(['ROLE', 'USER', 'GROUP']);
const OWNER_STATEMENT = 'an owner statement (the drill restores as its own role)';
const PRIVILEGE_STATEMENT = 'a privilege statement (roles of the source server)';
const CLEAN_DROP =
  "a DROP of pg_dump --clean (the drill database is new: nothing of the backup's is there to drop, and its extensions are the admin's)";

/** What the judge knows besides the statement's words (see StatementJudge). */
interface StatementContext {
  /** Nothing but SET statements and drops yet: the start of a --clean dump. */
  prelude: boolean;
  /** The statement has the keyword DROP. */
  sawDrop: boolean;
  /** Schemas made before the restore, for the extensions in them. */
  madeSchemas: ReadonlySet<string>;
  /** Settings the target server does not have (lower case): their SET is skipped. */
  unknownSettings?: ReadonlySet<string>;
}

/**
 * The verdict once the first words `t` tell it (`last`: the last three); null while they do not
 * yet (or `final`: the end). Not for CREATE, DROP or ALTER DATABASE.
 */
export function statementVerdict(t: Token[], last: Token[], final: boolean, context: StatementContext): Verdict | null {
  const w = (i: number) => t[i]?.upper ?? (t[i] ? '' : undefined);
  const first = w(0);
  if (first === undefined) return final ? pass : null;
  const need = (i: number) => (w(i) === undefined && !final ? null : (w(i) ?? ''));
  switch (first) {
    case 'GRANT':
    case 'REVOKE':
      return skip(PRIVILEGE_STATEMENT);
    case 'REASSIGN':
      return refuse('REASSIGN OWNED (a role statement)');
    case 'LOAD':
      return refuse('LOAD (loads a library into the database server)');
    case 'CREATE':
    case 'DROP': {
      const what = need(1);
      if (what === null) return null;
      if (ROLE_WORDS.has(what)) {
        if (what === 'USER') {
          const next = need(2);
          if (next === null) return null;
          if (next === 'MAPPING') return first === 'DROP' && context.prelude ? skip(CLEAN_DROP) : pass;
        }
        return refuse(`${first} ${what} (a role statement: roles belong to the whole server)`);
      }
      if (what === 'TABLESPACE') return refuse(`${first} TABLESPACE (writes to the server's file system)`);
      if (what === 'OWNED') return refuse('DROP OWNED (a role statement)');
      if (first === 'CREATE' && what === 'SCHEMA' && context.madeSchemas.size > 0) {
        if (!final) return null;
        const name = t[2];
        return t.length === 3 && name && !name.literal && context.madeSchemas.has(name.value)
          ? skip(`the CREATE SCHEMA of ${name.value} (made before the restore, for the extension in it)`)
          : pass;
      }
      return first === 'DROP' && context.prelude ? skip(CLEAN_DROP) : pass;
    }
    case 'ALTER': {
      const what = need(1);
      if (what === null) return null;
      if (what === 'SYSTEM') return refuse("ALTER SYSTEM (changes the server's configuration)");
      if (ROLE_WORDS.has(what)) {
        if (what === 'USER') {
          const next = need(2);
          if (next === null) return null;
          if (next === 'MAPPING') return pass;
        }
        return refuse(`ALTER ${what} (a role statement: roles belong to the whole server)`);
      }
      if (what === 'TABLESPACE') return refuse("ALTER TABLESPACE (the server's file system)");
      if (what === 'DEFAULT') return skip(PRIVILEGE_STATEMENT);
      if (!final) return null;
      if (context.prelude && context.sawDrop) return skip(CLEAN_DROP);
      const [a, b] = last;
      return a?.upper === 'OWNER' && b?.upper === 'TO' && last.length === 3 ? skip(OWNER_STATEMENT) : pass;
    }
    case 'SET':
    case 'RESET':
      return setVerdict(t, first, final, context.unknownSettings);
    case 'SELECT': {
      // Large objects: a --clean dump's first statements unlink them.
      if (!context.prelude) return pass;
      const fn = need(2);
      if (fn === null) return null;
      return w(1) === 'PG_CATALOG' && fn === 'LO_UNLINK' ? skip(CLEAN_DROP) : pass;
    }
    case 'COMMENT': {
      const on = need(2);
      if (on === null) return null;
      if (on === 'DATABASE') return skip('a COMMENT ON DATABASE (the drill database is not the source)');
      // Only an extension's owner may comment on it, and the admin connection created it.
      return on === 'EXTENSION' ? skip('a COMMENT ON EXTENSION (the extension was created before the restore)') : pass;
    }
    case 'SECURITY': {
      const at = w(2) === 'FOR' ? 5 : 3;
      const target = need(at);
      if (target === null) return null;
      return target === 'DATABASE' ? skip('a SECURITY LABEL ON DATABASE') : pass;
    }
    default:
      return pass;
  }
}
