// An unanswered information request end to end: the SLA sweep's timer (run through the local
// host's admin endpoint, as an operator's curl would) reminds the reporter once after two business
// days and tells the operators once after five, with the app's clock under the test's control.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ENTRY, useServices } from '../support/app';
import { aSubmission } from '../support/builders';
import { indexNow, pendingEvents as pendingEventsOf } from '../support/indexing';
import { startTestHost, type TestHost } from '../support/testHost';
import { captureConsole } from './notifications.support';

const OPS_KEY = 'ops-key-for-information-request-tests-0123456789';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let t: TestHost;
let now: Date;
let output: ReturnType<typeof captureConsole>;

// Each test asks on a Monday 10:00 UTC of its own week (the calendar is UTC, Monday to Friday).
let week = 0;
beforeAll(async () => {
  t = await startTestHost({
    env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: `/tmp/information-requests-outbox-${process.pid}` },
    enableQueues: false,
    entryPoints: [TEST_ENTRY],
  });
  useServices({ clock: () => now });
});
afterAll(async () => t?.stop());
beforeEach(() => {
  now = new Date(Date.UTC(2027, 1, 1 + 7 * week++, 10, 0, 0));
  output = captureConsole();
});
afterEach(() => output.restore());

const advance = (ms: number): void => {
  now = new Date(now.getTime() + ms);
};

function ops(path: string, body?: unknown): Promise<Response> {
  return t.fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${OPS_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A ticket acknowledged and asked a question now: its number and the reporter's token. */
async function asked(): Promise<{ n: string; token: string }> {
  const res = await t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aSubmission()) });
  expect(res.status).toBe(201);
  const { confirmationNumber: n, accessToken: token } = (await res.json()) as { confirmationNumber: string; accessToken: string };
  await indexNow(t.connectionString, n);
  expect((await ops(`/api/tickets/${n}/acknowledge`, { priority: 'p2', severity: 'high' })).status).toBe(200);
  expect((await ops(`/api/tickets/${n}/messages`, { body: 'Which firmware version?', kind: 'information-request' })).status).toBe(201);
  return { n, token };
}

async function sweep(): Promise<void> {
  const res = await t.fetch('/admin/functions/slaSweep', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input":""}' });
  expect(res.status).toBe(202);
  expect(res.headers.get('x-local-host-run')).toBe('succeeded');
}

async function events(n: string): Promise<string[]> {
  const res = await ops(`/api/tickets/${n}`);
  return ((await res.json()) as { history: Array<{ event: string }> }).history.map((h) => h.event);
}

/** The InformationRequestUnanswered lines for one ticket, at warning level. */
function unansweredAlerts(n: string): Array<Record<string, unknown>> {
  return output.entries
    .filter((e) => e.level === 'warn' && e.line.includes('"InformationRequestUnanswered"'))
    .map((e) => JSON.parse(e.line) as Record<string, unknown>)
    .filter((alert) => alert.confirmationNumber === n);
}

const pendingEvents = (n: string): Promise<string[]> => pendingEventsOf(t.connectionString, n);

describe('an unanswered information request', () => {
  it('is reminded once, two business days later, and its email is on its way', async () => {
    const { n } = await asked();
    advance(2 * DAY - 60_000); // Wednesday 09:59: not yet
    await sweep();
    expect(await events(n)).not.toContain('information-reminded');
    advance(2 * 60_000);
    await sweep();
    await sweep();
    expect((await events(n)).filter((e) => e === 'information-reminded')).toHaveLength(1);
    expect(await pendingEvents(n)).toContain('information-reminded');
    expect(unansweredAlerts(n)).toEqual([]);
  });

  it('counts business days: asked on a Thursday, it is reminded on Monday', async () => {
    advance(3 * DAY); // Thursday 10:00
    const { n } = await asked();
    advance(3 * DAY + HOUR); // Sunday 11:00
    await sweep();
    expect(await events(n)).not.toContain('information-reminded');
    advance(DAY); // Monday 11:00
    await sweep();
    expect(await events(n)).toContain('information-reminded');
  });

  it('is told to the operators once, five business days later, with one InformationRequestUnanswered line', async () => {
    const { n } = await asked();
    advance(7 * DAY - HOUR); // the next Monday 09:00: four business days and 23 hours
    await sweep();
    expect(unansweredAlerts(n)).toEqual([]);
    advance(2 * HOUR);
    await sweep();
    await sweep();
    const alerts = unansweredAlerts(n);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ level: 'alert', alert: 'InformationRequestUnanswered', confirmationNumber: n, businessDays: 5, category: 'incident' });
    expect(JSON.stringify(alerts[0])).not.toContain('firmware'); // no message text in a log line
    expect((await events(n)).filter((e) => e === 'information-reminded')).toHaveLength(1);
  });

  it('is left alone once the reporter has answered: no reminder, no alert', async () => {
    const { n, token } = await asked();
    advance(HOUR);
    const answer = await t.fetch(`/api/tickets/${n}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'Firmware 4.2.1.' }),
    });
    expect(answer.status).toBe(201);
    advance(8 * DAY);
    await sweep();
    expect(await events(n)).not.toContain('information-reminded');
    expect(unansweredAlerts(n)).toEqual([]);
  });

  it('is left alone once an operator goes on without the answer, and a new question gets its own follow-ups', async () => {
    const { n } = await asked();
    advance(HOUR);
    expect((await ops(`/api/tickets/${n}/status`, { status: 'investigating' })).status).toBe(200);
    advance(3 * DAY); // Thursday 11:00: the first question's reminder would be due
    await sweep();
    expect(await events(n)).not.toContain('information-reminded');
    expect((await ops(`/api/tickets/${n}/messages`, { body: 'Another question.', kind: 'information-request' })).status).toBe(201);
    advance(DAY); // Friday: one business day after the second question
    await sweep();
    expect(await events(n)).not.toContain('information-reminded');
    advance(3 * DAY + 60_000); // Monday, a minute past two business days after it
    await sweep();
    expect((await events(n)).filter((e) => e === 'information-reminded')).toHaveLength(1);
  });
});
