import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);

// src/model/context.ts
function check(id, status, summary, details = null, startedAt) {
  return {
    id,
    status,
    summary,
    details,
    durationMs: startedAt === void 0 ? 0 : Math.round(performance.now() - startedAt),
    regressions: []
  };
}

// src/util/secrets.ts
var SecretRegistry = class {
  constructor(onAdd = () => {
  }) {
    this.onAdd = onAdd;
  }
  onAdd;
  values = /* @__PURE__ */ new Set();
  add(value) {
    if (!value || value.length < 3 || this.values.has(value)) return;
    this.values.add(value);
    this.onAdd(value);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) {
      this.values.add(encoded);
      this.onAdd(encoded);
    }
  }
  /**
   * A password, unless it is no secret: a well-known default (`postgres`, `password`, …) or the
   * user name itself. Registering those would mask every "postgres" in the log (`***ql://***:***@…`)
   * and hide nothing anyone could not guess; URLs are printed with the password replaced instead.
   */
  addPassword(password, user) {
    if (!password || isGuessablePassword(password, user)) return;
    this.add(password);
  }
  /**
   * Registers the password of a connection URL, and the URL whole, so a tool that echoes the URL
   * has it masked as one piece (`***`) rather than in fragments.
   */
  addUrl(url) {
    if (!url) return;
    try {
      const parsed = new URL(url);
      if (parsed.password) {
        this.add(url);
        this.addPassword(decodeURIComponent(parsed.password), decodeURIComponent(parsed.username));
      }
      for (const [key, value] of parsed.searchParams) {
        if (/signature|credential|token|key/i.test(key)) this.add(value);
      }
    } catch {
    }
  }
  redact(text) {
    let out = text;
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) {
      out = out.split(value).join("***");
    }
    return out;
  }
};
var WELL_KNOWN_PASSWORDS = /* @__PURE__ */ new Set([
  "postgres",
  "postgresql",
  "password",
  "passwd",
  "pass",
  "secret",
  "admin",
  "root",
  "changeme",
  "example",
  "test",
  "letmein",
  "123456",
  "12345678"
]);
function isGuessablePassword(password, user) {
  const p = password.toLowerCase();
  return WELL_KNOWN_PASSWORDS.has(p) || !!user && p === user.toLowerCase();
}
function withoutPassword(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    for (const key of [...parsed.searchParams.keys()]) {
      if (/signature|credential|token|key|password/i.test(key)) parsed.searchParams.set(key, "***");
    }
    return parsed.toString();
  } catch {
    return url;
  }
}
function addDecryptionKey(secrets, key) {
  if (!key) return;
  secrets.add(key.trim());
  for (const line of key.split(/\r?\n/)) {
    const t = line.trim();
    if (t.length >= 8 && !t.startsWith("-----")) secrets.add(t);
  }
  const end = key.lastIndexOf("-----END PGP PRIVATE KEY BLOCK-----");
  if (end >= 0) {
    const passphrase = key.slice(end + "-----END PGP PRIVATE KEY BLOCK-----".length).trim();
    if (passphrase !== "") secrets.add(passphrase);
  }
}

export {
  SecretRegistry,
  withoutPassword,
  addDecryptionKey,
  check
};
