import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  hasControlCharacters,
  sanitizeName
} from "./chunk-CN4I7IFA.js";
import {
  formatBytes,
  formatDuration
} from "./chunk-LIWSDS64.js";

// src/source/remote-errors.ts
var HttpStatusError = class extends Error {
  constructor(status, where, bodyText) {
    super(`HTTP ${status} from ${where}`);
    this.status = status;
    this.where = where;
    this.bodyText = bodyText;
    this.name = "HttpStatusError";
  }
  status;
  where;
  bodyText;
};
var CONNECTION_CODES = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED"
]);
function isConnectionError(error) {
  const e = error;
  return CONNECTION_CODES.has(e?.code ?? "") || CONNECTION_CODES.has(e?.cause?.code ?? "");
}
function sizes(a, b) {
  const [fa, fb] = [formatBytes(a), formatBytes(b)];
  return fa === fb ? [`${fa} (${a} bytes)`, `${fb} (${b} bytes)`] : [fa, fb];
}
var DownloadTooLargeError = class extends Error {
  constructor(where, size, cap, free, dir, partial = false) {
    const [got, most] = sizes(size, cap);
    const limit = free !== null && cap === free ? `the temporary folder ${dir} has ${most} free` : `the download cap is ${most}`;
    super(
      partial ? `${where}: stopped after ${got}: ${limit}` : `${where} is ${got} but ${limit}; nothing was downloaded`
    );
    this.name = "DownloadTooLargeError";
  }
};
var DeadlineError = class extends Error {
  constructor(where, ms) {
    super(`${where}: no complete answer within ${formatDuration(ms)} (the request's total deadline)`);
    this.name = "DeadlineError";
  }
};

// src/source/s3-location.ts
var S3Error = class extends Error {
  constructor(status, code, message, bucketRegion = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.bucketRegion = bucketRegion;
    this.name = "S3Error";
  }
  status;
  code;
  bucketRegion;
};
function refusedKeyReason(key) {
  return key.split("/").some((segment) => segment === "." || segment === "..") ? "refused: the key has a '.' or '..' segment (it could name an object outside the prefix)" : null;
}
function parseS3Source(source) {
  const match = /^s3:\/\/([^/?#]+)\/?([^?#]*)/i.exec(source.trim());
  if (!match?.[1])
    throw new Error(`'${sanitizeName(source.replace(/[?#].*$/s, ""))}' is not of the form s3://bucket/prefix/`);
  const location = { bucket: match[1], prefix: match[2] ?? "" };
  if (refusedKeyReason(location.prefix) || hasControlCharacters(location.prefix)) {
    throw new Error(
      `backup-source: the prefix '${sanitizeName(location.prefix)}' has a '.' or '..' segment or a control character; name the folder itself`
    );
  }
  return location;
}

export {
  HttpStatusError,
  isConnectionError,
  DownloadTooLargeError,
  DeadlineError,
  S3Error,
  refusedKeyReason,
  parseS3Source
};
