// A setting with an invalid value, as Azure meets it (npm start stops instead: slaSettings.test.ts).
// Validating settings while a module is imported left the worker with no function at all: every
// route 404, no queue or timer listener, and a deployment that looked fine. Now every function is
// registered whatever the settings, the bad one is logged once at Error as the app starts, and each
// function refuses to work: HTTP with 503 naming the setting, queue and timer runs by failing.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triggerOf } from '@security-event-intake/local-host';
import { aSubmission } from '../support/builders';
import { startTestHost, type TestHost } from '../support/testHost';
import { captureConsole, type OutputLine } from './notifications.support';

const SETTING = 'SLA_TIME_ZONE';
const VALUE = 'Mars/Olympus';

let t: TestHost;
let output: ReturnType<typeof captureConsole>;
/** What the app wrote until it had started. */
let atStart: OutputLine[];

beforeAll(async () => {
  output = captureConsole();
  t = await startTestHost({ env: { [SETTING]: VALUE, OPS_API_KEY: 'ops-key-for-bad-setting-tests-0123' } });
  atStart = [...output.entries];
});
afterAll(async () => {
  await t?.stop();
  output?.restore();
});

/** The names src/registerApp.ts registers (app.http / app.storageQueue / app.timer), read from the source. */
function registeredInSource(): string[] {
  const source = readFileSync(path.resolve(__dirname, '../../src/registerApp.ts'), 'utf8');
  return [...source.matchAll(/\bapp\.(?:http|storageQueue|timer)\('([^']+)'/g)].map((m) => m[1]!);
}

/** The app's own error lines (not the host's "Executed (Failed…)" lines) that name the setting. */
const settingErrors = (entries: OutputLine[]) => entries.filter((e) => e.from === 'console' && e.level === 'error' && e.line.includes(SETTING));

describe(`the app with ${SETTING}=${VALUE}`, () => {
  it('registers every function all the same', () => {
    const names = t.host.functions.map((fn) => fn.name).sort();
    expect(names).toEqual(registeredInSource().sort());
  });

  it('logs the setting once, at Error, as it starts: one JSON line naming it and what is wrong', () => {
    expect(atStart.filter((e) => e.level === 'error')).toHaveLength(1);
    const [line] = settingErrors(atStart);
    expect(JSON.parse(line!.line)).toEqual({
      level: 'error',
      message: expect.stringMatching(new RegExp(`^${SETTING} "${VALUE}" `)),
      setting: SETTING,
      consequence: 'every function answers 503 or fails until the setting is corrected',
    });
    // On stderr, containing "error" and not "warn": the Functions host records it at Error.
    expect(line!.line).toMatch(/error/i);
    expect(line!.line).not.toMatch(/warn/i);
  });

  it('answers 503 at /api/health and POST /api/tickets, a problem naming the setting, never its value', async () => {
    for (const [route, init] of [
      ['/api/health', {}],
      ['/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aSubmission()) }],
    ] as const) {
      const res = await t.fetch(route, init);
      expect(res.status, route).toBe(503);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({
        type: 'https://security-events.example/problems/service-unavailable',
        title: 'Service unavailable',
        status: 503,
        detail: `The app's setting ${SETTING} has an invalid value; an operator must correct it. Nothing was done.`,
      });
      expect(text).not.toContain('Mars');
    }
  });

  it('answers 503 from every HTTP function, whatever the request', async () => {
    const http = t.host.functions.filter((fn) => triggerOf(fn).type === 'httpTrigger');
    expect(http.map((fn) => fn.name)).toEqual(expect.arrayContaining(['health', 'submitTicket', 'getTicket', 'listTickets']));
    for (const fn of http) {
      const trigger = triggerOf(fn);
      const route = String(trigger.route).replace(/\{[^}]+\}/g, 'SE-2027-ABCDEF');
      const method = (trigger.methods as string[])[0]!;
      const res = await t.fetch(`/api/${route}`, { method, ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}) });
      expect(res.status, `${fn.name}: ${method} /api/${route}`).toBe(503);
      expect(await res.text()).toContain(SETTING);
    }
  });

  it("fails every queue and timer run with the setting's error", async () => {
    const others = t.host.functions.filter((fn) => triggerOf(fn).type !== 'httpTrigger');
    expect(others.map((fn) => triggerOf(fn).type).sort()).toEqual(expect.arrayContaining(['queueTrigger', 'timerTrigger']));
    for (const fn of others) {
      const input = triggerOf(fn).type === 'queueTrigger' ? JSON.stringify({ confirmationNumber: 'SE-2027-ABCDEF', event: 'submitted', eventId: 'e0' }) : '';
      await expect(t.runFunction(fn.name, input), fn.name).rejects.toThrow(new RegExp(`^${SETTING} `));
    }
  });

  it('logs the setting at start only: requests and runs do not repeat it', () => {
    expect(settingErrors(output.entries)).toHaveLength(1);
  });
});
