// merge/action.yml and the merge configuration's input table must agree, and the action must run
// its own bundle on node24 (a path relative to merge/, as `uses: org/repo/merge@v1` resolves it).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { MERGE_INPUTS, MERGE_OUTPUTS } from '../../src/fleet/merge-config.js';
import { ROOT } from '../helpers/bundles.js';

describe('merge/action.yml', async () => {
  const action = YAML.parse(await readFile(path.join(ROOT, 'merge/action.yml'), 'utf8'));

  it('declares every merge input with the configuration defaults and every output', () => {
    expect(Object.keys(action.inputs)).toEqual(MERGE_INPUTS.map((i) => i.name));
    for (const spec of MERGE_INPUTS) {
      expect(action.inputs[spec.name].default, spec.name).toBe(spec.default);
      expect(action.inputs[spec.name].description, spec.name).toBe(spec.description);
    }
    expect(Object.keys(action.outputs)).toEqual(MERGE_OUTPUTS.map((o) => o.name));
    for (const name of ['result', 'drills', 'failed', 'regressed']) expect(action.outputs[name]).toBeDefined();
  });

  it('runs dist/merge/index.js on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: '../dist/merge/index.js' });
    expect(existsSync(path.resolve(ROOT, 'merge', action.runs.main))).toBe(true);
  });
});
