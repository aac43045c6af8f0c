import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  sanitizeName
} from "./chunk-CN4I7IFA.js";

// src/util/inert-text.ts
var ZWSP = "\u200B";
function oneLine(text) {
  return sanitizeName(text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, " ").replace(/\t/g, " "));
}
function markdownText(text) {
  return oneLine(text).trimStart().replace(/[\\`*~[\]<>&!|$#]/g, "\\$&").replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, "\\_").replace(/^([-+=])/, "\\$1").replace(/^(\d{1,9})([.)])(?=\s|$)/, "$1\\$2").replace(/@/g, `@${ZWSP}`).replace(/#/g, `#${ZWSP}`).replace(/\b(GH)-/gi, `$1-${ZWSP}`).replace(/:\/\//g, `:${ZWSP}//`).replace(/\b(www)\./gi, `$1${ZWSP}.`).replace(/\u200B/g, "&#8203;");
}
function markdownCode(text) {
  const line = oneLine(text);
  const longestRun = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = line.startsWith("`") || line.endsWith("`") || line === "" ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}
function markdownLinkUrl(url) {
  if (typeof url !== "string" || !/^https:\/\/[^\s()<>[\]\\`"']+$/.test(url) || !URL.canParse(url)) return null;
  return url;
}
function slackText(text) {
  return oneLine(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function teamsText(text) {
  return oneLine(text).replace(/\]/g, `]${ZWSP}`).replace(/</g, `<${ZWSP}`).replace(/:\/\//g, `:${ZWSP}//`).replace(/\b(www)\./gi, `$1${ZWSP}.`).replace(/@/g, `@${ZWSP}`).replace(/([A-Za-z0-9-])\.(?=[A-Za-z])/g, `$1.${ZWSP}`);
}

export {
  oneLine,
  markdownText,
  markdownCode,
  markdownLinkUrl,
  slackText,
  teamsText
};
