// The real @actions/artifact client uploading the report folder to a local artifact service.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { publishToGitHub } from '../../src/report/publish.js';
import { writeReportFiles } from '../../src/report/write-report.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { SecretRegistry } from '../../src/util/secrets.js';
import { parseOutputFile, setEnv } from './env.js';
import { type FakeArtifactService, startFakeArtifactService } from './fake-artifact-service.js';
import { passedReport, sampleConfig } from './sample-reports.js';
import { readZip } from './zip-reader.js';

describe('report artifact upload (real @actions/artifact client, local service)', () => {
  let service: FakeArtifactService;
  let work: string;
  let restoreEnv: () => void;

  beforeAll(async () => {
    service = await startFakeArtifactService();
  });
  afterAll(async () => {
    await service.close();
  });
  beforeEach(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'pv-artifact-'));
    await writeFile(path.join(work, 'output.txt'), '');
    restoreEnv = setEnv({
      ACTIONS_RUNTIME_TOKEN: service.token,
      ACTIONS_RESULTS_URL: `${service.url}/`,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_OUTPUT: path.join(work, 'output.txt'),
      GITHUB_STEP_SUMMARY: undefined,
      GITHUB_RETENTION_DAYS: undefined,
    });
  });
  afterEach(async () => {
    restoreEnv();
    service.failCreateWith = null;
    await rm(work, { recursive: true, force: true });
  });

  it('uploads every report file byte for byte and returns the artifact id', async () => {
    const reportDir = path.join(work, 'pickdriver-vault-report');
    const config = sampleConfig({
      reportDir,
      artifactName: 'drill-report',
      artifactRetentionDays: 3,
      jobSummary: false,
      reportSigningKey: 'signing-key-for-tests',
      prometheusTextfile: path.join(reportDir, 'metrics', 'drill.prom'),
    });
    const report = passedReport();
    const paths = await writeReportFiles(report, config, new SecretRegistry());
    const log = new MemoryLogger();

    const { artifactId } = await publishToGitHub(report, paths, config, log);

    const stored = service.artifacts.get('drill-report');
    expect(stored).toBeDefined();
    expect(artifactId).toBe(stored?.id);
    expect(stored?.blob).not.toBeNull();
    const zip = readZip(stored?.blob as Buffer);
    expect([...zip.keys()].sort()).toEqual(['metrics/drill.prom', 'report.json', 'report.json.sig', 'report.md']);
    for (const [name, bytes] of zip) {
      expect(bytes.equals(await readFile(path.join(reportDir, name))), name).toBe(true);
    }
    // What the backend is told: a zip, a retention, and the digest of exactly the bytes uploaded.
    expect(stored?.createRequest['version']).toBe(7);
    expect(stored?.createRequest['mime_type']).toBe('application/zip');
    const expires = Date.parse(String(stored?.createRequest['expires_at']));
    expect(expires - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
    expect(expires - Date.now()).toBeLessThan(3.1 * 86_400_000);
    const digest = createHash('sha256')
      .update(stored?.blob as Buffer)
      .digest('hex');
    expect(stored?.finalizeRequest?.['hash']).toBe(`sha256:${digest}`);
    expect(stored?.finalizeRequest?.['size']).toBe(String(stored?.blob?.length));
    // The blob went up as staged blocks committed with a block list.
    expect(service.requests.some((r) => r.startsWith('PUT /blobs/') && r.includes('comp=block&blockid='))).toBe(true);
    expect(service.requests.some((r) => r.startsWith('PUT /blobs/') && r.includes('comp=blocklist'))).toBe(true);

    const outputs = parseOutputFile(await readFile(path.join(work, 'output.txt'), 'utf8'));
    expect(outputs['artifact-id']).toBe(String(stored?.id));
    expect(log.lines.filter((l) => l.startsWith('warning:'))).toEqual([]);
  });

  it('turns an upload refused by the service into a warning, not a failure', async () => {
    service.failCreateWith = 400;
    const config = sampleConfig({ reportDir: path.join(work, 'r'), artifactName: 'refused', jobSummary: false });
    const report = passedReport();
    const paths = await writeReportFiles(report, config, new SecretRegistry());
    const log = new MemoryLogger();

    const { artifactId } = await publishToGitHub(report, paths, config, log);

    expect(artifactId).toBeNull();
    expect(log.lines.some((l) => l.startsWith("warning: Uploading the report artifact 'refused' failed"))).toBe(true);
    const outputs = parseOutputFile(await readFile(path.join(work, 'output.txt'), 'utf8'));
    expect(outputs['artifact-id']).toBe('');
    expect(outputs['result']).toBe('passed');
  });
});
