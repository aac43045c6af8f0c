// Every output of the action, as action.yml declares them (a test compares the two).
export const OUTPUTS: readonly { name: string; description: string }[] = [
  { name: 'result', description: 'passed, warned, regressed or failed.' },
  { name: 'report-json', description: 'Path of report.json.' },
  { name: 'report-markdown', description: 'Path of report.md.' },
  { name: 'backup-id', description: 'Id of the backup the drill restored.' },
  { name: 'backup-sha256', description: 'SHA-256 of the backup.' },
  { name: 'backup-age-seconds', description: 'Age of the backup when the drill ran.' },
  { name: 'restore-seconds', description: 'How long the restore took.' },
  {
    name: 'schema-version',
    description: "The restored database's schema fingerprint, computed as PickDriver computes it.",
  },
  { name: 'regressions', description: 'How many regressions were found.' },
  { name: 'artifact-id', description: 'Id of the uploaded report artifact.' },
];
