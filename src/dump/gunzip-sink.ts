// Inflates gzip data on its way through the pass and hands the result to another sink; a
// truncated or corrupt stream becomes a recorded error, never an exception out of the pass.
import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import { memoryReleaser } from '../util/memory.js';
import type { ByteSink } from './stream-reader.js';

export class GunzipSink implements ByteSink {
  error: string | null = null;
  inflatedBytes = 0;
  private readonly gunzip = createGunzip();
  private readonly finished: Promise<void>;

  constructor(private readonly inner: ByteSink | null) {
    const release = memoryReleaser();
    this.gunzip.on('data', (data: Buffer) => {
      this.inflatedBytes += data.length;
      release(data.length);
      // The inner sinks used with gunzip (the plain scanner) are synchronous.
      void this.inner?.write(data);
    });
    this.finished = new Promise((resolve) => {
      this.gunzip.on('end', () => resolve());
      this.gunzip.on('error', (e: Error) => {
        this.error ??= `the gzip data is truncated or corrupt (${e.message})`;
        resolve();
      });
    });
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.error) return;
    if (!this.gunzip.write(chunk)) await Promise.race([once(this.gunzip, 'drain'), this.finished]);
  }

  async end(): Promise<void> {
    if (!this.error) this.gunzip.end();
    await this.finished;
    await this.inner?.end();
  }
}
