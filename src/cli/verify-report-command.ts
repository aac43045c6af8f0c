// `pickdriver-vault verify-report`: checks the report folder against the signed manifest in report.json.sig.
import { secretKindOf } from '../config/inputs.js';
import { verifyReportFile } from '../report/verify-command.js';
import { optionSecret, UsageError } from './args.js';
import type { CliCommand } from './command.js';

export const verifyReportCommand: CliCommand = {
  name: 'verify-report',
  summary:
    'Check the signed manifest in report.json.sig and every file of the report folder against it, naming each file changed, added or missing (exit 1 when anything does not match).',
  usage: 'verify-report <report.json | report folder> --report-signing-key <key>',
  exitStatus:
    'Exit status: 0 every file matches the signed manifest, 1 a file was changed, added or is missing, or the key is wrong, 2 usage error.',
  options: {
    'report-signing-key': {
      type: 'string',
      valueName: '<key>',
      secret: optionSecret(secretKindOf('report-signing-key')),
      description: 'The HMAC-SHA256 key the drill signed with; INPUT_REPORT-SIGNING-KEY works too.',
    },
  },
  async run({ positionals, values }, env) {
    const file = positionals[0];
    const key = values['report-signing-key'] ?? env['INPUT_REPORT-SIGNING-KEY'];
    if (!file || positionals.length > 1)
      throw new UsageError('verify-report takes one report.json path or report folder');
    if (!key) throw new UsageError('verify-report needs --report-signing-key <key>');
    const outcome = await verifyReportFile(file, key);
    (outcome.ok ? process.stdout : process.stderr).write(`${outcome.message}\n`);
    return outcome.ok ? 0 : 1;
  },
};
