import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  markCancelled
} from "./chunk-KTT63NWK.js";

// src/drill/cancel-signals.ts
var stopping = false;
function stopOnce(options, cause) {
  if (stopping) return;
  stopping = true;
  markCancelled(typeof cause === "string" ? cause : "SIGTERM");
  import("./cancel-VBYOHBB3.js").then(
    ({ stopDrill }) => stopDrill(options, cause),
    (error) => {
      options.announce(`Drill stopped, but its cleanup could not load: ${String(error)}`);
      process.exit(1);
    }
  );
}
function handleCancellation(options) {
  const onSignal = (signal) => {
    stopOnce(options, signal);
  };
  const onInt = () => onSignal("SIGINT");
  const onTerm = () => onSignal("SIGTERM");
  const onCrash = (error) => {
    stopOnce(options, { crash: error });
  };
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);
  return () => {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
    process.off("uncaughtException", onCrash);
    process.off("unhandledRejection", onCrash);
  };
}
function drillCrashed(options, error) {
  stopOnce(options, { crash: error });
  return new Promise(() => {
  });
}

export {
  handleCancellation,
  drillCrashed
};
