// The app registers in one place: src/functions/*.ts only build handlers (importing them registers
// nothing), and src/registerApp.ts registers one function per file there, named after it.

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFunctionsCore, registeredFunctions, registeredHooks } from '@security-event-intake/local-host/testing';
import { SettingError } from '../src/settings';

const functionsDir = path.resolve(__dirname, '../src/functions');
const files = readdirSync(functionsDir).filter((file) => file.endsWith('.ts'));

describe('the registration', () => {
  beforeAll(() => installFunctionsCore());

  it('is nowhere in src/functions: importing every handler file registers no function and no hook', async () => {
    for (const file of files) {
      const module = (await import(path.join(functionsDir, file))) as Record<string, unknown>;
      // Each file exports its handler's factory, named after the function.
      expect(typeof module[file.replace(/\.ts$/, '')], file).toBe('function');
    }
    expect(registeredFunctions()).toEqual([]);
    expect(registeredHooks('appStart')).toEqual([]);
    expect(registeredHooks('preInvocation')).toEqual([]);
  });

  it('is registerApp: one function per file of src/functions, named after it, and the hooks', async () => {
    const { registerApp } = await import('../src/registerApp');
    registerApp(() => ({ refusal: new SettingError('SLA_TIME_ZONE', 'not built in this test') }));
    expect(registeredFunctions().map((fn) => fn.name)).toEqual(files.map((file) => file.replace(/\.ts$/, '')));
    expect(registeredHooks('appStart')).toHaveLength(2);
    expect(registeredHooks('preInvocation')).toHaveLength(1);
  });
});
