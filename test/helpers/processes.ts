// What is still running on this machine: the tests that stop child processes check they are gone.
import { readdirSync, readFileSync } from 'node:fs';

/** Live (not zombie) processes whose command line holds `needle`, as "pid: command line". */
export function processesWith(needle: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (cmdline.includes(needle) && state !== 'Z') found.push(`${entry}: ${cmdline}`);
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}

/**
 * Live (not zombie) processes whose environment holds `needle`, as "pid: command line". A test
 * puts a unique entry on the PATH it gives a bundle: every tool the drill starts inherits it,
 * whatever its command line, so what is left running can be found after the drill has gone.
 */
export function processesWithEnv(needle: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (!environ.includes(needle) || state === 'Z') continue;
      found.push(`${entry}: ${readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ')}`);
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}
