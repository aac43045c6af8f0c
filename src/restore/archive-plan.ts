// What of an archive the restore leaves out, and why: the pg_restore -L list is every other
// entry. Left out quietly: what the admin connection did first (the extensions it created, their
// comments, the schemas made for them). Left out and named in the report: what a role without
// superuser may not do (privileged-entries.ts) and the extensions not created (not trusted, not
// allowed), with everything that depends on one of those by the archive's own dependencies (a
// view on a dblink function, a server of a wrapper left out), since it would fail without it.
import type { ArchiveToc, ArchiveTocEntry } from '../dump/archive-toc.js';
import { missingRoles } from '../dump/plain/privileged-reasons.js';
import { commentedExtension } from './extensions.js';
import type { LeftOut } from './left-out.js';
import { policyRoles, privilegedWhy, type TypeKey, typeKey } from './privileged-entries.js';

interface ArchivePlanInput {
  /** The extensions the admin connection created. */
  created: ReadonlySet<string>;
  /** The extensions not created, each with why. */
  skipped: ReadonlyMap<string, string>;
  /** The schemas made before the restore for extensions. */
  madeSchemas: ReadonlySet<string>;
  /** The roles the server has (null: not known; policies are then kept). */
  roles: ReadonlySet<string> | null;
  /** The restore runs as the drill role: what it may not do is left out (restore-role: admin does it all). */
  privileged: boolean;
}

interface ArchivePlan {
  /** Dump ids the pg_restore -L list leaves out. */
  leave: Set<number>;
  /** What was left out that the backup meant to restore, each with why. */
  leftOut: LeftOut[];
}

/** `COMMENT ON EXTENSION x`, `VIEW public.v`: an entry as people name it. */
function entryName(entry: ArchiveTocEntry): string {
  if (entry.desc === 'COMMENT' || entry.desc === 'SECURITY LABEL') return `${entry.desc} ON ${entry.tag}`;
  // Some tags name their kind already: `CAST (text AS x)`, `USER MAPPING u SERVER s`.
  if (entry.tag.startsWith(`${entry.desc} `)) return entry.tag;
  return `${entry.desc} ${entry.namespace ? `${entry.namespace}.` : ''}${entry.tag}`;
}

const DATA_KINDS = new Set([
  'TABLE',
  'TABLE DATA',
  'MATERIALIZED VIEW',
  'MATERIALIZED VIEW DATA',
  'SEQUENCE',
  'SEQUENCE SET',
  'BLOB',
  'BLOB METADATA',
  'BLOBS',
]);

export function planArchive(toc: ArchiveToc, input: ArchivePlanInput): ArchivePlan {
  const leave = new Set<number>();
  const leftOut: LeftOut[] = [];
  const roots = new Map<number, ArchiveTocEntry>();
  const restoredTypes = new Set<TypeKey>(
    toc.entries
      .filter((e) => ['TYPE', 'DOMAIN', 'TABLE', 'VIEW', 'MATERIALIZED VIEW', 'FOREIGN TABLE'].includes(e.desc))
      .map((e) => typeKey(e.namespace ?? '', e.tag)),
  );
  const add = (entry: ArchiveTocEntry, why: string, root: boolean) => {
    leave.add(entry.dumpId);
    leftOut.push({ what: entryName(entry), why, data: DATA_KINDS.has(entry.desc) });
    if (root) roots.set(entry.dumpId, entry);
  };
  for (const entry of toc.entries) {
    const commented = entry.desc === 'COMMENT' ? commentedExtension(entry.tag) : null;
    if (entry.desc === 'EXTENSION' && input.created.has(entry.tag)) leave.add(entry.dumpId);
    else if (commented !== null && input.created.has(commented)) leave.add(entry.dumpId);
    else if (entry.desc === 'SCHEMA' && input.madeSchemas.has(entry.tag)) leave.add(entry.dumpId);
    else if (entry.desc === 'EXTENSION' && input.skipped.has(entry.tag)) {
      add(entry, input.skipped.get(entry.tag) as string, true);
    } else if (input.privileged) {
      const why = privilegedWhy(entry, restoredTypes) ?? missingRolesWhy(entry, input.roles);
      if (why !== null) add(entry, why, true);
    }
  }
  // What depends on an entry left out goes too (breadth first over the reversed dependencies).
  const dependents = new Map<number, ArchiveTocEntry[]>();
  for (const entry of toc.entries) {
    for (const dep of entry.dependencies) {
      const list = dependents.get(dep);
      if (list) list.push(entry);
      else dependents.set(dep, [entry]);
    }
  }
  const queue = [...roots.values()];
  for (let i = 0; i < queue.length; i++) {
    const parent = queue[i] as ArchiveTocEntry;
    for (const child of dependents.get(parent.dumpId) ?? []) {
      if (leave.has(child.dumpId)) continue;
      add(child, `depends on ${entryName(parent)}, which is left out`, false);
      queue.push(child);
    }
  }
  return { leave, leftOut };
}

/** A policy naming roles the server does not have would fail to be created. */
function missingRolesWhy(entry: ArchiveTocEntry, roles: ReadonlySet<string> | null): string | null {
  if (entry.desc !== 'POLICY' || roles === null) return null;
  const missing = policyRoles(entry.defn ?? '').filter((r) => !roles.has(r));
  if (missing.length === 0) return null;
  return missingRoles(missing);
}
