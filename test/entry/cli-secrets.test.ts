// No usage or configuration error of the command line shows the value of a secret input. Which
// inputs are secrets comes from one place, the `secret` field of the INPUTS table; this test
// walks that table and, for each, gives the bundle the ways a value gets misplaced on a command
// line: a value that looks like a flag, an empty `--flag=` with the value as a stray argument,
// a value split in two by an unquoted space, a value of the wrong form.
import { describe, expect, it } from 'vitest';
import { INPUTS } from '../../src/config/inputs.js';
import { runBundle } from '../helpers/bundles.js';

const CLI = 'dist/cli/index.js';
const SECRET = 'Zq7SecretValue0xC0FFEE';

/** Everything the process wrote: usage errors go to stderr, but nothing may reach stdout either. */
async function cli(args: string[], env: Record<string, string> = {}) {
  const run = await runBundle(CLI, { args, env });
  return { ...run, all: `${run.stdout}\n${run.stderr}` };
}

const secretInputs = INPUTS.filter((i) => i.secret !== undefined).map((i) => i.name);

describe('secret inputs on the command line', () => {
  it('the INPUTS table marks every input that carries a credential as a secret', () => {
    for (const name of [
      'backup-decryption-key',
      'internal-token',
      'report-signing-key',
      'heartbeat-url',
      'notify-webhook',
      'github-token',
      'database-url',
      'api-url',
      'backup-source',
      's3-endpoint',
    ]) {
      expect(secretInputs, name).toContain(name);
    }
  });

  it.each(secretInputs)('--%s: a flag-like value is refused without showing the secret', async (name) => {
    const kind = INPUTS.find((i) => i.name === name)?.secret;
    if (kind === 'url-credentials') {
      // A URL that may carry credentials is shown without them: the mistake stays easy to see.
      const value = `-https://drill:${SECRET}@host.example/x.dump?X-Amz-Signature=${SECRET}`;
      const run = await cli(['drill', `--${name}`, value]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `--${name} needs a value, got the flag-like '-https://drill:***@host.example/x.dump?X-Amz-Signature=***'`,
      );
      expect(run.all).not.toContain(SECRET);
      // One that does not parse cannot be taken apart: not shown at all.
      const broken = await cli(['drill', `--${name}`, `-postgresql://drill:${SECRET}@[::1/db`]);
      expect(broken.stderr).toContain(`--${name} needs a value, got a flag-like one (not shown`);
      expect(broken.all).not.toContain(SECRET);
      return;
    }
    const run = await cli(['drill', `--${name}`, `-${SECRET}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--${name} needs a value, got a flag-like one (not shown: --${name} is a secret)`);
    expect(run.all).not.toContain(SECRET);
  });

  it.each(secretInputs)(
    '--%s= followed by the value as its own argument is refused without showing it',
    async (name) => {
      const run = await cli(['drill', `--${name}=`, SECRET]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--${name}= is empty and followed by a separate argument`);
      expect(run.all).not.toContain(SECRET);
    },
  );

  it('a secret split by an unquoted space: the stray half is not shown', async () => {
    for (const name of ['internal-token', 'backup-decryption-key', 'report-signing-key']) {
      const run = await cli(['drill', '--backup-source', 'x', `--${name}`, 'first-half', SECRET]);
      expect(run.code, name).toBe(2);
      expect(run.stderr).toContain('unexpected argument after a secret flag (not shown');
      expect(run.all).not.toContain(SECRET);
    }
    // An ordinary stray argument is still named, so a typo is easy to find; after a URL input
    // that may carry credentials, without them.
    const plain = await cli(['drill', '--backup-source', 'x', 'nightly']);
    expect(plain.stderr).toContain("unexpected argument 'nightly'");
    const url = await cli(['drill', '--backup-source', 'x', '--database-url=', `postgresql://drill:${SECRET}@db/x`]);
    expect(url.code).toBe(2);
    expect(url.all).not.toContain(SECRET);
  });

  it('secret values of the wrong form are refused naming the input, never echoing the value', async () => {
    const bad: Record<string, string> = {
      'heartbeat-url': `ftp://monitor.example/${SECRET}`,
      'notify-webhook': `hooks.example/${SECRET}`,
      'database-url': `postgresql://drill:${SECRET}@[::1/postgres`,
      'api-url': `https://api:${SECRET}@[bad/`,
      'backup-source': `https://u:${SECRET}@[bad/x.dump`,
    };
    for (const [name, value] of Object.entries(bad)) {
      for (const how of ['flag', 'env'] as const) {
        const run =
          how === 'flag'
            ? await cli(['drill', '--backup-source', 'x', `--${name}`, value])
            : await cli(['drill', ...(name === 'backup-source' ? [] : ['--backup-source', 'x'])], {
                [`INPUT_${name.toUpperCase()}`]: value,
              });
        expect(run.code, `${name} (${how})`).toBe(2);
        expect(run.stderr, `${name} (${how})`).toContain(`${name}: expected`);
        expect(run.all, `${name} (${how})`).not.toContain(SECRET);
      }
    }
  });

  it('merge and verify-report take their secret flags from the same table', async () => {
    const merge = await cli(['merge', 'legs/', '--heartbeat-url', `-https://hc.example/${SECRET}`]);
    expect(merge.code).toBe(2);
    expect(merge.stderr).toContain('--heartbeat-url needs a value, got a flag-like one (not shown');
    expect(merge.all).not.toContain(SECRET);

    const webhook = await cli(['merge', 'legs/', '--notify-webhook', `hooks.example/${SECRET}`]);
    expect(webhook.code).toBe(2);
    expect(webhook.stderr).toContain('notify-webhook: expected an https:// URL');
    expect(webhook.all).not.toContain(SECRET);

    const verify = await cli(['verify-report', 'report.json', '--report-signing-key', `-${SECRET}`]);
    expect(verify.code).toBe(2);
    expect(verify.stderr).toContain('--report-signing-key needs a value, got a flag-like one (not shown');
    expect(verify.all).not.toContain(SECRET);
  });
});
