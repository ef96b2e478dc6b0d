// npm start on the repository as a fresh clone has it: no local.settings.json, only the sample.
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startMainProcess, startTestStorage, waitForOutput } from '@security-event-intake/local-host/testing';

afterAll(async () => {
  await (await startTestStorage()).stop();
});

describe('npm start on a fresh clone', () => {
  it('uses local.settings.sample.json when there is no local.settings.json, so the app starts with the documented defaults', async () => {
    const storage = await startTestStorage();
    expect(process.env.SLA_SWEEP_SCHEDULE).toBeUndefined(); // only the sample may supply it
    const output = await freshCloneStartOutput({ PORT: '0', AzureWebJobsStorage: storage.connectionString });

    expect(output).toContain('No local.settings.json: using the values of local.settings.sample.json');
    expect(output).toMatch(/slaSweep: timer 0 \*\/5 \* \* \* \*/);
    // The console's address and the key to sign in with (PORT=0: the host's own address, printed below).
    expect(output).toMatch(/Operator key for this run \(set OPS_API_KEY to choose your own\): [A-Za-z0-9_-]{32}\n/);
    expect(output).toContain("Operators' console: /api/console on the address the host prints below (sign in with the operator key)");
    expect(output).toMatch(/consoleQueue: \[GET\] http:\/\/127\.0\.0\.1:\d+\/api\/console\n/);
    // PORT=0 names no port to compare the sample's PUBLIC_BASE_URL with
    expect(output).not.toContain('Links in emails lead to');
  });

  it('says, when PORT moves the host off the sample’s 7071, that the links in emails still lead there', async () => {
    const storage = await startTestStorage();
    const port = await freePort();
    const output = await freshCloneStartOutput({ PORT: String(port), AzureWebJobsStorage: storage.connectionString });

    expect(output).toContain(`Links in emails lead to PUBLIC_BASE_URL (http://127.0.0.1:7071), not to this run's port ${port}: set PUBLIC_BASE_URL to match`);
  });
});

/**
 * Starts the repository's own app as a clone has it (no local.settings.json, only the sample),
 * waits until it runs, stops it (SIGTERM, exit code 0) and gives what it printed.
 */
async function freshCloneStartOutput(env: Record<string, string>): Promise<string> {
  const app = mkdtempSync(path.join(tmpdir(), 'fresh-clone-'));
  try {
    for (const entry of ['dist', 'host.json', 'package.json', 'node_modules']) symlinkSync(path.resolve(entry), path.join(app, entry));
    copyFileSync('local.settings.sample.json', path.join(app, 'local.settings.sample.json'));
    const started = startMainProcess({ args: ['--app', app], env });
    try {
      await waitForOutput(started, /Press Ctrl-C/);
      const output = started.output();
      started.child.kill('SIGTERM');
      expect((await started.exited).code).toBe(0);
      return output;
    } finally {
      started.child.kill('SIGKILL');
    }
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
