import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    // The local host captures the app's registrations per process (module cache), so every test
    // file runs in a process of its own.
    pool: 'forks',
    isolate: true,
    // CI machines have 2 cores; each integration test file also runs its own Azurite.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
