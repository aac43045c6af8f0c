// The post step without its state (a main step that died before saving it, or a runner such as
// @github/local-action that does not carry state from the main step to the post step): what this
// run made is found by its mark instead. The drill database (drill-database) and any drill role
// whose mark names this run (`by`: the workflow run's page, or the process and host of a local
// run) are dropped, each only with the nonce its own mark carries; so are those of a local drill
// on this very host whose process has exited (`local-action run . src/action/main.ts` and then
// `… src/action/post.ts` are two processes). Anything else is left alone, and the log says exactly what to
// run if it is a leftover.
import type pg from 'pg';
import type { DrillContext } from '../model/context.js';
import { dropDrillDatabase } from './drill-database.js';
import { dropCommand } from './drill-mark.js';
import { newRunIdentity, type ParsedMark, parseMark, ROLE_MARKER } from './drill-role.js';
import { connectWhenReady } from './wait-for-postgres.js';

interface Marked {
  kind: 'database' | 'role';
  name: string;
  mark: ParsedMark;
  /** A database's owner: the drill role that goes with it. */
  owner: string | null;
}

/** The drill database of this name and every drill role, with the run their marks name. */
async function markedObjects(client: pg.Client, database: string): Promise<Marked[]> {
  const { rows } = await client.query<{
    kind: 'database' | 'role';
    name: string;
    comment: string | null;
    owner: string | null;
    owner_comment: string | null;
  }>(
    `SELECT 'database' AS kind, d.datname AS name, shobj_description(d.oid, 'pg_database') AS comment,
            pg_get_userbyid(d.datdba) AS owner, shobj_description(d.datdba, 'pg_authid') AS owner_comment
       FROM pg_database d WHERE d.datname = $1
     UNION ALL
     SELECT 'role', r.rolname, shobj_description(r.oid, 'pg_authid'), NULL, NULL
       FROM pg_roles r WHERE shobj_description(r.oid, 'pg_authid') LIKE $2 || '%'`,
    [database, ROLE_MARKER],
  );
  return rows.flatMap((r) => {
    // A drill role's mark (the owner's, for a database): the backup can write a database's own
    // comment, not a role's (drill-mark.ts); a database's comment counts only without one.
    const mark = parseMark(r.owner_comment) ?? parseMark(r.comment);
    return mark === null ? [] : [{ kind: r.kind, name: r.name, mark, owner: r.owner }];
  });
}

/** A mark of a command-line or local-action drill on this host (`pid N on <host>`) whose process is gone. */
function exitedHere(by: string): boolean {
  const mark = /^pid (\d+) on (.+)$/.exec(by);
  const here = /^pid \d+ on (.+)$/.exec(newRunIdentity({}).by)?.[1];
  if (!mark || here === undefined || mark[2] !== here || Number(mark[1]) === process.pid) return false;
  try {
    process.kill(Number(mark[1]), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Drops what the marks say this run made; returns what it did, in words, for the post step's log.
 * Never throws for a database that is not there.
 */
export async function cleanupByMark(ctx: DrillContext): Promise<string[]> {
  const { config } = ctx;
  const by = newRunIdentity(ctx.env).by;
  const client = await connectWhenReady(config.databaseUrl, {
    budgetMs: 10_000,
    redact: (t) => ctx.secrets.redact(t),
  });
  let found: Marked[];
  try {
    found = await markedObjects(client, config.drillDatabase);
  } finally {
    await client.end().catch(() => {});
  }
  const ours = found.filter((o) => o.mark.by === by || exitedHere(o.mark.by));
  // A drill role that owns this run's database goes with it, in the same drop.
  const owners = new Set(ours.filter((o) => o.kind === 'database').map((o) => o.owner));
  const others = found.filter((o) => !ours.includes(o) && o.kind === 'database');
  const lines: string[] = [];
  for (const o of ours) {
    if (o.kind === 'role' && owners.has(o.name)) continue;
    const ownerRole = o.kind === 'database' && ours.some((r) => r.kind === 'role' && r.name === o.owner);
    const what =
      o.kind === 'database'
        ? `the drill database ${o.name}${ownerRole ? ` and its drill role ${o.owner}` : ''}`
        : `the drill role ${o.name}`;
    if (o.kind === 'database' && config.keepDatabase) {
      lines.push(`Keeping ${what} (keep-database: true).`);
      continue;
    }
    try {
      await dropDrillDatabase(
        config.databaseUrl,
        o.kind === 'database' ? o.name : null,
        o.kind === 'role' ? { nonce: o.mark.nonce, role: o.name } : { nonce: o.mark.nonce },
      );
      lines.push(
        o.mark.by === by
          ? `Dropped ${what}, found by this run's mark (${by}).`
          : `Dropped ${what}, made by ${o.mark.by}, a drill on this host that has exited.`,
      );
    } catch (error) {
      lines.push(`Could not drop ${what}: ${ctx.secrets.redact((error as Error).message)}`);
    }
  }
  for (const o of others) {
    lines.push(
      `The drill database ${o.name} carries the mark of another drill (${o.mark.by}, made ${o.mark.createdAt.toISOString()}): not dropped. ` +
        `If that drill is over and the database is a leftover, drop it${o.owner && found.some((r) => r.kind === 'role' && r.name === o.owner) ? ' and its drill role' : ''} with: ` +
        dropCommand(
          config.databaseUrl,
          o.name,
          found.filter((r) => r.kind === 'role' && r.name === o.owner).map((r) => r.name),
        ),
    );
  }
  return lines;
}
