import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Removes the runner folders the bundles' tests make (test/helpers/bundles.ts).
    setupFiles: ['test/helpers/setup.ts'],
    // Tests start real servers, restore real dumps and run the bundles as subprocesses.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: more forks only make Postgres and pg_restore fight over them.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
