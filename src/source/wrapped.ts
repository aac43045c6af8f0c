// A chosen backup inside encryption or compression layers, made ready for the verification pass
// and the restore: its layers and inner format found from its first bytes, then one read that
// hashes the stored bytes, walks the unwrapped structure and (custom and tar archives, which
// pg_restore must seek in for parallel jobs) writes the unwrapped archive into a temp folder.
// A plain dump is not copied: psql gets the layers removed again as it streams.
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Detected } from '../dump/detect.js';
import type { ByteSink, ReadResult } from '../dump/stream-reader.js';
import type { BackupFormat, BackupLayer } from '../model/backup-types.js';
import { LayerError, type LayerOptions, stopGpgAgents } from './layers.js';
import { makeTempFolder, safeFileName } from './remote-select.js';
import { openUnwrapped, peelBackup, unwrappedPass } from './unwrap.js';

export interface Unwrapping {
  layers: BackupLayer[];
  /** The pg_dump backup inside the layers. */
  detected: Detected & { format: BackupFormat };
  /** What pg_restore reads once the pass has written it (custom, tar); null for a plain dump. */
  innerPath: string | null;
  /** The verification pass over the stored file (throws UnwrapFailure when a layer fails). */
  read: (sinks: ByteSink[], signal?: AbortSignal) => Promise<ReadResult>;
  /** Plain dumps: the unwrapped SQL for psql. */
  open: (() => Promise<Readable>) | null;
  /** Removes the temp folder (the unwrapped archive, gpg's home). */
  dispose: () => Promise<void>;
}

/** Finds the layers and the format inside; throws LayerError (a missing or wrong key, damage) or Error. */
export async function prepareUnwrap(stored: string, name: string, key: string | null): Promise<Unwrapping> {
  const temp = await makeTempFolder();
  const opts: LayerOptions = { key, gpgHomes: [] };
  try {
    const peeled = await peelBackup(stored, opts);
    const detection = peeled.detection;
    const outer = peeled.layers.join(' → ');
    if (!detection.ok) {
      throw new LayerError(
        peeled.layers[peeled.layers.length - 1] ?? 'gzip',
        `inside ${outer}: not a pg_dump backup (${detection.reason})`,
      );
    }
    const detected = detection.detected;
    if (detected.format === null || detected.format === 'directory')
      throw new LayerError(peeled.layers[0] ?? 'gzip', `inside ${outer}: not a pg_dump archive or plain dump`);
    const format = detected.format === 'plain-gzip' ? 'plain' : detected.format;
    // gzip inside other layers was peeled as a layer of its own: what is left is a plain dump.
    const layers = detected.format === 'plain-gzip' ? [...peeled.layers, 'gzip' as const] : peeled.layers;
    const innerPath =
      format === 'plain'
        ? null
        : path.join(temp.dir, `${safeFileName(name.replace(/(\.[a-z0-9]+)+$/i, ''))}.unwrapped`);
    return {
      layers,
      detected: { ...detected, format, wrapping: layers },
      innerPath,
      read: (sinks, signal) => unwrappedPass(stored, opts, sinks, innerPath, signal),
      open: format === 'plain' ? () => openUnwrapped(stored, opts) : null,
      dispose: async () => {
        await stopGpgAgents(opts.gpgHomes);
        await temp.dispose();
      },
    };
  } catch (error) {
    await stopGpgAgents(opts.gpgHomes);
    await temp.dispose();
    throw error;
  }
}
