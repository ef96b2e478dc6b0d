// Whatever a client sends to POST /api/tickets, the answer is never a 5xx: arbitrary JSON values,
// arbitrary text, form bodies with known and unknown field names, and valid submissions with one
// field replaced by anything. Through the real host and Azurite; runs are bounded.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acknowledgeBy, type BusinessCalendar } from '../../src/domain/calendar';
import { createServices } from '../../src/composition';
import { readSettings } from '../../src/settings';
import { aSubmission } from '../support/builders';
import { startTestHost, type TestHost } from '../support/testHost';
import { captureConsole } from '../api/notifications.support';

let t: TestHost;
let output: ReturnType<typeof captureConsole>;
/** The business calendar the app builds from the host's settings. */
let calendar: BusinessCalendar;
beforeAll(async () => {
  output = captureConsole();
  t = await startTestHost({
    env: { OPS_API_KEY: 'ops-key-for-property-tests-0123456789', EMAIL_OUTBOX_DIR: `/tmp/property-outbox-${process.pid}` },
    enableQueues: false,
  });
  calendar = createServices(readSettings(process.env)).calendar;
});
afterAll(async () => {
  await t?.stop();
  output?.restore();
});

async function post(body: string, contentType: string): Promise<Response> {
  return t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': contentType }, body, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
}

async function notServerError(body: string, contentType = 'application/json'): Promise<void> {
  const res = await post(body, contentType);
  const text = await res.text();
  expect(res.status, `${res.status} for ${contentType} ${body.slice(0, 200)}: ${text.slice(0, 200)}`).toBeLessThan(500);
}

const FIELDS = [
  'category',
  'offerId',
  'summary',
  'description',
  'cveId',
  'cvssVector',
  'mitigation.available',
  'mitigation.steps',
  'customerNotification.requested',
  'customerNotification.message',
  'reporter.name',
  'reporter.email',
  'reporter.locale',
];

describe('no submission body makes the API answer 5xx', () => {
  it('arbitrary JSON values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => notServerError(JSON.stringify(value))),
      { numRuns: 60 },
    );
  });

  it('arbitrary text, declared as JSON and as a form', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.constantFrom('application/json', 'application/x-www-form-urlencoded'),
        async (text, type) => notServerError(text, type),
      ),
      { numRuns: 60 },
    );
  });

  it('form bodies of known and unknown dotted field names', async () => {
    const name = fc.oneof(
      fc.constantFrom(...FIELDS),
      fc.string({ maxLength: 20 }),
      fc.constantFrom('status', 'priority', '__proto__', 'constructor.prototype', 'reporter.__proto__.x', 'a..b', '.'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(name, fc.string({ unit: 'grapheme', maxLength: 60 })), { maxLength: 15 }), async (pairs) =>
        notServerError(new URLSearchParams(pairs).toString(), 'application/x-www-form-urlencoded'),
      ),
      { numRuns: 60 },
    );
  });

  it('a valid submission with one field, nested or not, replaced by anything', async () => {
    const path = fc.constantFrom(...FIELDS, 'mitigation', 'customerNotification', 'reporter');
    // Text with the characters that trip parsers (line terminators of every kind, BOM, NUL) mixed in
    // often, not once in a million draws.
    const awkward = fc
      .array(
        fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('\u2028', '\u2029', '\u0085', '\r\n', '\r', '\ufeff', '\u0000', '\\', '"')),
        { maxLength: 15 },
      )
      .map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(path, fc.oneof(fc.jsonValue(), fc.string({ unit: 'grapheme', maxLength: 300 }), awkward), async (field, value) => {
        const [outer, inner] = field.split('.') as [string, string | undefined];
        const body = aSubmission(inner ? { [outer]: { [inner]: value } } : { [outer]: value });
        const res = await post(JSON.stringify(body), 'application/json');
        expect(res.status).toBeLessThan(500);
        if (res.status === 201) {
          // Accepted: then its deadline is the business calendar's, after the submission.
          const created = (await res.json()) as { submittedAt: string; acknowledgeBy: string };
          expect(Date.parse(created.acknowledgeBy)).toBeGreaterThan(Date.parse(created.submittedAt));
          expect(created.acknowledgeBy).toBe(acknowledgeBy(new Date(created.submittedAt), calendar).toISOString());
        } else {
          await res.arrayBuffer();
        }
      }),
      { numRuns: 80 },
    );
  });
});
