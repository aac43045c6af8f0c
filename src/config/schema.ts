// Raw inputs (strings, as the runner and the command line hand them over) into one typed,
// validated configuration. Every refusal names the input and what it accepts.
import os from 'node:os';
import * as z from 'zod';
import { parseDuration, parsePercent } from './duration.js';
import { drillNameInput, heartbeatUrlInput, notifyOnInput, notifyWebhookInput } from './fleet-inputs.js';

import { isPostgresUrl, parseBooleanWord, RESTRICTED_NAMES } from './plain-values.js';

const DB_NAME_RE = /^[a-z_][a-z0-9_]{0,62}$/;

const str = z.string().transform((s) => s.trim());
const optional = str.transform((s) => (s === '' ? null : s));

const bool = (input: string) =>
  str.transform((s, ctx) => {
    const v = parseBooleanWord(s);
    if (v !== null) return v;
    ctx.addIssue({ code: 'custom', message: `${input}: expected true or false, got '${s}'` });
    return z.NEVER;
  });

const duration = (input: string) =>
  str.transform((s, ctx) => {
    if (s === '') return null;
    const ms = parseDuration(s);
    if (ms === null) {
      ctx.addIssue({
        code: 'custom',
        message: `${input}: expected a duration such as 90s, 10m, 26h or 2d, got '${s}'`,
      });
      return z.NEVER;
    }
    return ms;
  });

/** A duration where 0 (`0s`, `0`) means "none", as for a floor that can be switched off. */
const durationOrZero = (input: string) =>
  str.transform((s, ctx) => {
    if (/^0+(?:\.0+)?(?:ms|s|m|h|d)?$/i.test(s)) return 0;
    const ms = parseDuration(s);
    if (ms === null) {
      ctx.addIssue({
        code: 'custom',
        message: `${input}: expected a duration such as 30s, 1m or 5m (0s: none), got '${s}'`,
      });
      return z.NEVER;
    }
    return ms;
  });

const percent = (input: string) =>
  str.transform((s, ctx) => {
    const f = parsePercent(s);
    if (f === null || f < 0) {
      ctx.addIssue({
        code: 'custom',
        message: `${input}: expected a percentage: 10% or 10 (both ten percent), got '${s}'`,
      });
      return z.NEVER;
    }
    return f;
  });

const oneOf = <T extends string>(input: string, values: readonly T[]) =>
  str.transform((s, ctx) => {
    const v = s.toLowerCase();
    if ((values as readonly string[]).includes(v)) return v as T;
    ctx.addIssue({ code: 'custom', message: `${input}: expected one of ${values.join(', ')}, got '${s}'` });
    return z.NEVER;
  });

const positiveInt = (input: string, allowAuto: boolean) =>
  str.transform((s, ctx) => {
    if (allowAuto && (s === '' || s.toLowerCase() === 'auto')) return Math.max(1, os.availableParallelism());
    if (!/^\d+$/.test(s) || Number(s) < 1) {
      ctx.addIssue({
        code: 'custom',
        message: `${input}: expected a whole number of at least 1${allowAuto ? " or 'auto'" : ''}, got '${s}'`,
      });
      return z.NEVER;
    }
    return Number(s);
  });

export type ChecksumMode = { mode: 'auto' | 'required' | 'off' } | { mode: 'value'; sha256: string };

const checksum = str.transform((s, ctx): ChecksumMode => {
  const v = s.toLowerCase();
  if (v === '' || v === 'auto') return { mode: 'auto' };
  if (v === 'required' || v === 'off') return { mode: v };
  if (/^[0-9a-f]{64}$/.test(v)) return { mode: 'value', sha256: v };
  ctx.addIssue({
    code: 'custom',
    message: `backup-checksum: expected auto, required, off or 64 hex characters, got '${s.length > 80 ? `${s.slice(0, 80)}…` : s}'`,
  });
  return z.NEVER;
});

// URL inputs often carry a password: a value that does not parse is never repeated (the whole of
// it is registered as a secret before validation, see registerInputSecrets), only the form wanted.
const NOT_SHOWN = '(the value is not shown: it may carry a password)';

const databaseUrl = str.transform((s, ctx) => {
  if (isPostgresUrl(s)) return s;
  ctx.addIssue({
    code: 'custom',
    message: `database-url: expected postgresql://user:password@host:port/database, with special characters in the password percent-encoded ${NOT_SHOWN}`,
  });
  return z.NEVER;
});

const backupSource = str.transform((s, ctx) => {
  if (s === '') {
    ctx.addIssue({
      code: 'custom',
      message: 'backup-source: required; a path, glob, folder, s3://, artifact: or https:// source',
    });
    return z.NEVER;
  }
  if (/^https?:\/\//i.test(s) && !URL.canParse(s)) {
    ctx.addIssue({
      code: 'custom',
      message: `backup-source: expected an https:// URL such as https://host/backups/nightly.dump ${NOT_SHOWN}`,
    });
    return z.NEVER;
  }
  return s;
});

/** s3-endpoint with or without its scheme (a bare host is https://). */
const s3Endpoint = optional.transform((s, ctx) => {
  if (s === null) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`;
  if (!URL.canParse(withScheme)) {
    ctx.addIssue({
      code: 'custom',
      message: `s3-endpoint: expected a host or URL such as https://s3.example.com or minio:9000 ${NOT_SHOWN}`,
    });
    return z.NEVER;
  }
  return s;
});

const drillDatabase = str.transform((s, ctx) => {
  if (!DB_NAME_RE.test(s)) {
    ctx.addIssue({
      code: 'custom',
      message: `drill-database: expected a lower-case name matching ^[a-z_][a-z0-9_]{0,62}$, got '${s}'`,
    });
    return z.NEVER;
  }
  if ((RESTRICTED_NAMES as readonly string[]).includes(s.toLowerCase())) {
    ctx.addIssue({
      code: 'custom',
      message: `drill-database: '${s}' is a restricted name (${RESTRICTED_NAMES.join(', ')}); name a dedicated drill database such as pickdriver_drill`,
    });
    return z.NEVER;
  }
  return s;
});

const apiTarget = str.transform((s, ctx) => {
  const v = s.toLowerCase() || 'drill';
  if ((RESTRICTED_NAMES as readonly string[]).includes(v)) {
    ctx.addIssue({
      code: 'custom',
      message: `api-target: '${s}' is restricted for drill operations; expected drill or staging`,
    });
    return z.NEVER;
  }
  if (v !== 'drill' && v !== 'staging') {
    ctx.addIssue({ code: 'custom', message: `api-target: expected drill or staging, got '${s}'` });
    return z.NEVER;
  }
  return v as 'drill' | 'staging';
});

const apiUrl = optional.transform((s, ctx) => {
  if (s === null) return null;
  try {
    const url = new URL(s);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return s.replace(/\/+$/, '');
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `api-url: expected an http:// or https:// URL such as https://pickdriver.example.com ${NOT_SHOWN}`,
    });
    return z.NEVER;
  }
});

export const retention = optional.transform((s, ctx) => {
  if (s === null) return null;
  if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > 90) {
    ctx.addIssue({
      code: 'custom',
      message: `artifact-retention-days: expected a whole number from 1 to 90, got '${s}'`,
    });
    return z.NEVER;
  }
  return Number(s);
});

/** Extension names, comma- or newline-separated, as CREATE EXTENSION takes them (unquoted). */
const extensionList = str.transform((s, ctx) => {
  const names = s
    .split(/[,\n]/)
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const bad = names.find((n) => !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$/.test(n));
  if (bad !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `allowed-extensions: expected extension names such as dblink, postgres_fdw (comma- or newline-separated), got '${bad.slice(0, 64)}'`,
    });
    return z.NEVER;
  }
  return [...new Set(names)];
});

export const rawInputsSchema = z.object({
  'backup-source': backupSource,
  'backup-pattern': str.transform((s) => s || '*'),
  'backup-checksum': checksum,
  'max-backup-age': duration('max-backup-age'),
  'backup-select': oneOf('backup-select', ['newest', 'random', 'oldest'] as const),
  'backup-artifact-branch': optional,
  'backup-artifact-workflow': optional,
  'backup-interval': duration('backup-interval'),
  'backup-retention': duration('backup-retention'),
  // A key is taken as given (an armored key's lines and blanks matter); only surrounding blank lines go.
  'backup-decryption-key': z.string().transform((s) => (s.trim() === '' ? null : s.replace(/^\s*\n|\n\s*$/g, ''))),
  's3-endpoint': s3Endpoint,
  's3-region': optional,
  's3-force-path-style': bool('s3-force-path-style'),
  'database-url': databaseUrl,
  'drill-database': drillDatabase,
  'restore-jobs': positiveInt('restore-jobs', true),
  'max-restore-time': duration('max-restore-time'),
  'restore-timeout': duration('restore-timeout'),
  'pg-bin-dir': optional,
  'pg-client-install': oneOf('pg-client-install', ['auto', 'never'] as const),
  'keep-database': bool('keep-database'),
  'restore-role': oneOf('restore-role', ['drill', 'admin'] as const),
  'allowed-extensions': extensionList,
  'allow-remote-database': bool('allow-remote-database'),
  'post-restore-command': optional,
  'migration-command': optional,
  'migration-max-lock': durationOrZero('migration-max-lock'),
  'migration-max-duration': duration('migration-max-duration'),
  'checks-file': optional,
  'api-url': apiUrl,
  'internal-token': str.transform((s) =>
    s
      .split(/\r?\n/)
      .map((t) => t.trim())
      .filter((t) => t !== ''),
  ),
  'api-target': apiTarget,
  'checks-profile': oneOf('checks-profile', ['quick', 'full'] as const),
  'api-start-command': optional,
  'api-ready-timeout': duration('api-ready-timeout'),
  'maintenance-mode': bool('maintenance-mode'),
  'allow-insecure-http': bool('allow-insecure-http'),
  baseline: str.transform((s) => s || 'auto'),
  'baseline-window': positiveInt('baseline-window', false),
  'row-drop-threshold': percent('row-drop-threshold'),
  'duration-threshold': percent('duration-threshold'),
  'duration-min-delta': durationOrZero('duration-min-delta'),
  'fail-on': oneOf('fail-on', ['failure', 'regression', 'warning', 'never'] as const),
  'report-dir': str.transform((s) => s || 'pickdriver-vault-report'),
  'artifact-name': optional,
  'artifact-retention-days': retention,
  'job-summary': bool('job-summary'),
  'pr-comment': oneOf('pr-comment', ['auto', 'off'] as const),
  'github-token': optional,
  'report-signing-key': optional,
  'prometheus-textfile': optional,
  'drill-name': drillNameInput,
  'notify-webhook': notifyWebhookInput,
  'notify-on': notifyOnInput,
  'heartbeat-url': heartbeatUrlInput,
});
