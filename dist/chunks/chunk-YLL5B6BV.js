import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);

// src/util/state.ts
function emptyState() {
  return {
    createdDatabase: null,
    apiPid: null,
    apiStartTime: null,
    maintenanceOn: false,
    runNonce: null,
    drillRole: null,
    databaseOid: null
  };
}
var MemoryState = class {
  state = emptyState();
  save(patch) {
    this.state = { ...this.state, ...patch };
  }
  get() {
    return { ...this.state };
  }
};
var MAIN_STARTED_KEY = "main-started";
var KEYS = {
  createdDatabase: "created-database",
  apiPid: "api-pid",
  apiStartTime: "api-start-time",
  maintenanceOn: "maintenance-on",
  runNonce: "run-nonce",
  drillRole: "drill-role",
  databaseOid: "database-oid"
};
function toStateEntries(patch) {
  const out = [];
  if ("createdDatabase" in patch) out.push([KEYS.createdDatabase, patch.createdDatabase ?? ""]);
  if ("apiPid" in patch)
    out.push([KEYS.apiPid, patch.apiPid === null || patch.apiPid === void 0 ? "" : String(patch.apiPid)]);
  if ("apiStartTime" in patch) out.push([KEYS.apiStartTime, patch.apiStartTime ?? ""]);
  if ("maintenanceOn" in patch) out.push([KEYS.maintenanceOn, patch.maintenanceOn ? "true" : "false"]);
  if ("runNonce" in patch) out.push([KEYS.runNonce, patch.runNonce ?? ""]);
  if ("drillRole" in patch) out.push([KEYS.drillRole, patch.drillRole ?? ""]);
  if ("databaseOid" in patch) out.push([KEYS.databaseOid, patch.databaseOid == null ? "" : String(patch.databaseOid)]);
  return out;
}
function fromStateEntries(get) {
  const pid = Number.parseInt(get(KEYS.apiPid), 10);
  return {
    createdDatabase: get(KEYS.createdDatabase) || null,
    apiPid: Number.isInteger(pid) && pid > 0 ? pid : null,
    apiStartTime: get(KEYS.apiStartTime) || null,
    maintenanceOn: get(KEYS.maintenanceOn) === "true",
    runNonce: get(KEYS.runNonce) || null,
    drillRole: get(KEYS.drillRole) || null,
    databaseOid: /^\d+$/.test(get(KEYS.databaseOid)) ? Number(get(KEYS.databaseOid)) : null
  };
}

export {
  emptyState,
  MemoryState,
  MAIN_STARTED_KEY,
  toStateEntries,
  fromStateEntries
};
