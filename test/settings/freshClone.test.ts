// npm start on the repository as a fresh clone has it: no local.settings.json, only the sample.
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startMainProcess, startTestStorage, waitForOutput } from '@security-event-intake/local-host/testing';

afterAll(async () => {
  await (await startTestStorage()).stop();
});

describe('npm start on a fresh clone', () => {
  it('uses local.settings.sample.json when there is no local.settings.json, so the app starts with the documented defaults', async () => {
    const app = mkdtempSync(path.join(tmpdir(), 'fresh-clone-'));
    try {
      // The repository's own app and sample, as a clone has them: no local.settings.json.
      for (const entry of ['dist', 'host.json', 'package.json', 'node_modules']) symlinkSync(path.resolve(entry), path.join(app, entry));
      copyFileSync('local.settings.sample.json', path.join(app, 'local.settings.sample.json'));
      const storage = await startTestStorage();
      expect(process.env.SLA_SWEEP_SCHEDULE).toBeUndefined(); // only the sample may supply it
      const started = startMainProcess({ args: ['--app', app], env: { PORT: '0', AzureWebJobsStorage: storage.connectionString } });
      try {
        await waitForOutput(started, /Press Ctrl-C/);
        expect(started.output()).toContain('No local.settings.json: using the values of local.settings.sample.json');
        expect(started.output()).toMatch(/slaSweep: timer 0 \*\/5 \* \* \* \*/);
        // The console's address and the key to sign in with (PORT=0: the host's own address, printed below).
        expect(started.output()).toMatch(/Operator key for this run \(set OPS_API_KEY to choose your own\): [A-Za-z0-9_-]{32}\n/);
        expect(started.output()).toContain("Operators' console: /api/console on the address the host prints below (sign in with the operator key)");
        expect(started.output()).toMatch(/consoleQueue: \[GET\] http:\/\/127\.0\.0\.1:\d+\/api\/console\n/);
        started.child.kill('SIGTERM');
        expect((await started.exited).code).toBe(0);
      } finally {
        started.child.kill('SIGKILL');
      }
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });
});
