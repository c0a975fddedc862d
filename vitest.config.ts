import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The fault suite has its own run (`npm run test:faults`, vitest.faults.config.ts).
    exclude: ['test/faults/**', '**/node_modules/**'],
    // Each test file gets its own process: Temporal's Runtime (native) is per process, and test
    // servers are per file (time skipping is global to an environment).
    pool: 'forks',
    // 2-core machines: two files at a time (each may run a JVM or Go dev server + a worker).
    maxWorkers: 2,
    fileParallelism: true,
    // Temporal envs start servers, bundle workflows (webpack) and may wait on visibility.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // No globalSetup on purpose: every file makes its own database (test/support/db.ts) and its own
    // Temporal server (test/support/temporal.ts), so files never share state.
  },
});
