// `pickdriver-vault demo`: a whole drill on this machine with nothing configured.
import { runDemo } from '../demo/demo.js';
import { UsageError, unexpectedArgument } from './args.js';
import type { CliCommand } from './command.js';

/**
 * The demo's own folder, not the drill's default report-dir: a drill run in the same folder after
 * the demo would refuse pickdriver-vault-report holding the demo's 1-baseline/ and 2-after-purge/.
 */
const DEMO_REPORT_DIR = 'pickdriver-vault-demo';

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'A whole drill on this machine with nothing configured (finds or starts PostgreSQL).',
  usage: 'demo [--scale <n>] [--report-dir <dir>]',
  notes: 'PICKDRIVER_VAULT_DATABASE_URL names a PostgreSQL server to use; without it the demo finds or starts one.',
  exitStatus:
    'Exit status: 0 the second drill found the lost picks (regressed, as it should), 1 it did not or the demo could not run, 2 usage error.',
  options: {
    scale: {
      type: 'string',
      valueName: '<n>',
      description: 'Size of the demo database (1 = about a season of a busy league).',
      default: '0.2',
    },
    'report-dir': {
      type: 'string',
      valueName: '<dir>',
      description: "Where the demo's two reports are written (apart from a drill's pickdriver-vault-report).",
      default: DEMO_REPORT_DIR,
    },
    verbose: { type: 'boolean', description: 'Print debug lines.' },
  },
  async run(args, env) {
    const { positionals, values } = args;
    if (positionals.length > 0) throw unexpectedArgument(args);
    const scale = values.scale === undefined ? 0.2 : Number(values.scale);
    if (!Number.isFinite(scale) || scale <= 0) {
      throw new UsageError(`--scale: expected a positive number such as 0.2 or 1, got '${values.scale}'`);
    }
    return runDemo({
      scale,
      reportDir: values['report-dir'] ?? DEMO_REPORT_DIR,
      verbose: values.verbose === 'true',
      env,
    });
  },
};
