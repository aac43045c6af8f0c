// A plain dump's verdict: what the scanner found while the bytes streamed past once (a refusal,
// the completion marker, COPY terminators, CREATE TABLE statements), and whether the local psql
// may restore it (new enough for the dump, and with \restrict).
import { psqlHasRestrict, RESTRICT_RELEASES } from '../util/pg-tools.js';
import { GunzipSink } from './gunzip-sink.js';
import { PlainDumpScanner } from './plain-scanner.js';
import { type ArchiveVerdict, fail, readPass, type Verification, type VerifyInput, verdict } from './verification.js';

/** A plain dump from a newer pg_dump than the local psql: said before psql starts. */
async function plainTooNew(input: VerifyInput): Promise<ArchiveVerdict | null> {
  const dumpMajor = Number(/^(\d+)/.exec(input.pgDumpVersion ?? '')?.[1] ?? Number.NaN);
  if (!Number.isFinite(dumpMajor) || !input.psql) return null;
  const psql = await input.psql().catch(() => null);
  if (!psql || dumpMajor <= psql.major) return null;
  return verdict(
    'fail',
    `plain dump written by pg_dump ${input.pgDumpVersion} is too new for psql ${psql.version}: its SQL may use what PostgreSQL ${psql.major} does not know; install the PostgreSQL ${dumpMajor} client tools (or newer) or set pg-bin-dir to their bin folder`,
    { pgDumpVersion: input.pgDumpVersion, psqlVersion: psql.version, psql: psql.path },
    true,
  );
}

/**
 * A plain dump is restored by psql under a `\restrict` key of the drill's own, which psql has
 * since the August 2025 minor releases: an older psql would obey the meta-commands a dump holds.
 */
async function plainWithoutRestrict(input: VerifyInput): Promise<ArchiveVerdict | null> {
  const psql = input.psql ? await input.psql().catch(() => null) : null;
  if (!psql || psqlHasRestrict(psql)) return null;
  return verdict(
    'fail',
    `psql ${psql.version} cannot restore a plain dump safely: it lacks \\restrict (psql ${RESTRICT_RELEASES}), so the dump's psql meta-commands would run on the runner; install a current PostgreSQL client (or set pg-bin-dir to its bin folder)`,
    { psqlVersion: psql.version, psql: psql.path },
  );
}

export async function verifyPlain(input: VerifyInput): Promise<Verification> {
  const scanner = new PlainDumpScanner();
  const gunzip = input.format === 'plain-gzip' ? new GunzipSink(scanner) : null;
  const pass = await readPass(input, [gunzip ?? scanner]);
  const base = {
    ...pass,
    manifest: null,
    toc: null,
    tocTables: scanner.tables,
    tocEntries: null,
    extensions: scanner.extensions,
  };
  const what = input.format === 'plain-gzip' ? 'gzip-compressed plain dump' : 'plain dump';
  const details = { createTables: scanner.tables.length, inflatedBytes: gunzip?.inflatedBytes ?? null };
  if (gunzip?.error) return { ...base, archive: fail(`${what} is damaged: ${gunzip.error}`, details) };
  const refusal = scanner.refusal;
  if (refusal) {
    return {
      ...base,
      archive: fail(
        `${what} refused at line ${refusal.line}: ${refusal.what}; a backup is data, not a script, so nothing of it was run`,
        { ...details, refusedLine: refusal.line, refused: refusal.what },
      ),
    };
  }
  if (!scanner.complete) {
    return {
      ...base,
      archive: fail(
        `${what} is incomplete: it does not end with pg_dump's '-- PostgreSQL database dump complete' marker (cut short?)`,
        details,
      ),
    };
  }
  const tooNew = (await plainTooNew(input)) ?? (await plainWithoutRestrict(input));
  if (tooNew) return { ...base, archive: { ...tooNew, details: { ...details, ...tooNew.details } } };
  if (scanner.unterminatedCopy) {
    return {
      ...base,
      archive: fail(
        `${what} is damaged: the COPY data of ${scanner.unterminatedCopy} does not end with pg_dump's \\. terminator`,
        details,
      ),
    };
  }
  return {
    ...base,
    archive: verdict(
      'ok',
      `${what} complete (ends with pg_dump's completion marker, every COPY terminated), ${scanner.tables.length} CREATE TABLE statements`,
      details,
    ),
  };
}
