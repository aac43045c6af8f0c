// Network reach of an https:// backup source and the host policy of database-url, through the
// command-line bundle. A backup server on this machine's own non-loopback address (real TLS,
// a certificate made here and trusted through NODE_EXTRA_CA_CERTS) redirects to a loopback
// server that would serve a real backup: refused, and that server never sees a request. A
// loopback backup server redirects to the cloud metadata address and to private addresses in
// every numeric spelling: refused before any connection. Redirects within the kind of address
// the URL was on still work. database-url hosts in numeric forms are read as the addresses they are.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';

const STACK = /\n\s+at .+[:(]\d+:\d+/;

let world: DrillWorld;
let dump: Buffer;
let certDir: string;
/** This machine's first non-loopback IPv4 address: the "outside" server listens there. */
const outsideIp = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
const servers: http.Server[] = [];
/** Requests the loopback server saw. */
const inside: string[] = [];
let insideBase: string;
let outsideBase: string;
/** Where the outside server redirects /nightly.dump to; null: it serves the dump itself. */
let outsideRedirect: string | null = null;

function handler(seen: string[] | null, redirect: () => string | null) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    seen?.push(req.url ?? '');
    if (req.url?.endsWith('.sha256')) return void res.writeHead(404).end();
    const to = req.url === '/nightly.dump' ? redirect() : null;
    if (to) return void res.writeHead(302, { location: to }).end();
    if (req.url === '/nightly.dump' || req.url === '/real.dump')
      return void res.writeHead(200, { 'content-length': dump.length }).end(dump);
    const hop = new URL(req.url ?? '/', 'http://x');
    if (hop.pathname === '/hop/nightly.dump')
      return void res.writeHead(302, { location: hop.searchParams.get('to') ?? '/' }).end();
    res.writeHead(404).end();
  };
}

async function listen(server: http.Server, host: string): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, host, r));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  world = await createDrillWorld({ api: false });
  dump = await readFile(await world.backup('custom', 'nightly.dump'));
  insideBase = `http://127.0.0.1:${await listen(http.createServer(handler(inside, () => null)), '127.0.0.1')}`;
  if (outsideIp) {
    certDir = await mkdtemp(path.join(os.tmpdir(), 'pdv-cert-'));
    const [key, cert] = [path.join(certDir, 'key.pem'), path.join(certDir, 'cert.pem')];
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', key, '-out', cert],
        ...['-subj', `/CN=${outsideIp}`, '-addext', `subjectAltName=IP:${outsideIp}`],
      ],
      { stdio: 'ignore' },
    );
    const tls = { key: await readFile(key), cert: await readFile(cert) };
    const port = await listen(
      https.createServer(
        tls,
        handler(null, () => outsideRedirect),
      ),
      outsideIp,
    );
    outsideBase = `https://${outsideIp}:${port}`;
  }
}, 120_000);

afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  if (certDir) await rm(certDir, { recursive: true, force: true });
  await world?.close();
});

async function drill(flags: Record<string, string>) {
  inside.length = 0;
  const files = await runnerFiles();
  const reportDir = path.join(files.dir, 'report');
  const all = { 'drill-database': world.drillDatabase, baseline: 'none', 'report-dir': reportDir, ...flags };
  const args = ['drill', ...Object.entries(all).flatMap(([k, v]) => [`--${k}`, v])];
  if (!('database-url' in flags)) args.push('--database-url', world.adminUrl);
  const env: Record<string, string> = { RUNNER_TEMP: files.dir };
  if (certDir) env.NODE_EXTRA_CA_CERTS = path.join(certDir, 'cert.pem');
  const run = await runBundle('dist/cli/index.js', { args, env });
  expect(run.stdout + run.stderr).not.toMatch(STACK);
  const text = await readFile(path.join(reportDir, 'report.json'), 'utf8').catch(() => null);
  await rm(files.dir, { recursive: true, force: true });
  const report = text ? JSON.parse(text) : null;
  const find = (id: string) => report?.checks.find((c: { id: string }) => c.id === id);
  return { run, report, find, seen: [...inside] };
}

describe('redirects of an https:// backup source', () => {
  it.skipIf(!outsideIp)(
    'from an address outside loopback: to loopback is refused, the loopback server never asked',
    async () => {
      outsideRedirect = null;
      const direct = await drill({ 'backup-source': `${outsideBase}/nightly.dump` });
      expect(direct.find('restore.completed').status).toBe('ok');

      for (const target of [
        `${insideBase}/real.dump`,
        insideBase.replace('127.0.0.1', '2130706433'),
        insideBase.replace('127.0.0.1', '[::ffff:127.0.0.1]'),
      ]) {
        outsideRedirect = target.endsWith('.dump') ? target : `${target}/real.dump`;
        const d = await drill({ 'backup-source': `${outsideBase}/nightly.dump` });
        expect(d.run.code).toBe(1);
        expect(d.find('backup.found')).toMatchObject({
          status: 'fail',
          summary: expect.stringMatching(
            /refusing the redirect to http:\/\/\S+: it is 127\.0\.0\.1, a loopback address and the backup URL is not on one/,
          ),
        });
        expect(d.seen).toEqual([]);
      }
    },
    180_000,
  );

  it('from loopback: to the metadata service and private addresses in any numeric form is refused', async () => {
    const targets: [string, RegExp][] = [
      [
        'https://169.254.169.254/latest/meta-data/',
        /it is 169\.254\.169\.254, a link-local address and the backup URL is not on one/,
      ],
      ['https://2852039166/latest/', /it is 169\.254\.169\.254, a link-local address and the backup URL is not on one/],
      ['https://0xa9fea9fe/latest/', /it is 169\.254\.169\.254, a link-local address and the backup URL is not on one/],
      [
        'https://[::ffff:a9fe:a9fe]/latest/',
        /it is 169\.254\.169\.254, a link-local address and the backup URL is not on one/,
      ],
      ['https://167772161/backup.dump', /it is 10\.0\.0\.1, a private address/],
      ['https://0xa000001/backup.dump', /it is 10\.0\.0\.1, a private address/],
      ['https://012.0.0.1/backup.dump', /it is 10\.0\.0\.1, a private address/],
      ['https://192.168.1.1/backup.dump', /it is 192\.168\.1\.1, a private address/],
      ['https://[fe80::1]/backup.dump', /it is fe80::1, a link-local address and the backup URL is not on one/],
    ];
    for (const [target, message] of targets) {
      const d = await drill({ 'backup-source': `${insideBase}/hop/nightly.dump?to=${encodeURIComponent(target)}` });
      expect(d.find('backup.found').status, target).toBe('fail');
      expect(d.find('backup.found').summary, target).toMatch(message);
    }
  }, 180_000);

  it('within loopback a redirect is followed, and the backup restores', async () => {
    const d = await drill({
      'backup-source': `${insideBase}/hop/nightly.dump?to=${encodeURIComponent(`${insideBase}/real.dump`)}`,
    });
    expect(d.find('restore.completed').status).toBe('ok');
    expect(d.seen).toContain('/real.dump');
  }, 120_000);
});

describe('database-url hosts in numeric forms', () => {
  it.each([
    ['postgresql://postgres@167772161:5432/postgres', '167772161 (that is 10.0.0.1)'],
    ['postgresql://postgres@0xa000001:5432/postgres', '0xa000001 (that is 10.0.0.1)'],
    ['postgresql://postgres@012.0.0.1:5432/postgres', '012.0.0.1 (that is 10.0.0.1)'],
    ['postgresql://postgres@10.1:5432/postgres', '10.1 (that is 10.0.0.1)'],
    ['postgresql://postgres@[::ffff:10.0.0.1]:5432/postgres', '[::ffff:a00:1] (that is 10.0.0.1)'],
    ['postgresql://postgres@localhost:5432/postgres?host=2852039166', '2852039166 (that is 169.254.169.254)'],
  ])(
    '%s is refused as the address it is',
    async (url, shown) => {
      const d = await drill({ 'backup-source': `${insideBase}/real.dump`, 'database-url': url });
      expect(d.run.code).toBe(2);
      expect(d.run.stderr + d.run.stdout).toContain(
        `database-url: the host ${shown} is neither loopback nor a single-label`,
      );
      expect(d.seen).toEqual([]);
    },
    30_000,
  );
});
