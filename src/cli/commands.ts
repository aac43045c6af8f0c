// The commands of `pickdriver-vault`, in the order --help lists them. A new command is a file
// of its own under src/cli/ exporting a CliCommand, added to this list.
import type { CliCommand } from './command.js';
import { demoCommand } from './demo-command.js';
import { drillCommand } from './drill-command.js';
import { inventoryCommand } from './inventory-command.js';
import { mergeCommand } from './merge-command.js';
import { verifyReportCommand } from './verify-report-command.js';

export const COMMANDS: readonly CliCommand[] = [
  drillCommand,
  demoCommand,
  verifyReportCommand,
  mergeCommand,
  inventoryCommand,
];
