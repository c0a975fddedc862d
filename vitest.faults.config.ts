import { defineConfig } from 'vitest/config';

/**
 * The fault suite (`npm run test:faults`): real PostgreSQL servers it stops and restarts, the Temporal dev
 * server, the API and the worker as separate processes. One file at a time: each one runs its own
 * servers and load, and timings (a p99 latency) are part of what it checks.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 180_000,
  },
});
