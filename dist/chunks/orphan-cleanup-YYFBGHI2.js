import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  ROLE_MARKER,
  connectWhenReady,
  dropCommand,
  dropDrillDatabase,
  newRunIdentity,
  parseMark
} from "./chunk-MFMXUWMA.js";
import "./chunk-JBTATGD6.js";
import "./chunk-KTT63NWK.js";
import "./chunk-WFPRG6TS.js";
import "./chunk-CN4I7IFA.js";
import "./chunk-C4EZGGVE.js";
import "./chunk-V6E6NHID.js";
import "./chunk-LIWSDS64.js";
import "./chunk-TZ6PIJFA.js";

// src/restore/orphan-cleanup.ts
async function markedObjects(client, database) {
  const { rows } = await client.query(
    `SELECT 'database' AS kind, d.datname AS name, shobj_description(d.oid, 'pg_database') AS comment,
            pg_get_userbyid(d.datdba) AS owner, shobj_description(d.datdba, 'pg_authid') AS owner_comment
       FROM pg_database d WHERE d.datname = $1
     UNION ALL
     SELECT 'role', r.rolname, shobj_description(r.oid, 'pg_authid'), NULL, NULL
       FROM pg_roles r WHERE shobj_description(r.oid, 'pg_authid') LIKE $2 || '%'`,
    [database, ROLE_MARKER]
  );
  return rows.flatMap((r) => {
    const mark = parseMark(r.owner_comment) ?? parseMark(r.comment);
    return mark === null ? [] : [{ kind: r.kind, name: r.name, mark, owner: r.owner }];
  });
}
function exitedHere(by) {
  const mark = /^pid (\d+) on (.+)$/.exec(by);
  const here = /^pid \d+ on (.+)$/.exec(newRunIdentity({}).by)?.[1];
  if (!mark || here === void 0 || mark[2] !== here || Number(mark[1]) === process.pid) return false;
  try {
    process.kill(Number(mark[1]), 0);
    return false;
  } catch (error) {
    return error.code === "ESRCH";
  }
}
async function cleanupByMark(ctx) {
  const { config } = ctx;
  const by = newRunIdentity(ctx.env).by;
  const client = await connectWhenReady(config.databaseUrl, {
    budgetMs: 1e4,
    redact: (t) => ctx.secrets.redact(t)
  });
  let found;
  try {
    found = await markedObjects(client, config.drillDatabase);
  } finally {
    await client.end().catch(() => {
    });
  }
  const ours = found.filter((o) => o.mark.by === by || exitedHere(o.mark.by));
  const owners = new Set(ours.filter((o) => o.kind === "database").map((o) => o.owner));
  const others = found.filter((o) => !ours.includes(o) && o.kind === "database");
  const lines = [];
  for (const o of ours) {
    if (o.kind === "role" && owners.has(o.name)) continue;
    const ownerRole = o.kind === "database" && ours.some((r) => r.kind === "role" && r.name === o.owner);
    const what = o.kind === "database" ? `the drill database ${o.name}${ownerRole ? ` and its drill role ${o.owner}` : ""}` : `the drill role ${o.name}`;
    if (o.kind === "database" && config.keepDatabase) {
      lines.push(`Keeping ${what} (keep-database: true).`);
      continue;
    }
    try {
      await dropDrillDatabase(
        config.databaseUrl,
        o.kind === "database" ? o.name : null,
        o.kind === "role" ? { nonce: o.mark.nonce, role: o.name } : { nonce: o.mark.nonce }
      );
      lines.push(
        o.mark.by === by ? `Dropped ${what}, found by this run's mark (${by}).` : `Dropped ${what}, made by ${o.mark.by}, a drill on this host that has exited.`
      );
    } catch (error) {
      lines.push(`Could not drop ${what}: ${ctx.secrets.redact(error.message)}`);
    }
  }
  for (const o of others) {
    lines.push(
      `The drill database ${o.name} carries the mark of another drill (${o.mark.by}, made ${o.mark.createdAt.toISOString()}): not dropped. If that drill is over and the database is a leftover, drop it${o.owner && found.some((r) => r.kind === "role" && r.name === o.owner) ? " and its drill role" : ""} with: ` + dropCommand(
        config.databaseUrl,
        o.name,
        found.filter((r) => r.kind === "role" && r.name === o.owner).map((r) => r.name)
      )
    );
  }
  return lines;
}
export {
  cleanupByMark
};
