import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export default defineConfig({
  resolve: {
    // The workspace packages from their TypeScript sources, as tsconfig.check.json reads them: their package.json
    // entries name dist/, which exists only after npm run build, and the local host must run inside vitest's
    // transform to load an app's TypeScript entry points.
    alias: [
      { find: /^@security-event-intake\/local-host$/, replacement: source('./tools/local-host/src/index.ts') },
      { find: /^@security-event-intake\/local-host\/testing$/, replacement: source('./tools/local-host/src/testing.ts') },
      { find: /^@security-event-intake\/timer-schedule$/, replacement: source('./packages/timer-schedule/src/timerSchedule.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'tools/local-host/test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
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
