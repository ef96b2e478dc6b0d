// An operator's acknowledgement and the SLA sweep hit the same overdue ticket at the same moment,
// over and over, end to end: the HTTP endpoint against the admin endpoint that runs the timer
// function. Whichever wins, the ticket must end in one of the two consistent states.

import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_ENTRY, useServices } from '../support/app';
import { aSubmission } from '../support/builders';
import { startTestHost, type TestHost } from '../support/testHost';
import { indexNow } from '../support/indexing';
import { captureConsole } from '../api/notifications.support';

const OPS_KEY = 'ops-key-for-race-tests-0123456789';
const ROUNDS = 40;
let t: TestHost;
let now = new Date(Date.UTC(2027, 2, 1, 9, 0, 0)); // a Monday; deadlines are Tuesday 09:00 UTC
let output: ReturnType<typeof captureConsole>;

beforeAll(async () => {
  output = captureConsole();
  t = await startTestHost({
    env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: `/tmp/race-outbox-${process.pid}` },
    enableQueues: false,
    entryPoints: [TEST_ENTRY],
  });
  useServices({ clock: () => now });
});
afterAll(async () => {
  await t?.stop();
  output?.restore();
});

const ops = (path: string, body?: unknown) =>
  t.fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${OPS_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function dueRows(n: string): Promise<number> {
  const due = TableClient.fromConnectionString(t.connectionString, 'ticketdue', { allowInsecureConnection: true });
  let count = 0;
  for await (const row of due.listEntities({ queryOptions: { filter: "PartitionKey eq 'due'" } })) if (String(row.rowKey).endsWith(`|${n}`)) count++;
  return count;
}

it(`leaves the ticket consistent in each of ${ROUNDS} rounds of acknowledgement against sweep`, async () => {
  const seen = { flaggedFirst: 0, acknowledgedFirst: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    now = new Date(now.getTime() + 7 * 86_400_000); // a Monday of its own week
    const res = await t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aSubmission()) });
    expect(res.status).toBe(201);
    const { confirmationNumber: n } = (await res.json()) as { confirmationNumber: string };
    await indexNow(t.connectionString, n); // what the (stopped) queue worker would do
    now = new Date(now.getTime() + 25 * 3_600_000); // an hour past the deadline

    const jitter = (round % 4) * 2; // ms: shifts which request reaches storage first
    const [ack, sweep] = await Promise.all([
      new Promise((r) => setTimeout(r, jitter)).then(() => ops(`/api/tickets/${n}/acknowledge`, { priority: 'p2', severity: 'high' })),
      t.fetch('/admin/functions/slaSweep', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input":""}' }),
    ]);
    expect(ack.status).toBe(200);
    expect(sweep.status).toBe(202);

    const ticket = (await (await ops(`/api/tickets/${n}`)).json()) as { status: string; slaBreached: boolean; history: Array<{ event: string }> };
    const events = ticket.history.map((h) => h.event).filter((e) => e === 'sla-breached' || e === 'acknowledged');
    expect(ticket.status).toBe('acknowledged');
    expect(events).toEqual(ticket.slaBreached ? ['sla-breached', 'acknowledged'] : ['acknowledged']);
    const alerts = output.lines.filter((l) => l.includes('SlaBreached') && l.includes(n));
    expect(alerts).toHaveLength(ticket.slaBreached ? 1 : 0);
    expect(await dueRows(n)).toBe(0);
    const listed = (await (await ops('/api/ops/tickets?status=acknowledged&slaBreached=' + String(ticket.slaBreached))).json()) as {
      items: Array<{ confirmationNumber: string }>;
    };
    // The listing agrees with the ticket (oldest first, so look through the pages for this one).
    let found = listed.items.some((i) => i.confirmationNumber === n);
    let token = (listed as { continuationToken?: string }).continuationToken;
    while (!found && token) {
      const page = (await (
        await ops(`/api/ops/tickets?status=acknowledged&slaBreached=${String(ticket.slaBreached)}&continuationToken=${encodeURIComponent(token)}`)
      ).json()) as {
        items: Array<{ confirmationNumber: string }>;
        continuationToken?: string;
      };
      found = page.items.some((i) => i.confirmationNumber === n);
      token = page.continuationToken;
    }
    expect(found, `${n} listed as acknowledged, slaBreached ${String(ticket.slaBreached)}`).toBe(true);
    if (ticket.slaBreached) seen.flaggedFirst++;
    else seen.acknowledgedFirst++;
  }
  process.stderr.write(`ack/sweep race over ${ROUNDS} rounds: ${JSON.stringify(seen)}\n`);
}, 110_000);
