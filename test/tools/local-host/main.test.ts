import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage } from '../../support/azurite';

const repoRoot = path.resolve(__dirname, '../../..');
const appRoot = path.join(repoRoot, 'test/fixtures/sample-app');
const mainJs = path.join(repoRoot, 'dist/tools/local-host/main.js');

interface Started {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
}

function startMain(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [mainJs, '--app', appRoot], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', TICK_SCHEDULE: '0 0 0 1 1 *', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForOutput(started: Started, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(started.output());
    if (match) return match;
    if (Date.now() > deadline || started.child.exitCode !== null) throw new Error(`no ${pattern} in:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  if (!existsSync(mainJs)) throw new Error(`${mainJs} is missing: run npm run build (npm test does)`);
  // The fixture app as production runs it: compiled CommonJS named by its package.json main.
  await build({
    entryPoints: [path.join(appRoot, 'src/**/*.ts')],
    outdir: path.join(appRoot, 'dist'),
    outbase: path.join(appRoot, 'src'),
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  });
});

afterAll(async () => {
  await (await startTestStorage()).stop();
});

describe('npm start (dist/tools/local-host/main.js)', () => {
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
      expect(await started.exited).toBe(0);
    } finally {
      started.child.kill('SIGKILL');
    }
  });

  it('prints one clear line and exits 1 when the app fails to load', async () => {
    const storage = await startTestStorage();
    const started = startMain({ AzureWebJobsStorage: storage.connectionString, SAMPLE_FAIL_AT_LOAD: 'yes' });
    expect(await started.exited).toBe(1);
    const lines = started.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/SAMPLE_FAIL_AT_LOAD/);
    expect(started.output()).not.toMatch(/\n\s+at /);
  });
});
