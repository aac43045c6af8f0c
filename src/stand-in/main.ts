// `npm run reference-api -- --port 8080 [--host 127.0.0.1] [--explicit-nulls]`: runs the PickDriver
// stand-in with the real API's environment variables from process.env until SIGINT/SIGTERM.
// Nil optionals are left out of answers as Swift does; --explicit-nulls sends them as null.
import { parseArgs } from 'node:util';
import { startReferenceApi } from './server.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      'explicit-nulls': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port: ${values.port}`);

  const nilKeys = values['explicit-nulls'] ? 'null' : 'omit';
  const api = await startReferenceApi({ env: process.env, port, host: values.host, nilKeys });
  console.log(`PickDriver reference API listening on ${api.url}`);

  const stop = () => {
    api.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`reference-api: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
