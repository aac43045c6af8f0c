// A local https server for backup files (a certificate made here with openssl, trusted by the
// bundle through NODE_EXTRA_CA_CERTS): answers Range requests with 206 as object stores do, serves
// `<name>.sha256` sidecars, and counts the body bytes it sent for each path. Under /no-range/ it
// ignores Range and sends the whole file, as some servers do; under /drip/ a download sends 20,000
// bytes and then one byte every 200 ms (`dripping` counts the drips still open).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface BackupServer {
  url: string;
  /** Environment for the bundle: trusts the server's certificate. */
  env: Record<string, string>;
  /** Body bytes sent, by request path. */
  sent: Map<string, number>;
  /** Downloads under /drip/ whose connection is still open. */
  dripping: () => number;
  close(): Promise<void>;
}

export async function startBackupServer(
  files: Record<string, string>,
  sidecars: Record<string, string>,
): Promise<BackupServer> {
  const certDir = await mkdtemp(path.join(os.tmpdir(), 'pdv-cert-'));
  const [keyFile, certFile] = [path.join(certDir, 'key.pem'), path.join(certDir, 'cert.pem')];
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', keyFile, '-out', certFile],
      ...['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    ],
    { stdio: 'ignore' },
  );
  const sent = new Map<string, number>();
  let dripping = 0;
  const modified = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000).toUTCString();
  const server = https.createServer(
    { key: await readFile(keyFile), cert: await readFile(certFile) },
    async (req, res) => {
      const pathname = new URL(req.url ?? '/', 'https://x').pathname;
      const ignoreRange = pathname.startsWith('/no-range/');
      const name = path.posix.basename(pathname);
      const count = (body: Buffer) => sent.set(pathname, (sent.get(pathname) ?? 0) + body.length);
      if (sidecars[name] !== undefined) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(sidecars[name]);
      }
      const file = files[name];
      if (!file) {
        res.writeHead(404);
        return res.end('no such backup');
      }
      const body = await readFile(file);
      const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
      if (range && !ignoreRange) {
        const [from, to] = [Number(range[1]), Math.min(Number(range[2]), body.length - 1)];
        const part = body.subarray(from, to + 1);
        count(part);
        res.writeHead(206, {
          'content-range': `bytes ${from}-${to}/${body.length}`,
          'content-length': String(part.length),
          'last-modified': modified,
        });
        return res.end(part);
      }
      res.writeHead(200, { 'content-length': String(body.length), 'last-modified': modified });
      if (pathname.startsWith('/drip/')) {
        dripping += 1;
        res.write(body.subarray(0, 20_000));
        let at = 20_000;
        const timer = setInterval(() => res.write(body.subarray(at, ++at)), 200);
        res.on('close', () => {
          clearInterval(timer);
          dripping -= 1;
        });
        return;
      }
      // Counted as it is written: a client that stops early is not counted for the rest.
      let offset = 0;
      const next = () => {
        while (offset < body.length) {
          const chunk = body.subarray(offset, offset + 64 * 1024);
          offset += chunk.length;
          count(chunk);
          if (!res.write(chunk)) return void res.once('drain', next);
        }
        res.end();
      };
      res.on('close', () => {
        offset = body.length;
      });
      next();
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    env: { NODE_EXTRA_CA_CERTS: certFile },
    sent,
    dripping: () => dripping,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await rm(certDir, { recursive: true, force: true });
    },
  };
}
