// Builds a PickDriver database and a backup of it (with its .sha256 sidecar), for the e2e workflow:
//   npx tsx scripts/make-demo-backup.ts --database-url <admin url> --out backups [--scale 0.2] [--database pickdriver_source] [--format custom]
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createSourceDatabase, type DumpFormat, dumpDatabase, writeSidecar } from '../src/demo/make-backup.js';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/postgres' },
    out: { type: 'string', default: 'backups' },
    scale: { type: 'string', default: '0.2' },
    database: { type: 'string', default: 'pickdriver_source' },
    format: { type: 'string', default: 'custom' },
  },
});
const format = values.format as DumpFormat;
const extension = { custom: 'dump', directory: 'dir', tar: 'tar', plain: 'sql', 'plain-gzip': 'sql.gz' }[format];
if (!extension)
  throw new Error(`--format: expected custom, directory, tar, plain or plain-gzip, got '${values.format}'`);

await mkdir(values.out, { recursive: true });
const url = await createSourceDatabase(values['database-url'], values.database, Number(values.scale));
const file = path.join(values.out, `pickdriver-${new Date().toISOString().replace(/[:.]/g, '-')}.${extension}`);
await dumpDatabase(url, file, format);
if (format !== 'directory') await writeSidecar(file);
console.log(file);
