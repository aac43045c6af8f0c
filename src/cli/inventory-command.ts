// `pickdriver-vault inventory --backup-source <…> [--backup-interval 24h] [--backup-retention 30d] [--json]`:
// the backups at a source, their ages, sizes, gaps and retention, restoring nothing. Exit status:
// 0, or 1 when backup.cadence fails or the source cannot be searched, 2 for a usage error.
import { buildInventory, cadenceCheck } from '../backup/inventory.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { renderInventory } from '../report/markdown-inventory.js';
import { displaySource, locateBackup } from '../source/locate.js';
import { registerInputSecrets, SecretRegistry } from '../util/secrets.js';
import { inputOptions, inputsFrom, type ParsedArgs, UsageError } from './args.js';
import { cliLogger } from './cli-logger.js';
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
  notes:
    'Exit status: 0, or 1 when backup.cadence fails (a gap longer than 1.5 × backup-interval) or the source cannot be searched.',
  options: {
    ...Object.fromEntries(Object.entries(inputOptions()).filter(([name]) => INVENTORY_INPUTS.includes(name))),
    json: { type: 'boolean', description: 'Print the inventory as JSON.' },
    verbose: { type: 'boolean', description: 'Print debug lines.' },
  },
  run: (args, env) => runInventory(args, env),
};

async function runInventory({ positionals, values }: ParsedArgs, env: NodeJS.ProcessEnv): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const json = values.json === 'true';
  const raw = inputsFrom(values, env);
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
    process.stdout.write(secrets.redact(`Source: ${source}\n\n${renderInventory(inventory)}\n${verdict}\n`));
  }
  return cadence.status === 'fail' ? 1 : 0;
}
