// An S3-compatible server that never ends its listing, through the command-line bundle: fresh
// continuation tokens for ever (empty pages, or full pages of 1,000 keys), the same token again,
// and pages that come slower than restore-timeout. Each stops at its cap (pages, keys, time,
// repetition) with a failed backup.found that says which, in bounded time; nothing is
// downloaded. The listing speaks ListObjectsV2's XML as S3 does, so the real AWS SDK reads it.
import { readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';

const STACK = /\n\s+at .+[:(]\d+:\d+/;

type Mode = 'empty-pages' | 'full-pages' | 'same-token' | 'slow-pages';

let world: DrillWorld;
let server: http.Server;
let endpoint: string;
let mode: Mode = 'empty-pages';
let listings = 0;
let gets = 0;

function page(keys: string[], token: string): string {
  const contents = keys
    .map(
      (k) =>
        `<Contents><Key>${k}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>"0"</ETag><Size>1024</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    `<Name>backups</Name><Prefix>nightly/</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys>` +
    `<IsTruncated>true</IsTruncated><NextContinuationToken>${token}</NextContinuationToken>${contents}</ListBucketResult>`
  );
}

beforeAll(async () => {
  world = await createDrillWorld({ api: false });
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.searchParams.has('list-type')) {
      gets += 1;
      res.writeHead(404).end();
      return;
    }
    listings += 1;
    const n = listings;
    const answer = (body: string) => res.writeHead(200, { 'content-type': 'application/xml' }).end(body);
    if (mode === 'empty-pages') answer(page([], `token-${n}`));
    else if (mode === 'full-pages')
      answer(
        page(
          Array.from({ length: 1000 }, (_, i) => `nightly/${n}-${i}.dump`),
          `token-${n}`,
        ),
      );
    else if (mode === 'same-token') answer(page([`nightly/${n}.dump`], 'again'));
    else setTimeout(() => answer(page([`nightly/${n}.dump`], `token-${n}`)), 1_500);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await world?.close();
});

async function drill(m: Mode, extra: string[] = []) {
  mode = m;
  listings = 0;
  gets = 0;
  const files = await runnerFiles();
  const reportDir = path.join(files.dir, 'report');
  const started = Date.now();
  const run = await runBundle('dist/cli/index.js', {
    args: [
      'drill',
      ...['--backup-source', 's3://backups/nightly/'],
      ...['--s3-endpoint', endpoint, '--s3-force-path-style', 'true'],
      ...['--database-url', world.adminUrl, '--drill-database', world.drillDatabase],
      ...['--baseline', 'none', '--report-dir', reportDir],
      ...extra,
    ],
    env: {
      RUNNER_TEMP: files.dir,
      AWS_ACCESS_KEY_ID: 'AKIDLISTINGTEST',
      AWS_SECRET_ACCESS_KEY: 'listing-secret-key',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  const seconds = (Date.now() - started) / 1000;
  expect(run.stdout + run.stderr).not.toMatch(STACK);
  const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
  await rm(files.dir, { recursive: true, force: true });
  const found = report.checks.find((c: { id: string }) => c.id === 'backup.found');
  return { run, found, seconds, listings, gets };
}

describe('an S3 listing that never ends is capped', () => {
  it('in pages: fresh tokens with empty pages stop after 1000 pages', async () => {
    const d = await drill('empty-pages');
    expect(d.run.code).toBe(1);
    expect(d.found.status).toBe('fail');
    expect(d.found.summary).toMatch(
      /the listing of s3:\/\/backups\/nightly\/ was stopped: more than 1000 pages \(0 keys in 1000 page\(s\) so far\); name a narrower prefix/,
    );
    expect(d.listings).toBe(1000);
    expect(d.gets).toBe(0);
  }, 120_000);

  it('in keys: full pages stop at 100000 keys, memory bounded', async () => {
    const d = await drill('full-pages');
    expect(d.found.summary).toMatch(/was stopped: more than 100000 keys \(100000 keys in 101 page\(s\) so far\)/);
    expect(d.listings).toBe(101);
    expect(d.gets).toBe(0);
  }, 120_000);

  it('a server that hands back the same continuation token stops at once', async () => {
    const d = await drill('same-token');
    expect(d.found.summary).toMatch(/was stopped: the server repeated its continuation token/);
    expect(d.listings).toBe(2);
  }, 60_000);

  it('in time: pages slower than the listing may take stop at restore-timeout', async () => {
    const d = await drill('slow-pages', ['--restore-timeout', '4s']);
    expect(d.found.summary).toMatch(/was stopped: it took longer than 4\.0 s/);
    expect(d.seconds).toBeLessThan(20);
    expect(d.gets).toBe(0);
  }, 60_000);
});
