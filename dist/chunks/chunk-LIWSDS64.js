import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);

// src/util/format.ts
var pad = (n) => String(n).padStart(2, "0");
function formatDuration(ms) {
  if (!Number.isFinite(ms) || ms < 0) return `${ms} ms`;
  if (Math.round(ms) < 1e3) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const s = Math.round(ms / 1e3);
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  const m = Math.round(ms / 6e4);
  if (m < 1440) return `${Math.floor(m / 60)}h ${pad(m % 60)}m`;
  const h = Math.round(ms / 36e5);
  return `${Math.floor(h / 24)}d ${pad(h % 24)}h`;
}
function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1023.95 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
function formatPercent(fraction) {
  return `${Math.round(fraction * 1e3) / 10}%`;
}
function roundMs(ms) {
  if (!Number.isFinite(ms)) return ms;
  return Math.abs(ms) >= 100 ? Math.round(ms) : Number(ms.toPrecision(2));
}
function formatCount(n) {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1e21) return String(n);
  const [whole, fraction] = Math.abs(n).toFixed(3).split(".");
  const decimals = (fraction ?? "").replace(/0+$/, "");
  const grouped = (whole ?? "0").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const sign = n < 0 && (whole !== "0" || decimals !== "") ? "-" : "";
  return `${sign}${grouped}${decimals ? `.${decimals}` : ""}`;
}

export {
  formatDuration,
  formatBytes,
  formatPercent,
  roundMs,
  formatCount
};
