// GET /api/ops/sla-report through the local host against Azurite: the record over 30 and 90 days
// of tickets submitted, acknowledged in time, late or never, with the app's clock under the test's
// control; who may read it, and the 400s of its one parameter.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlaReport } from '../../src/services/slaRecord';
import { TEST_ENTRY, useServices } from '../support/app';
import { aSubmission } from '../support/builders';
import { indexNow } from '../support/indexing';
import { startTestHost, type TestHost } from '../support/testHost';

const OPS_KEY = 'ops-key-for-sla-report-tests-0123456789';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OPERATOR = { authorization: `Bearer ${OPS_KEY}` };
let t: TestHost;
// A Monday: deadlines are the next day, same time (UTC calendar).
const start = Date.UTC(2027, 2, 1, 9, 0, 0);
let now = new Date(start);

beforeAll(async () => {
  t = await startTestHost({
    env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: `/tmp/sla-report-outbox-${process.pid}` },
    enableQueues: false,
    entryPoints: [TEST_ENTRY],
  });
  useServices({ clock: () => now });
});
afterAll(async () => t?.stop());

async function submit(): Promise<{ confirmationNumber: string; accessToken: string }> {
  const res = await t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aSubmission()) });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { confirmationNumber: string; accessToken: string };
  await indexNow(t.connectionString, body.confirmationNumber); // what the (stopped) queue worker would do
  return body;
}

async function acknowledge(n: string): Promise<void> {
  const res = await t.fetch(`/api/tickets/${n}/acknowledge`, {
    method: 'POST',
    headers: { ...OPERATOR, 'content-type': 'application/json' },
    body: JSON.stringify({ priority: 'p3', severity: 'low' }),
  });
  expect(res.status).toBe(200);
}

const report = (query: string, headers: Record<string, string> = OPERATOR) => t.fetch(`/api/ops/sla-report${query}`, { headers });

describe('the SLA record', () => {
  const tickets = {} as Record<'lateLongAgo' | 'inTime' | 'never' | 'notYetDue' | 'tooOld', string>;

  beforeAll(async () => {
    // Every submission on a Monday (a multiple of 7 days on): its deadline is Tuesday, same time.
    // 98 days before the record is taken: outside both windows.
    tickets.tooOld = (await submit()).confirmationNumber;
    // 56 days before: acknowledged a day late, on Wednesday (a 90-day breach only).
    now = new Date(start + 42 * DAY);
    tickets.lateLongAgo = (await submit()).confirmationNumber;
    now = new Date(now.getTime() + 2 * DAY + HOUR);
    await acknowledge(tickets.lateLongAgo);
    // 14 days before: acknowledged after 90 minutes.
    now = new Date(start + 84 * DAY);
    tickets.inTime = (await submit()).confirmationNumber;
    now = new Date(now.getTime() + 90 * 60_000);
    await acknowledge(tickets.inTime);
    // 7 days before: never acknowledged, long overdue.
    now = new Date(start + 91 * DAY);
    tickets.never = (await submit()).confirmationNumber;
    // The record is taken as the last one is submitted: not due yet.
    now = new Date(start + 98 * DAY);
    tickets.notYetDue = (await submit()).confirmationNumber;
  });

  it('over 30 days (the default): the tickets submitted in them, the share acknowledged in time, the median and the breaches', async () => {
    const res = await report('');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as SlaReport;
    expect(body).toMatchObject({
      days: 30,
      to: now.toISOString(),
      from: new Date(now.getTime() - 30 * DAY).toISOString(),
      submitted: 3,
      due: 2,
      acknowledgedInTime: 1,
      shareInTime: 0.5,
      medianMinutesToAcknowledge: 90,
    });
    expect(body.breaches).toEqual([
      {
        confirmationNumber: tickets.never,
        category: 'incident',
        offerId: 'contoso-firewall',
        submittedAt: expect.any(String),
        acknowledgeBy: expect.any(String),
        acknowledgedAt: null,
      },
    ]);
    expect(await (await report('?days=30')).json()).toEqual(body);
  });

  it('over 90 days: the late acknowledgement too, latest submission first', async () => {
    const body = (await (await report('?days=90')).json()) as SlaReport;
    expect(body).toMatchObject({ days: 90, submitted: 4, due: 3, acknowledgedInTime: 1, shareInTime: 1 / 3 });
    // 90 minutes and 2 days 1 hour: the mean of the two.
    expect(body.medianMinutesToAcknowledge).toBe((90 + (2 * 24 + 1) * 60) / 2);
    expect(body.breaches.map((b) => b.confirmationNumber)).toEqual([tickets.never, tickets.lateLongAgo]);
    expect(body.breaches[1]).toMatchObject({ acknowledgedAt: new Date(start + 44 * DAY + HOUR).toISOString() });
  });

  it('over 1 and 365 days, the ends of the range', async () => {
    expect(await (await report('?days=1')).json()).toMatchObject({
      days: 1,
      submitted: 1,
      due: 0,
      shareInTime: null,
      medianMinutesToAcknowledge: null,
      breaches: [],
    });
    expect(await (await report('?days=365')).json()).toMatchObject({ days: 365, submitted: 5 });
  });

  for (const query of ['?days=0', '?days=366', '?days=abc', '?days=1.5', '?days=-3', '?days=', '?days=30&sort=late']) {
    it(`answers 400 for ${query}`, async () => {
      const res = await report(query);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { status: number; errors?: Array<{ path: string }> };
      expect(problem.status).toBe(400);
      expect(problem.errors?.[0]?.path).toMatch(query.includes('sort') ? /^$|sort/ : /days/);
    });
  }

  it('answers 401 without a credential, 403 for a reporter’s token or another key', async () => {
    const { accessToken } = await submit();
    const anonymous = await report('?days=30', {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect((await report('?days=30', { authorization: `Bearer ${accessToken}` })).status).toBe(403);
    // Any bearer that is not the operators' key is someone else's credential: refused as such.
    expect((await report('?days=30', { authorization: 'Bearer not-the-operators-key-0123456789' })).status).toBe(403);
  });
});
