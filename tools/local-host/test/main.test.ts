import { once } from 'node:events';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage } from '../src/testStorage';
import { startMainProcess, waitForOutput } from '../src/mainProcess';

const appRoot = path.join(__dirname, 'fixtures/sample-app');

function startMain(env: Record<string, string>) {
  return startMainProcess({ args: ['--app', appRoot], env: { PORT: '0', TICK_SCHEDULE: '0 0 0 1 1 *', ...env } });
}

beforeAll(async () => {
  // The fixture app as production runs it: compiled CommonJS named by its package.json main.
  await build({
    entryPoints: [path.join(appRoot, 'src/**/*.ts')],
    outdir: path.join(appRoot, 'dist'),
    outbase: path.join(appRoot, 'src'),
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    logLevel: 'silent',
  });
});

afterAll(async () => {
  await (await startTestStorage()).stop();
});

describe('npm start (local-functions-host)', () => {
  it('serves the compiled app, prints a banner without secrets, and exits 0 on SIGTERM', async () => {
    const storage = await startTestStorage();
    const started = startMain({ AzureWebJobsStorage: storage.connectionString });
    try {
      const [, url] = await waitForOutput(started, /Functions host running at (http:\/\/127\.0\.0\.1:\d+)/);
      await waitForOutput(started, /Press Ctrl-C/);
      expect(started.output()).toMatch(/hello: \[GET\] http:\/\/127\.0\.0\.1:\d+\/api\/hello\/\{name\?\}/);
      expect(started.output()).toMatch(/recordMessage: queue sample-items/);
      expect(started.output()).not.toContain('AccountKey');
      const response = await fetch(`${url}/api/hello/cli`);
      expect(await response.json()).toMatchObject({ hello: 'cli' });
      started.child.kill('SIGTERM');
      expect((await started.exited).code).toBe(0);
    } finally {
      started.child.kill('SIGKILL');
    }
  });

  // The banner as a developer sees it on each Node.js: process.versions.node is reported by a preloaded stand-in,
  // so both cases run on whichever Node.js runs the tests.
  const bannerOn = async (version: string) => {
    const storage = await startTestStorage();
    const started = startMain({
      AzureWebJobsStorage: storage.connectionString,
      FAKE_NODE_VERSION: version,
      NODE_OPTIONS: `--require ${path.join(__dirname, 'support/fakeNodeVersion.cjs')}`,
    });
    try {
      await waitForOutput(started, /Press Ctrl-C/);
      started.child.kill('SIGTERM');
      expect((await started.exited).code).toBe(0);
      return started.output();
    } finally {
      started.child.kill('SIGKILL');
    }
  };

  it('still serves on Node.js 20, saying in one line of its banner that Azure runs Node.js 22', async () => {
    const output = await bannerOn('20.19.0');
    const lines = output.split('\n').filter((line) => line.includes('Azure runs Node.js'));
    expect(lines).toEqual(['  Node.js 20.19.0 here; Azure runs Node.js 22 (infra/main.bicep nodeVersion): run the tests on 22 before you deploy.']);
    expect(output.indexOf(lines[0]!)).toBeGreaterThan(output.indexOf('Functions host running at'));
  });

  it('prints no such line on Node.js 22, the version Azure runs', async () => {
    const output = await bannerOn('22.23.5');
    expect(output).toContain('Functions host running at');
    expect(output).not.toContain('Azure runs Node.js');
  });

  it('starts its own Azurite on the ports --azurite-ports names, keeping its data where --azurite-data says', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'main-azurite-'));
    const started = startMainProcess({
      args: ['--app', appRoot, '--azurite-data', dataDir, '--azurite-ports', '0,0,0'],
      env: { PORT: '0', TICK_SCHEDULE: '0 0 0 1 1 *', AzureWebJobsStorage: 'UseDevelopmentStorage=true' },
    });
    try {
      const [, ports] = await waitForOutput(started, /Storage: Azurite on 127\.0\.0\.1:(\d+,\d+,\d+), data in (.*)/);
      expect(ports!.split(',').map(Number)).not.toContain(10000);
      expect(started.output()).toContain(`data in ${dataDir}\n`);
      expect(existsSync(path.join(dataDir, '__azurite_db_table__.json'))).toBe(true);
      started.child.kill('SIGTERM');
      expect((await started.exited).code).toBe(0);
    } finally {
      started.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.each([
    ['json-error', 'Cannot start: SAMPLE_REPORT_AT_START "json-error" is not valid.'],
    ['plain-error', 'Cannot start: error: SAMPLE_REPORT_AT_START is not valid, the sample app cannot work'],
  ])('prints one clear line, no banner, and exits 1 when the app logs an error as it starts (%s)', async (report, line) => {
    const storage = await startTestStorage();
    const started = startMain({ AzureWebJobsStorage: storage.connectionString, SAMPLE_REPORT_AT_START: report });
    try {
      expect((await started.exited).code).toBe(1);
      if (!started.child.stderr.closed) await once(started.child.stderr, 'close'); // all of it read
      expect(started.output().trim().split('\n')).toEqual([line]);
    } finally {
      started.child.kill('SIGKILL');
    }
  });

  it('starts when the app only warns as it starts, and prints the warning', async () => {
    const storage = await startTestStorage();
    const started = startMain({ AzureWebJobsStorage: storage.connectionString, SAMPLE_REPORT_AT_START: 'warning' });
    try {
      await waitForOutput(started, /Press Ctrl-C/);
      expect(started.output()).toContain('warning: SAMPLE_REPORT_AT_START is deprecated, but an error it is not\n');
      started.child.kill('SIGTERM');
      expect((await started.exited).code).toBe(0);
    } finally {
      started.child.kill('SIGKILL');
    }
  });

  it('prints one clear line and exits 1 when the app fails to load', async () => {
    const storage = await startTestStorage();
    const started = startMain({ AzureWebJobsStorage: storage.connectionString, SAMPLE_FAIL_AT_LOAD: 'yes' });
    expect((await started.exited).code).toBe(1);
    const lines = started.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/SAMPLE_FAIL_AT_LOAD/);
    expect(started.output()).not.toMatch(/\n\s+at /);
  });

  it('ends like the Node worker on an unhandled rejection: logs "Worker uncaught exception" and exits 1 (azure-functions-nodejs-worker src/Worker.ts)', async () => {
    const storage = await startTestStorage();
    const started = startMain({ AzureWebJobsStorage: storage.connectionString });
    try {
      const [, url] = await waitForOutput(started, /Functions host running at (http:\/\/127\.0\.0\.1:\d+)/);
      const response = await fetch(`${url}/api/reject-later`);
      expect(await response.text()).toBe('answered');
      expect((await started.exited).code).toBe(1);
      expect(started.output()).toMatch(/Worker uncaught exception .*: Error: nobody awaited this/);
    } finally {
      started.child.kill('SIGKILL');
    }
  });

  describe('with a local.settings.json', () => {
    let app: string;
    beforeAll(() => {
      // The fixture app, with settings of its own: its compiled entry points, named by an absolute glob.
      app = mkdtempSync(path.join(tmpdir(), 'main-settings-'));
      writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'settings-app', main: path.join(appRoot, 'dist/functions/*.js') }));
      copyFileSync(path.join(appRoot, 'host.json'), path.join(app, 'host.json'));
      writeFileSync(
        path.join(app, 'local.settings.json'),
        JSON.stringify({
          IsEncrypted: false,
          Values: { TICK_SCHEDULE: '0 0 0 1 1 *' },
          Host: { CORS: 'http://web.example:8080, http://other.example', CORSCredentials: true, LocalHttpsPort: 7072 },
          ConnectionStrings: { Sql: 'unused' },
        }),
      );
    });
    afterAll(() => rmSync(app, { recursive: true, force: true }));

    it('honours Host.CORS and Host.CORSCredentials as func start does (azure-functions-core-tools Actions/HostActions/Startup.cs), and names what it ignores', async () => {
      const storage = await startTestStorage();
      const started = startMainProcess({ args: ['--app', app], env: { PORT: '0', AzureWebJobsStorage: storage.connectionString } });
      try {
        const [, url] = await waitForOutput(started, /Functions host running at (http:\/\/127\.0\.0\.1:\d+)/);
        await waitForOutput(started, /Press Ctrl-C/);
        expect(started.output()).toContain('local.settings.json settings the local host does not carry out: ConnectionStrings, Host.LocalHttpsPort');
        const preflight = await fetch(`${url}/api/echo`, {
          method: 'OPTIONS',
          headers: {
            origin: 'http://web.example:8080',
            'access-control-request-method': 'PUT',
            'access-control-request-headers': 'content-type,idempotency-key',
          },
        });
        expect(preflight.status).toBe(204);
        expect(preflight.headers.get('access-control-allow-origin')).toBe('http://web.example:8080');
        expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
        expect(preflight.headers.get('access-control-allow-methods')).toBe('PUT');
        expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type,idempotency-key');
        const allowed = await fetch(`${url}/api/hello/cors`, { headers: { origin: 'http://other.example' } });
        expect(allowed.headers.get('access-control-allow-origin')).toBe('http://other.example');
        const refused = await fetch(`${url}/api/hello/cors`, { headers: { origin: 'http://evil.example' } });
        expect(refused.status).toBe(200); // CORS is for the browser to enforce: the answer just lacks the allow headers
        expect(refused.headers.get('access-control-allow-origin')).toBeNull();
        started.child.kill('SIGTERM');
        expect((await started.exited).code).toBe(0);
      } finally {
        started.child.kill('SIGKILL');
      }
    });
  });
});
