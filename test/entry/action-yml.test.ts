// action.yml and the configuration's input table must agree: every input of the interface page,
// with the same defaults, every output, node24 with main and post.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { INPUTS } from '../../src/config/inputs.js';
import { OUTPUTS } from '../../src/config/outputs.js';
import { TOOL_VERSION } from '../../src/model/version.js';
import { ROOT } from '../helpers/bundles.js';

const INTERFACE_INPUTS =
  `backup-source backup-pattern backup-checksum max-backup-age backup-select backup-interval backup-retention
backup-decryption-key s3-endpoint s3-region s3-force-path-style
database-url drill-database restore-jobs max-restore-time restore-timeout pg-bin-dir pg-client-install keep-database restore-role allowed-extensions allow-remote-database post-restore-command checks-file api-url
internal-token api-target checks-profile api-start-command api-ready-timeout maintenance-mode allow-insecure-http baseline
baseline-window row-drop-threshold duration-threshold duration-min-delta fail-on report-dir artifact-name artifact-retention-days job-summary
pr-comment github-token report-signing-key prometheus-textfile drill-name notify-webhook notify-on heartbeat-url
migration-command migration-max-lock migration-max-duration
backup-artifact-branch backup-artifact-workflow`.split(/\s+/);
const INTERFACE_OUTPUTS = `result report-json report-markdown backup-id backup-sha256 backup-age-seconds restore-seconds
schema-version regressions artifact-id`.split(/\s+/);

describe('action.yml', async () => {
  const action = YAML.parse(await readFile(path.join(ROOT, 'action.yml'), 'utf8'));

  it('declares every input of the interface page with the configuration defaults', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...INTERFACE_INPUTS].sort());
    for (const spec of INPUTS) {
      const declared = action.inputs[spec.name];
      expect(declared.description, spec.name).toBeTruthy();
      if (spec.required) expect(declared.required, spec.name).toBe(true);
      else expect(declared.default, spec.name).toBe(spec.default);
    }
  });

  it('declares every output and runs main and post on node24', () => {
    expect(Object.keys(action.outputs).sort()).toEqual([...INTERFACE_OUTPUTS].sort());
    expect(OUTPUTS.map((o) => o.name).sort()).toEqual([...INTERFACE_OUTPUTS].sort());
    expect(action.runs).toMatchObject({ using: 'node24', main: 'dist/index.js', post: 'dist/post/index.js' });
  });

  it('reports the package version', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
    expect(TOOL_VERSION).toBe(pkg.version);
    expect(pkg.bin['pickdriver-vault']).toBe('dist/cli/index.js');
  });
});
