// The acknowledgement SLA end to end: the local host's admin endpoint runs the real slaSweep
// registration against Azurite, with the app's clock under the test's control.

import { TableClient, odata } from '@azure/data-tables';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/composition';
import { TEST_ENTRY, useServices } from '../support/app';
import { startTestHost, type TestHost } from '../support/testHost';
import { indexNow } from '../support/indexing';
import { aSubmission } from '../support/builders';
import { captureConsole } from './notifications.support';

const OPS_KEY = 'ops-key-for-sla-tests-0123456789';
const HOUR = 3_600_000;
let t: TestHost;
let now: Date;
let output: ReturnType<typeof captureConsole>;
/** The services the host's functions run on, with the test's clock. */
let services: AppServices;
/** The lines the app wrote at warning level (stderr under npm start). */
const warnings = (): string[] => output.entries.filter((e) => e.level === 'warn').map((e) => e.line);

// Every test starts on a Monday of its own week (UTC calendar): deadlines are Tuesday, same time,
// and tickets of earlier tests are long overdue by then, which the assertions must tolerate.
let week = 0;
function startOfOwnWeek(): Date {
  now = new Date(Date.UTC(2027, 0, 4 + 7 * week++, 9, 0, 0));
  return now;
}
function advance(ms: number): void {
  now = new Date(now.getTime() + ms);
}

beforeAll(async () => {
  t = await startTestHost({
    env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: `/tmp/sla-outbox-${process.pid}` },
    enableQueues: false,
    entryPoints: [TEST_ENTRY],
  });
  services = useServices({ clock: () => now });
});
afterAll(async () => t?.stop());
beforeEach(() => {
  startOfOwnWeek();
  output = captureConsole();
});
afterEach(() => output.restore());

async function submit(overrides: Record<string, unknown> = {}): Promise<{ confirmationNumber: string; acknowledgeBy: string; accessToken: string }> {
  const res = await t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aSubmission(overrides)) });
  expect(res.status).toBe(201);
  const body = await res.json();
  await indexNow(t.connectionString, body.confirmationNumber); // what the (stopped) queue worker would do
  return body;
}

/** POST /admin/functions/slaSweep as an operator's curl would; 202 once the run has finished. */
async function sweep(): Promise<void> {
  const res = await t.fetch('/admin/functions/slaSweep', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input":""}' });
  expect(res.status).toBe(202);
  expect(res.headers.get('x-local-host-run')).toBe('succeeded');
}

function ops(path: string, body?: unknown): Promise<Response> {
  return t.fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${OPS_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function ticket(n: string): Promise<{ status: string; slaBreached: boolean; history: Array<{ event: string }> }> {
  const res = await ops(`/api/tickets/${n}`);
  expect(res.status).toBe(200);
  return res.json();
}

/** The SlaBreached lines written (at warning, one JSON line each) for one ticket. */
function breachAlerts(n: string): Array<Record<string, unknown>> {
  return warnings()
    .filter((line) => line.includes('"SlaBreached"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((alert) => alert.confirmationNumber === n);
}

const breachEntries = (history: Array<{ event: string }>) => history.filter((h) => h.event === 'sla-breached');

function dueTable(): TableClient {
  return TableClient.fromConnectionString(t.connectionString, 'ticketdue', { allowInsecureConnection: true });
}
async function dueRowsOf(n: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const row of dueTable().listEntities<{ ConfirmationNumber: string }>({
    queryOptions: { filter: odata`PartitionKey eq ${'due'} and ConfirmationNumber eq ${n}` },
  })) {
    keys.push(row.rowKey as string);
  }
  return keys;
}

describe('the controllable clock', () => {
  it('reaches the running host: a submission gets its deadline from the test clock', async () => {
    const { acknowledgeBy } = await submit();
    expect(acknowledgeBy).toBe(new Date(now.getTime() + 24 * HOUR).toISOString());
  });
});

describe('slaSweep through the admin endpoint', () => {
  it('flags a ticket still submitted after its deadline once, with one SlaBreached line, and never again', async () => {
    const cvssVector = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N';
    const { confirmationNumber: n, acknowledgeBy } = await submit({ category: 'vulnerability', cvssVector });
    advance(24 * HOUR + 37 * 60_000 + 5_000); // 37 minutes and a bit past the deadline
    await sweep();

    const flagged = await ticket(n);
    expect(flagged).toMatchObject({ status: 'submitted', slaBreached: true });
    expect(breachEntries(flagged.history)).toHaveLength(1);
    const alerts = breachAlerts(n);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      level: 'alert',
      alert: 'SlaBreached',
      confirmationNumber: n,
      category: 'vulnerability',
      severity: 'high',
      minutesOverdue: 37,
      acknowledgeBy,
    });
    // One line, exactly: the operators' query and a human read the same thing.
    expect(warnings().filter((l) => l.includes(n) && l.includes('SlaBreached'))).toHaveLength(1);
    expect(warnings().find((l) => l.includes(n))).not.toContain('\n');
    // Written with the sweep invocation's context.warn (in Azure a Warning trace carrying the invocation
    // id), not console.warn, whose severity the host would guess; the local host prints it whole.
    expect(output.entries.filter((e) => e.line.includes('"SlaBreached"') && e.line.includes(n))).toEqual([
      { line: expect.stringMatching(/^\{"level":"alert","alert":"SlaBreached",.*\}$/), from: 'host', level: 'warn', functionName: 'slaSweep' },
    ]);

    advance(5 * 60_000);
    await sweep();
    advance(3 * 24 * HOUR);
    await sweep();
    expect(breachAlerts(n)).toHaveLength(1);
    expect(breachEntries((await ticket(n)).history)).toHaveLength(1);
    expect(await dueRowsOf(n)).toEqual([]);
  });

  it('says severity null for an incident without CVSS', async () => {
    const { confirmationNumber: n } = await submit();
    advance(25 * HOUR);
    await sweep();
    expect(breachAlerts(n)).toEqual([expect.objectContaining({ category: 'incident', severity: null, minutesOverdue: 60 })]);
  });

  it('does not flag a ticket before its deadline, nor at the deadline instant', async () => {
    const { confirmationNumber: n } = await submit();
    advance(23 * HOUR);
    await sweep();
    advance(HOUR); // exactly acknowledgeBy: not yet after it
    await sweep();
    expect((await ticket(n)).slaBreached).toBe(false);
    expect(breachAlerts(n)).toEqual([]);
    advance(1);
    await sweep();
    expect((await ticket(n)).slaBreached).toBe(true);
  });

  it('never flags a ticket acknowledged in time, however late the sweep runs', async () => {
    const { confirmationNumber: n } = await submit();
    advance(20 * HOUR);
    expect((await ops(`/api/tickets/${n}/acknowledge`, { priority: 'p2', severity: 'medium' })).status).toBe(200);
    advance(30 * 24 * HOUR);
    await sweep();
    const t1 = await ticket(n);
    expect(t1).toMatchObject({ status: 'acknowledged', slaBreached: false });
    expect(breachEntries(t1.history)).toEqual([]);
    expect(breachAlerts(n)).toEqual([]);
    expect(await dueRowsOf(n)).toEqual([]);
  });

  it('flags each due ticket once when the sweep runs late or catches up after an outage', async () => {
    // Tickets submitted across a week; nobody swept for ten days.
    const numbers: string[] = [];
    for (let day = 0; day < 4; day++) {
      numbers.push((await submit()).confirmationNumber, (await submit()).confirmationNumber);
      advance(24 * HOUR);
    }
    advance(10 * 24 * HOUR);
    await sweep(); // the catch-up run
    await sweep(); // and the next scheduled one
    for (const n of numbers) {
      expect(breachAlerts(n)).toHaveLength(1);
      expect(breachEntries((await ticket(n)).history)).toHaveLength(1);
    }
  });

  it('raises one alert per ticket when two sweeps run at once (admin endpoint and service)', async () => {
    const numbers = await Promise.all(Array.from({ length: 12 }, async () => (await submit()).confirmationNumber));
    advance(2 * 24 * HOUR);
    await Promise.all([sweep(), sweep(), services.sweep.run(), services.sweep.run()]);
    for (const n of numbers) {
      expect(breachAlerts(n)).toHaveLength(1);
      expect(breachEntries((await ticket(n)).history)).toHaveLength(1);
    }
  });

  it('keeps slaBreached true after acknowledgement and resolution, and lists breaches', async () => {
    const { confirmationNumber: n } = await submit();
    advance(26 * HOUR);
    await sweep();
    expect((await ops(`/api/tickets/${n}/acknowledge`, { priority: 'p1', severity: 'critical' })).status).toBe(200);
    expect((await ticket(n)).slaBreached).toBe(true);
    const resolved = await ops(`/api/tickets/${n}/status`, { status: 'resolved', outcome: 'mitigated' });
    expect(resolved.status).toBe(200);
    expect(await resolved.json()).toMatchObject({ status: 'resolved', slaBreached: true });
    expect(breachEntries((await ticket(n)).history)).toHaveLength(1);

    const listed = await allPages('/api/ops/tickets?slaBreached=true');
    expect(listed.find((i) => i.confirmationNumber === n)).toMatchObject({ status: 'resolved', slaBreached: true });
    expect(listed.every((i) => i.slaBreached === true)).toBe(true);
    const resolvedList = await allPages('/api/ops/tickets?status=resolved&slaBreached=true');
    expect(resolvedList.map((i) => i.confirmationNumber)).toContain(n);
  });
});

async function allPages(path: string): Promise<Array<{ confirmationNumber: string; status: string; slaBreached: boolean }>> {
  const items: Array<{ confirmationNumber: string; status: string; slaBreached: boolean }> = [];
  let token: string | undefined;
  do {
    const res = await ops(token ? `${path}${path.includes('?') ? '&' : '?'}continuationToken=${encodeURIComponent(token)}` : path);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: typeof items; continuationToken?: string };
    items.push(...page.items);
    token = page.continuationToken;
  } while (token);
  return items;
}

describe('an acknowledgement racing the sweep', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('leaves every ticket consistent: acknowledged and unflagged, or flagged once then acknowledged', async () => {
    const submitted = await Promise.all(Array.from({ length: 30 }, () => submit()));
    advance(24 * HOUR + 60_000);
    // The acknowledgements are spread over the sweeps' run, so both orders can happen; the
    // service tests (test/services/slaSweep.test.ts) force each order deterministically.
    const acks = submitted.map(async (s, i) => {
      await sleep(i * 40);
      return (await ops(`/api/tickets/${s.confirmationNumber}/acknowledge`, { priority: 'p3', severity: 'low' })).status;
    });
    const [statuses] = await Promise.all([Promise.all(acks), sweep(), services.sweep.run()]);
    expect(statuses.every((s) => s === 200)).toBe(true);

    const outcomes = { flaggedFirst: 0, acknowledgedFirst: 0 };
    for (const { confirmationNumber: n } of submitted) {
      const final = await ticket(n);
      expect(final.status).toBe('acknowledged');
      const events = final.history.map((h) => h.event).filter((e) => e === 'sla-breached' || e === 'acknowledged');
      if (final.slaBreached) {
        outcomes.flaggedFirst++;
        expect(events).toEqual(['sla-breached', 'acknowledged']);
        expect(breachAlerts(n)).toHaveLength(1);
      } else {
        outcomes.acknowledgedFirst++;
        expect(events).toEqual(['acknowledged']);
        expect(breachAlerts(n)).toEqual([]);
      }
      expect(await dueRowsOf(n)).toEqual([]);
    }
    // The listing agrees with the tickets, whichever writer came last.
    const acknowledged = new Map((await allPages('/api/ops/tickets?status=acknowledged')).map((i) => [i.confirmationNumber, i]));
    const breached = new Set((await allPages('/api/ops/tickets?slaBreached=true')).map((i) => i.confirmationNumber));
    for (const { confirmationNumber: n } of submitted) {
      const { slaBreached } = await ticket(n);
      expect(acknowledged.get(n)?.slaBreached).toBe(slaBreached);
      expect(breached.has(n)).toBe(slaBreached);
    }
    console.info(`ack/sweep race: ${JSON.stringify(outcomes)}`);
  });

  it('never flags a ticket whose acknowledgement was stored before the deadline', async () => {
    const submitted = await Promise.all(Array.from({ length: 30 }, () => submit()));
    advance(24 * HOUR - 1); // one millisecond before the deadline
    const statuses = await Promise.all(
      submitted.map(async (s) => (await ops(`/api/tickets/${s.confirmationNumber}/acknowledge`, { priority: 'p4', severity: 'low' })).status),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    advance(2);
    await Promise.all([sweep(), sweep()]);
    for (const { confirmationNumber: n } of submitted) {
      expect((await ticket(n)).slaBreached).toBe(false);
      expect(breachAlerts(n)).toEqual([]);
    }
  });
});

describe('drift between the index and the tickets', () => {
  it('removes a due row whose ticket does not exist', async () => {
    const ghost = {
      partitionKey: 'due',
      rowKey: `${new Date(now.getTime() - HOUR).toISOString()}|SE-GHOST`,
      ConfirmationNumber: 'SE-GHOST',
      AcknowledgeBy: new Date(now.getTime() - HOUR).toISOString(),
    };
    await dueTable().createEntity(ghost);
    await sweep();
    await expect(dueTable().getEntity('due', ghost.rowKey)).rejects.toMatchObject({ statusCode: 404 });
    expect(warnings().filter((l) => l.includes('SE-GHOST') && l.includes('SlaBreached'))).toEqual([]);
  });

  it('puts back the due row of a submitted ticket that lost it, and flags the ticket when it is overdue', async () => {
    const { confirmationNumber: n, acknowledgeBy } = await submit();
    await dueTable().deleteEntity('due', `${acknowledgeBy}|${n}`);
    expect(await dueRowsOf(n)).toEqual([]);

    advance(10 * 60_000); // past the reconcile grace period, before the deadline
    await sweep();
    expect(await dueRowsOf(n)).toEqual([`${acknowledgeBy}|${n}`]);
    expect((await ticket(n)).slaBreached).toBe(false);

    await dueTable().deleteEntity('due', `${acknowledgeBy}|${n}`); // lost again, already behind the cursor
    const other = await submit();
    await dueTable().deleteEntity('due', `${other.acknowledgeBy}|${other.confirmationNumber}`);
    advance(25 * HOUR);
    await sweep();
    // The second loss is after the cursor had passed it: only a later submission is checked again.
    expect(breachAlerts(other.confirmationNumber)).toHaveLength(1);
    expect((await ticket(other.confirmationNumber)).slaBreached).toBe(true);
  });

  it('puts a due row whose deadline disagrees with its ticket back in line', async () => {
    const { confirmationNumber: n, acknowledgeBy } = await submit();
    const wrong = new Date(now.getTime() - HOUR).toISOString();
    await dueTable().deleteEntity('due', `${acknowledgeBy}|${n}`);
    await dueTable().createEntity({ partitionKey: 'due', rowKey: `${wrong}|${n}`, ConfirmationNumber: n, AcknowledgeBy: wrong });
    await sweep();
    expect(await dueRowsOf(n)).toEqual([`${acknowledgeBy}|${n}`]);
    expect((await ticket(n)).slaBreached).toBe(false);
    expect(breachAlerts(n)).toEqual([]);
  });
});
