import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  addDecryptionKey
} from "./chunk-JBTATGD6.js";
import {
  INPUTS
} from "./chunk-C4EZGGVE.js";

// src/config/input-secrets.ts
function addCredentialUrl(secrets, value) {
  secrets.add(value);
  const bare = value.replace(/^(slack|teams|json):(?!\/\/)/i, "").trim();
  secrets.add(bare);
  try {
    const url = new URL(bare);
    secrets.add(url.toString());
    if (url.pathname.length > 8) secrets.add(url.pathname + url.search);
  } catch {
  }
}
function addUrlCredentials(secrets, value) {
  secrets.addUrl(value);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !URL.canParse(value)) secrets.add(value);
  const userInfo = /^[a-z][a-z0-9+.-]*:\/\/([^/@:]*):([^/@]*)@/i.exec(value);
  if (userInfo?.[2]) secrets.addPassword(userInfo[2], userInfo[1]);
}
function registerInputSecrets(raw, secrets, specs = INPUTS) {
  for (const spec of specs) {
    const given = raw[spec.name];
    if (spec.secret === void 0 || given === void 0) continue;
    const value = given.trim();
    if (value === "") continue;
    switch (spec.secret) {
      case "value":
        secrets.add(value);
        break;
      case "lines":
        for (const line of given.split(/\r?\n/)) secrets.add(line.trim());
        break;
      case "key":
        addDecryptionKey(secrets, given);
        break;
      case "url":
        addCredentialUrl(secrets, value);
        break;
      case "url-credentials":
        addUrlCredentials(secrets, value);
        break;
    }
  }
}

// src/config/input-spec.ts
function inputVariable(name) {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}
function readInputs(specs, env, flags = {}) {
  const raw = {};
  for (const spec of specs) raw[spec.name] = flags[spec.name] ?? env[inputVariable(spec.name)];
  return raw;
}

export {
  registerInputSecrets,
  readInputs
};
