// Runs before every test file: what the bundles' runner folders held goes with the file's last test
// (a test reads its outputs, summary and report while it runs; nothing needs them after).
import { afterAll } from 'vitest';
import { removeRunnerDirs } from './bundles.js';

afterAll(removeRunnerDirs);
