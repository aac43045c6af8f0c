// The command line's parsing on node:util parseArgs, and its help, through the real bundle.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parseCommandArgs, UsageError } from '../../src/cli/args.js';
import { ROOT, runBundle } from '../helpers/bundles.js';

const specs = {
  'backup-source': { type: 'string', description: 'where' },
  'fail-on': { type: 'string', description: 'when' },
  verbose: { type: 'boolean', description: 'chatty' },
  help: { type: 'boolean', short: 'h', description: 'help' },
} as const;

function refusal(argv: string[]): string {
  try {
    parseCommandArgs(argv, specs);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  return 'accepted';
}

describe('parseCommandArgs', () => {
  it('reads --flag value, --flag=value, booleans and the -- terminator', () => {
    expect(parseCommandArgs(['--backup-source', 'b/', '--fail-on=never', '--verbose'], specs)).toEqual({
      positionals: [],
      values: { 'backup-source': 'b/', 'fail-on': 'never', verbose: 'true' },
      afterSecret: new Map(),
    });
    // After `--` everything is an argument, even what looks like a flag.
    expect(parseCommandArgs(['--fail-on', 'never', '--', '--not-a-flag', 'x'], specs)).toEqual({
      positionals: ['--not-a-flag', 'x'],
      values: { 'fail-on': 'never' },
      afterSecret: new Map(),
    });
    // A value that starts with a dash is fine when written inline.
    expect(parseCommandArgs(['--backup-source=-odd-name.dump'], specs).values['backup-source']).toBe('-odd-name.dump');
    expect(parseCommandArgs(['-h'], specs).values.help).toBe('true');
  });

  it('refuses a flag-like value, naming the flag that lost its value', () => {
    expect(refusal(['--backup-source', '--fail-on', 'never'])).toBe(
      "--backup-source needs a value, got the flag-like '--fail-on'; write --backup-source=--fail-on if that is the value",
    );
    expect(refusal(['--backup-source'])).toBe(
      '--backup-source needs a value: --backup-source <value> or --backup-source=<value>',
    );
    expect(refusal(['--backup-sauce', 'x'])).toBe('unknown option --backup-sauce');
    expect(refusal(['-x'])).toBe('unknown option -x');
    expect(refusal(['--verbose=yes'])).toBe("--verbose takes no value (got 'yes')");
  });
});

describe('the command line bundle', async () => {
  const action = YAML.parse(await readFile(path.join(ROOT, 'action.yml'), 'utf8'));

  it('--help lists the commands; drill --help gives every input its action.yml description and default', async () => {
    const top = await runBundle('dist/cli/index.js', { args: ['--help'] });
    expect(top.code).toBe(0);
    for (const command of ['drill', 'demo', 'verify-report'])
      expect(top.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));

    const help = await runBundle('dist/cli/index.js', { args: ['drill', '--help'] });
    expect(help.code).toBe(0);
    for (const [name, input] of Object.entries<{ description: string; default?: string; required?: boolean }>(
      action.inputs,
    )) {
      const at = help.stdout.indexOf(`  --${name} <value>\n`);
      expect(at, name).toBeGreaterThan(-1);
      const described = help.stdout.slice(at).split('\n')[1] as string;
      expect(described.trim().startsWith(input.description), name).toBe(true);
      if (input.required) {
        expect(described, name).toMatch(/ \(required\)$/);
        expect(described, name).not.toContain('(default:');
      } else if (input.default && !input.default.startsWith('${{'))
        expect(described, name).toContain(`(default: ${input.default})`);
    }
    expect(await runBundle('dist/cli/index.js', { args: ['help', 'drill'] })).toMatchObject({ stdout: help.stdout });
  });

  it('each command says once what its exit status means, and names --fail-on only where it has one', async () => {
    for (const command of ['drill', 'demo', 'verify-report', 'merge', 'inventory']) {
      const help = await runBundle('dist/cli/index.js', { args: [command, '--help'] });
      expect(help.code, command).toBe(0);
      expect(help.stdout.match(/Exit status/g), command).toHaveLength(1);
      const hasFailOn = help.stdout.includes('  --fail-on ');
      expect(hasFailOn, command).toBe(command === 'drill' || command === 'merge');
      expect(help.stdout.split('Exit status')[1]?.includes('--fail-on'), command).toBe(hasFailOn);
      expect(help.stdout, command).not.toContain('(default: (required))');
    }
  });

  it('a forgotten value is a usage error (exit 2) naming the flag, before anything runs', async () => {
    const run = await runBundle('dist/cli/index.js', { args: ['drill', '--backup-source', '--fail-on', 'never'] });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--backup-source needs a value, got the flag-like '--fail-on'");
    expect(run.stderr).toContain("Run 'pickdriver-vault drill --help' for usage.");
    const unknown = await runBundle('dist/cli/index.js', { args: ['restore'] });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'restore'; expected one of drill, demo, verify-report/);
  });
});
