// `pickdriver-vault inventory --backup-source <…> [--backup-interval 24h] [--backup-retention 30d] [--json]`:
// the backups at a source, their ages, sizes, gaps and retention, restoring nothing. Exit status:
// 0, or 1 when there is no backup (a folder that does not exist included), backup.cadence fails
// or the source cannot be searched, 2 for a usage error.
import { stat } from 'node:fs/promises';
import { ConfigError, loadConfig } from '../config/config.js';
import { registerInputSecrets } from '../config/input-secrets.js';
import { readInputs } from '../config/input-spec.js';
import { INPUTS } from '../config/inputs.js';
import { renderInventory, renderInventoryList } from '../report/markdown-inventory.js';
import { isGlob } from '../source/glob.js';
import { buildInventory, cadenceCheck } from '../source/inventory.js';
import { displaySource, locateBackup } from '../source/locate.js';
import { sourceKind } from '../source/source-kind.js';
import { cliLogger } from '../util/cli-logger.js';
import { SecretRegistry } from '../util/secrets.js';
import { inputOptions, type ParsedArgs, unexpectedArgument } from './args.js';
import type { CliCommand } from './command.js';

/** The inputs that say where backups are and how they are judged; the rest of a drill is not needed. */
const INVENTORY_INPUTS = [
  'backup-source',
  'backup-pattern',
  'backup-interval',
  'backup-retention',
  's3-endpoint',
  's3-region',
  's3-force-path-style',
  'github-token',
];

export const inventoryCommand: CliCommand = {
  name: 'inventory',
  summary: 'List the backups at a source: ages, sizes, gaps and retention, restoring nothing.',
  usage:
    'inventory --backup-source <path|glob|folder|s3://…|artifact:…|https://…> [--backup-interval 24h] [--backup-retention 30d] [--json]',
  exitStatus:
    'Exit status: 0 the backups were listed, 1 there is none (or the source does not exist or cannot be searched) or backup.cadence fails (a gap longer than 1.5 × backup-interval), 2 usage or configuration error.',
  options: {
    ...Object.fromEntries(Object.entries(inputOptions()).filter(([name]) => INVENTORY_INPUTS.includes(name))),
    json: { type: 'boolean', description: 'Print the inventory as JSON.' },
    verbose: { type: 'boolean', description: 'Print debug lines.' },
  },
  run: (args, env) => runInventory(args, env),
};

async function runInventory(args: ParsedArgs, env: NodeJS.ProcessEnv): Promise<number> {
  const { positionals, values } = args;
  if (positionals.length > 0) throw unexpectedArgument(args);
  const json = values.json === 'true';
  const raw = readInputs(INPUTS, env, values);
  const secrets = new SecretRegistry();
  registerInputSecrets(raw, secrets);
  let config: ReturnType<typeof loadConfig>;
  try {
    // Only the listing is wanted: no checksum sidecar is fetched.
    config = loadConfig(
      Object.fromEntries([
        ...INVENTORY_INPUTS.map((name) => [name, raw[name]]),
        ['backup-checksum', 'off'],
        ['artifact-name', ''],
      ]),
    );
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(secrets.redact(`pickdriver-vault: invalid input:\n  ${error.problems.join('\n  ')}\n`));
      return 2;
    }
    throw error;
  }
  const log = cliLogger({ verbose: values.verbose === 'true', redact: (t) => secrets.redact(t) });
  const ctx = { config, log, secrets, env };
  const source = secrets.redact(displaySource(config.backupSource));
  const now = new Date();
  const missing = await missingLocalSource(config.backupSource);
  if (missing !== null) {
    process.stderr.write(secrets.redact(`pickdriver-vault: backup-source '${source}': ${missing}\n`));
    return 1;
  }
  const located = await locateBackup(ctx).catch((e: Error) => e);
  if (located instanceof Error) {
    process.stderr.write(
      secrets.redact(`pickdriver-vault: could not search backup-source '${source}': ${located.message}\n`),
    );
    return 1;
  }
  await located.dispose?.();
  const inventory = buildInventory(located.candidates, {
    intervalMs: config.backupIntervalMs,
    retentionMs: config.backupRetentionMs,
    now,
  });
  const cadence = cadenceCheck(inventory);
  if (json) {
    process.stdout.write(`${secrets.redact(JSON.stringify({ source, inventory, cadence }, null, 2))}\n`);
  } else {
    const verdict = `backup.cadence: ${cadence.status}: ${cadence.summary}`;
    const list = renderInventoryList(inventory);
    process.stdout.write(secrets.redact(`Source: ${source}\n\n${renderInventory(inventory)}\n${list}${verdict}\n`));
  }
  if (inventory.count === 0) {
    process.stderr.write(
      `pickdriver-vault: no backups at backup-source '${source}' (backup-pattern ${config.backupPattern})\n`,
    );
    return 1;
  }
  return cadence.status === 'fail' ? 1 : 0;
}

/** Why a local backup-source names nothing on disk (a glob: its folder part), or null. */
async function missingLocalSource(source: string): Promise<string | null> {
  if (sourceKind(source) !== 'local') return null;
  const base = isGlob(source) ? globBase(source) : source;
  const info = await stat(base).catch((e: NodeJS.ErrnoException) => e);
  if (!(info instanceof Error)) return null;
  const what = base === source ? 'no such file or folder' : `the folder '${base}' of the glob does not exist`;
  return info.code === 'ENOENT' || info.code === 'ENOTDIR' ? what : `cannot be read (${info.code ?? info.message})`;
}

/** The part of a glob before its first pattern character: the folder it searches. */
function globBase(glob: string): string {
  const parts = glob.split('/');
  const fixed = parts.slice(
    0,
    parts.findIndex((p) => isGlob(p)),
  );
  return fixed.length === 0 ? '.' : fixed.join('/') || '/';
}
