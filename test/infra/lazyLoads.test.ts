// The deployed entry (dist/app/index.js, scripts/build-app.mjs) loads what only some settings need from files of its
// own beside it, on first use: a cold start with the local settings loads none of them, and one with Azure's loads
// neither the identity library nor the ACS client until a token or an email is wanted.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../src/settings';

const repoRoot = path.resolve(__dirname, '../..');
const entry = path.join(repoRoot, 'dist/app/index.js');
const core = path.join(repoRoot, 'tools/local-host/dist/functionsCore.js');
const LAZY = ['communication-email.js', 'holiday-rules.js', 'holidays-parser.js', 'identity.js', 'mail-composer.js'];

/** Loads the entry in a fresh process with `env` as the only settings; answers the files of dist/app it loaded and how many functions it registered. */
function load(env: Record<string, string>): { loaded: string[]; functions: number; output: string } {
  if (!existsSync(entry) || !existsSync(core)) throw new Error('dist/app or the local host is missing: run npm run build (npm test does)');
  // Valid settings: the entry builds its services from them (a bad one would leave it nothing to build).
  expect(() => readSettings(env)).not.toThrow();
  const script = `
    const core = require(${JSON.stringify(core)});
    core.installFunctionsCore();
    require(${JSON.stringify(entry)});
    const loaded = Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(path.dirname(entry) + path.sep)})).map((f) => f.slice(${path.dirname(entry).length + 1}));
    process.stderr.write(JSON.stringify({ loaded: loaded.sort(), functions: core.registeredFunctions().length }));`;
  const result = spawnSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return { ...(JSON.parse(result.stderr.slice(result.stderr.lastIndexOf('{"loaded"'))) as { loaded: string[]; functions: number }), output: result.stdout };
}

const operator = { OPS_API_KEY: 'lazy-loads-operator-key-0123456789', PUBLIC_BASE_URL: 'https://intake.example' };

describe('the deployed entry, loaded', () => {
  it('with the local settings (Azurite, the outbox, no holidays) runs itself alone: no lazy package is loaded', () => {
    const { loaded, functions } = load({ ...operator, AzureWebJobsStorage: 'UseDevelopmentStorage=true', EMAIL_OUTBOX_DIR: '.data/outbox' });
    expect(functions).toBeGreaterThan(10);
    expect(loaded).toEqual(['index.js']);
  });

  it("with Azure's settings (managed identity for storage and ACS) loads neither the identity library nor the ACS client yet", () => {
    const { loaded, functions } = load({
      ...operator,
      AzureWebJobsStorage__tableServiceUri: 'https://account.table.core.windows.net',
      AzureWebJobsStorage__queueServiceUri: 'https://account.queue.core.windows.net',
      AzureWebJobsStorage__blobServiceUri: 'https://account.blob.core.windows.net',
      AzureWebJobsStorage__clientId: '00000000-0000-4000-8000-000000000001',
      ACS_ENDPOINT: 'https://acs.example.communication.azure.com',
      EMAIL_SENDER: 'DoNotReply@intake.example',
    });
    expect(functions).toBeGreaterThan(10);
    expect(loaded).toEqual(['index.js']);
  });

  it('with a holiday calendar loads the holiday rules and their parser then, to check the code at start, and nothing else', () => {
    const { loaded } = load({ ...operator, AzureWebJobsStorage: 'UseDevelopmentStorage=true', SLA_HOLIDAYS: 'DE-BY' });
    expect(loaded).toEqual(['holiday-rules.js', 'holidays-parser.js', 'index.js']);
  });

  it('has every lazy package beside it', () => {
    expect(LAZY.filter((file) => !existsSync(path.join(path.dirname(entry), file)))).toEqual([]);
  });
});
