import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  assembleReport,
  displaySource,
  emptyBackupInfo,
  finishReport
} from "./chunk-EEHNMFWD.js";
import "./chunk-33GF2NK2.js";
import {
  cleanup
} from "./chunk-OMODBVHB.js";
import {
  setMaintenance
} from "./chunk-5CK3TBJR.js";
import "./chunk-JJMZJDTI.js";
import "./chunk-KJ4R23QH.js";
import "./chunk-MFMXUWMA.js";
import {
  writeReportFiles
} from "./chunk-ROEGHXHL.js";
import {
  CHECK_IDS
} from "./chunk-ERDHK7FH.js";
import "./chunk-ZOEOBCSS.js";
import "./chunk-R7EDQP7H.js";
import "./chunk-VUQJBVW6.js";
import "./chunk-GOQBBC7E.js";
import {
  removeTempDirsSync
} from "./chunk-4W44TVMQ.js";
import {
  check
} from "./chunk-JBTATGD6.js";
import {
  markCancelled,
  runCancelHooks,
  stopAllGroups
} from "./chunk-KTT63NWK.js";
import "./chunk-WFPRG6TS.js";
import "./chunk-CN4I7IFA.js";
import "./chunk-6NM6FAV3.js";
import "./chunk-CN5VJVNZ.js";
import "./chunk-PSHNSFM7.js";
import "./chunk-C4EZGGVE.js";
import "./chunk-V6E6NHID.js";
import "./chunk-LIWSDS64.js";
import "./chunk-TZ6PIJFA.js";

// src/drill/cancel.ts
var EXIT_CODES = { SIGINT: 130, SIGTERM: 143 };
var HARD_LIMIT_MS = 8e3;
function crashText(error) {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
function causeWords(cause) {
  return typeof cause === "string" ? `cancelled (${cause})` : `the drill crashed (${crashText(cause.crash)})`;
}
function cancelledReport(ctx, progress, finished, signal) {
  const done = new Set(finished.map((c) => c.id));
  const why = ctx.secrets.redact(`${causeWords(signal)} before this check finished`);
  const checks = [...finished];
  for (const id of CHECK_IDS) if (!done.has(id)) checks.push(check(id, "fail", why));
  for (const name of progress.customCheckNames) {
    if (!done.has(`custom.${name}`)) checks.push(check(`custom.${name}`, "fail", why));
  }
  const report = assembleReport(ctx, progress.startedAt, {
    backup: progress.backup ?? emptyBackupInfo(ctx.secrets.redact(displaySource(ctx.config.backupSource))),
    inventory: null,
    restore: progress.restore,
    database: progress.database,
    migration: progress.migration,
    api: progress.api,
    apiSkippedReason: progress.api === null ? ctx.secrets.redact(causeWords(signal)) : null,
    checks,
    timings: progress.timings
  });
  return finishReport(report);
}
async function stopDrill(options, signal) {
  const { ctx, state, progress } = options;
  const crashed = typeof signal !== "string";
  markCancelled(crashed ? "SIGTERM" : signal);
  const finished = progress.checks.slice();
  const code = crashed ? 1 : EXIT_CODES[signal] ?? 1;
  const stopped = crashed ? "crashed" : `cancelled by ${signal}`;
  const exit = (line) => {
    removeTempDirsSync();
    options.announce(ctx.secrets.redact(line));
    process.exit(code);
  };
  const hardStop = setTimeout(
    () => exit(`Drill ${stopped}; cleanup did not finish in time (exit ${code}).`),
    HARD_LIMIT_MS
  );
  const notes = [];
  const maintenanceWasOn = state.get().maintenanceOn;
  try {
    await stopAllGroups(2e3);
    await runCancelHooks();
    if (state.get().maintenanceOn) {
      const off = await setMaintenance(ctx, false, `restore drill ${crashed ? "crashed" : "cancelled"}`);
      if (off.ok) state.save({ maintenanceOn: false });
      else notes.push(`maintenance mode NOT switched off (the post step tries again): ${off.message}`);
    }
    if (maintenanceWasOn && !state.get().maintenanceOn) notes.push("maintenance mode switched off");
    const paths = await writeReportFiles(cancelledReport(ctx, progress, finished, signal), ctx.config, ctx.secrets);
    notes.push(`report so far in ${paths.jsonPath}`);
    const made = state.get().createdDatabase;
    if (options.leaveForPostStep) {
      if (made) notes.push(`the post step drops ${made}`);
    } else {
      await cleanup(ctx, state.get());
      if (made && !ctx.config.keepDatabase) notes.push(`${made} dropped`);
    }
  } catch (error) {
    notes.push(`cleanup incomplete: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(hardStop);
  }
  const what = crashed ? `Drill crashed: ${crashText(signal.crash)}` : `Drill cancelled by ${signal}`;
  exit(`${what} (exit ${code}): ${notes.join("; ")}.`);
}
export {
  stopDrill
};
