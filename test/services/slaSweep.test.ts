// The SLA sweep as a service against Azurite, where the test controls what the HTTP tests can
// only provoke: the exact interleaving of a sweep and an acknowledgement, every storage request
// the sweep makes, and the process's time zone.

import { randomBytes } from 'node:crypto';
import { TableClient, odata, type TableServiceClientOptions } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage } from '@security-event-intake/local-host/testing';
import { createBusinessCalendar } from '../../src/domain/calendar';
import { parseSubmission } from '../../src/domain/submission';
import type { Alert, Logger } from '../../src/services/logger';
import { SlaSweep } from '../../src/services/slaSweep';
import { ensureIndexed } from '../../src/services/ticketIndexing';
import { TicketService } from '../../src/services/ticketService';
import { TableIdempotencyStore } from '../../src/storage/idempotencyStore';
import { TableDueDates, TablePageTokenEnds, TablePendingEmails, TableTicketListing } from '../../src/storage/ticketIndex';
import { readSettings } from '../../src/settings';
import { TableTicketStore, type TicketStore } from '../../src/storage/ticketStore';
import { aSubmission } from '../support/builders';

const HOUR = 3_600_000;
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
let connectionString: string;

beforeAll(async () => {
  connectionString = (await startTestStorage()).connectionString;
});
afterAll(async () => (await startTestStorage()).stop());

/** Services over fresh tables of their own; `requests` sees every storage request the sweep's clients make. */
async function world(env: Record<string, string> = {}) {
  const suffix = randomBytes(4).toString('hex');
  const requests: string[] = [];
  const counting: TableServiceClientOptions = {
    allowInsecureConnection: true,
    additionalPolicies: [
      {
        position: 'perCall',
        policy: {
          name: 'countRequests',
          sendRequest: (request, next) => (requests.push(`${request.method} ${decodeURIComponent(request.url)}`), next(request)),
        },
      },
    ],
  };
  const table = (name: string, options: TableServiceClientOptions = { allowInsecureConnection: true }) =>
    TableClient.fromConnectionString(connectionString, `${name}${suffix}`, options);
  const [tickets, index, due, idempotency] = [table('tickets'), table('index'), table('due'), table('idem')];
  await Promise.all([tickets.createTable(), index.createTable(), due.createTable(), idempotency.createTable()]);
  let now = new Date(Date.UTC(2027, 0, 4, 9)); // a Monday
  const clock = () => now;
  const alerts: Alert[] = [];
  const store = new TableTicketStore(tickets);
  const dueDates = new TableDueDates(due, index);
  const listing = new TableTicketListing(index);
  const ticketService = (s: TicketStore = store) =>
    new TicketService({
      store: s,
      dueDates,
      pendingEmails: new TablePendingEmails(index),
      listing,
      pageTokenEnds: new TablePageTokenEnds(index),
      idempotency: new TableIdempotencyStore(idempotency),
      queue: { enqueue: async () => undefined }, // the queue is not what these tests are about
      calendar: createBusinessCalendar(readSettings(env).calendar),
      logger: quiet,
      clock,
    });
  const sweep = (s: TicketStore = store, counted = false) =>
    new SlaSweep({
      store: counted ? new TableTicketStore(table('tickets', counting)) : s,
      dueDates: counted ? new TableDueDates(table('due', counting), table('index', counting)) : dueDates,
      listing: counted ? new TableTicketListing(table('index', counting)) : listing,
      alerts: { raise: (alert) => alerts.push(alert) },
      logger: quiet,
      clock,
    });
  const submit = async () => {
    const parsed = parseSubmission(aSubmission(), { defaultLocale: 'en' });
    if (!parsed.ok) throw new Error('the builder made an invalid submission');
    const { ticket } = await ticketService().submit(parsed.submission, parsed.cvss);
    // What the confirmation message's handler does first: the ticket's index rows.
    await ensureIndexed({ dueDates, listing, store }, (await store.get(ticket.confirmationNumber))!);
    return ticket;
  };
  return {
    store,
    dueDates,
    tables: { index, due },
    listing,
    clock,
    tickets: ticketService(),
    ticketService,
    sweep,
    submit,
    alerts,
    requests,
    advance: (ms: number) => void (now = new Date(now.getTime() + ms)),
    setClock: (at: Date) => void (now = at),
  };
}

/** A store whose first update waits at a gate the test opens: the interleaving made explicit. */
function gatedStore(store: TicketStore) {
  let arrived!: () => void;
  let open!: () => void;
  const atGate = new Promise<void>((resolve) => (arrived = resolve));
  const gate = new Promise<void>((resolve) => (open = resolve));
  let armed = true;
  const gated = new Proxy(store, {
    get(target, prop) {
      if (prop === 'update') {
        return async (...args: Parameters<TicketStore['update']>) => {
          if (armed) {
            armed = false;
            arrived();
            await gate;
          }
          return target.update(...args);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: gated, atGate, open };
}

describe('an acknowledgement and the sweep on the same ticket', () => {
  it('raises nothing when the acknowledgement is stored between the sweep reading the ticket and writing the flag', async () => {
    const w = await world();
    const ticket = await w.submit();
    w.advance(25 * HOUR);
    const gated = gatedStore(w.store);
    const sweeping = w.sweep(gated.store).run();
    await gated.atGate; // the sweep has read a submitted, overdue ticket
    await w.tickets.acknowledge(ticket.confirmationNumber, { priority: 'p1', severity: 'high' });
    gated.open();
    const result = await sweeping;

    expect(result.flagged).toBe(0);
    expect(w.alerts).toEqual([]);
    const final = await w.tickets.getForOperator(ticket.confirmationNumber);
    expect(final).toMatchObject({ status: 'acknowledged', slaBreached: false });
    expect(final.history.map((h) => h.event)).toEqual(['submitted', 'acknowledged']);
  });

  it('flags once and keeps the flag when the sweep is stored between the acknowledgement reading the ticket and writing it', async () => {
    const w = await world();
    const ticket = await w.submit();
    w.advance(25 * HOUR);
    const gated = gatedStore(w.store);
    const acknowledging = w.ticketService(gated.store).acknowledge(ticket.confirmationNumber, { priority: 'p1', severity: 'high' });
    await gated.atGate; // the acknowledgement has read the submitted ticket
    expect((await w.sweep().run()).flagged).toBe(1);
    gated.open();
    const acknowledged = await acknowledging; // its write loses on the ETag, it reads again and acknowledges on top

    expect(acknowledged).toMatchObject({ status: 'acknowledged', slaBreached: true });
    expect(acknowledged.history.map((h) => h.event)).toEqual(['submitted', 'sla-breached', 'acknowledged']);
    expect(w.alerts.map((a) => ('confirmationNumber' in a ? a.confirmationNumber : null))).toEqual([ticket.confirmationNumber]);
    await w.sweep().run();
    expect(w.alerts).toHaveLength(1);
    const listed = await w.tickets.list({ status: 'acknowledged', slaBreached: true });
    expect(listed.items.map((t) => t.confirmationNumber)).toEqual([ticket.confirmationNumber]);
  });
});

describe('what one sweep reads', () => {
  it('touches only the due range and the tickets in it, never a resolved ticket', async () => {
    const w = await world();
    const resolved = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const t = await w.submit();
        await w.tickets.acknowledge(t.confirmationNumber, { priority: 'p3', severity: 'low' });
        await w.tickets.changeStatus(t.confirmationNumber, { status: 'resolved', outcome: 'no-action' });
        return t.confirmationNumber;
      }),
    );
    const pending = await Promise.all(Array.from({ length: 5 }, async () => (await w.submit()).confirmationNumber));
    w.advance(10 * 60_000);
    await w.sweep().run(); // the run after these submissions: moves the reconcile cursor past them
    w.advance(25 * HOUR);

    const result = await w.sweep(undefined, true).run();
    expect(result.flagged).toBe(5);
    for (const n of resolved) expect(w.requests.filter((r) => r.includes(n))).toEqual([]);
    for (const n of pending) expect(w.requests.some((r) => r.includes(n))).toBe(true);
    // Every query is a key range: the due partition up to now, or listing rows after the cursor.
    const queries = w.requests.filter((r) => r.startsWith('GET') && r.includes('$filter'));
    expect(queries).toHaveLength(2);
    expect(queries.some((q) => /PartitionKey eq 'due' and RowKey lt '2027-01-05T10:10:00.000Z'/.test(q))).toBe(true);
    expect(
      queries.some((q) =>
        /PartitionKey ge 'list-2027-01-04' and PartitionKey le 'list-2027-01-05' and RowKey gt '2027-01-04T09:05:00.000Z' and RowKey lt '2027-01-05T10:05:00.000Z'/.test(
          q,
        ),
      ),
    ).toBe(true);
    // Per pending ticket: read, flag (one transaction), listing row and queue row (read, write each),
    // due row delete. Plus the cursor (read, write), the two range queries and, once per process,
    // the due table's record that the earlier due rows were moved: nothing grows with the resolved
    // tickets.
    expect(w.requests.length).toBeLessThanOrEqual(5 + 5 * 7);
  });
});

describe('restoring missing due rows', () => {
  it('checks the listing rows in bounded batches and resumes after the last one', async () => {
    const w = await world();
    const tickets = [];
    for (let i = 0; i < 5; i++) {
      tickets.push(await w.submit());
      w.advance(1_000);
    }
    for (const t of tickets) await w.dueDates.remove(t); // lost, as a failed write at submission would lose them
    w.advance(10 * 60_000);
    const sweep = new SlaSweep({
      store: w.store,
      dueDates: w.dueDates,
      listing: w.listing,
      alerts: { raise: () => undefined },
      logger: quiet,
      clock: w.clock,
      reconcileLimit: 2,
    });
    const repaired = [];
    for (let run = 0; run < 4; run++) repaired.push((await sweep.run()).repaired);
    expect(repaired).toEqual([2, 2, 1, 0]);
    for (const t of tickets) expect(await w.dueDates.has(t)).toBe(true);
  });

  it('leaves tickets alone that are acknowledged or submitted within the grace period', async () => {
    const w = await world();
    const acknowledged = await w.submit();
    await w.tickets.acknowledge(acknowledged.confirmationNumber, { priority: 'p2', severity: 'low' });
    w.advance(10 * 60_000);
    const fresh = await w.submit();
    await w.dueDates.remove(fresh);
    w.advance(60_000);
    expect((await w.sweep().run()).repaired).toBe(0);
    expect(await w.dueDates.has(acknowledged)).toBe(false);
    expect(await w.dueDates.has(fresh)).toBe(false); // checked by a run after the grace period
    w.advance(10 * 60_000);
    expect((await w.sweep().run()).repaired).toBe(1);
    expect(await w.dueDates.has(fresh)).toBe(true);
  });
});

describe('due rows an earlier version kept in the index table', () => {
  it('moves them on the first run, alerts each breach once, and never reads that partition again', async () => {
    const w = await world();
    const tickets = [await w.submit(), await w.submit(), await w.submit()];
    await moveDueRows(w.tables.due, w.tables.index); // where an earlier version wrote them
    w.advance(25 * HOUR);

    expect((await w.sweep().run()).flagged).toBe(3);
    expect(breached(w.alerts).sort()).toEqual(tickets.map((t) => t.confirmationNumber).sort());
    for (const t of tickets) expect((await w.store.get(t.confirmationNumber))?.ticket.slaBreached).toBe(true);
    expect(await dueKeys(w.tables.index)).toEqual([]);
    expect(await dueKeys(w.tables.due)).toEqual([]);

    // An older instance still running writes a row there (a redelivered confirmation): a fresh
    // process's sweep (new clients) does not read it, so a breach already alerted is not again.
    const [first] = tickets as [(typeof tickets)[number]];
    const key = `${first.acknowledgeBy}|${first.confirmationNumber}`;
    await w.tables.index.createEntity({ partitionKey: 'due', rowKey: key, ConfirmationNumber: first.confirmationNumber, AcknowledgeBy: first.acknowledgeBy });
    w.advance(HOUR);
    expect((await w.sweep(undefined, true).run()).flagged).toBe(0);
    expect(w.alerts).toHaveLength(3);
    expect(w.requests.filter((r) => r.includes(`/${w.tables.index.tableName}`) && r.includes("'due'"))).toEqual([]);
    expect(await dueKeys(w.tables.index)).toEqual([key]);
  });

  it('claims nothing in a run that could not move them, and moves and alerts in the next', async () => {
    const w = await world();
    const ticket = await w.submit();
    await moveDueRows(w.tables.due, w.tables.index);
    w.advance(25 * HOUR);
    const errors: string[] = [];
    let failing = true;
    const unreachable = new Proxy(w.dueDates, {
      get(target, prop) {
        if (prop === 'moveEarlierRows' && failing) return async () => Promise.reject(new Error('storage unreachable'));
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const sweep = () =>
      new SlaSweep({
        store: w.store,
        dueDates: unreachable,
        listing: w.listing,
        alerts: { raise: (alert) => w.alerts.push(alert) },
        logger: { ...quiet, error: (message) => void errors.push(message) },
        clock: w.clock,
      });

    expect(await sweep().run()).toEqual({ examined: 0, flagged: 0, repaired: 0 });
    expect(errors).toEqual(['sla sweep could not move the due rows of an earlier version']);
    expect(w.alerts).toEqual([]);
    expect(await dueKeys(w.tables.index)).toHaveLength(1);

    failing = false;
    expect((await sweep().run()).flagged).toBe(1);
    expect(breached(w.alerts)).toEqual([ticket.confirmationNumber]);
    expect(await dueKeys(w.tables.index)).toEqual([]);
  });
});

function breached(alerts: readonly Alert[]): string[] {
  return alerts.flatMap((a) => (a.alert === 'SlaBreached' ? [a.confirmationNumber] : []));
}

async function dueKeys(table: TableClient): Promise<string[]> {
  const keys: string[] = [];
  for await (const row of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${'due'}` } })) keys.push(row.rowKey as string);
  return keys;
}

/** Every due row from `from` to `to`, as the layout before the due rows had a table of their own. */
async function moveDueRows(from: TableClient, to: TableClient): Promise<void> {
  for await (const row of from.listEntities<{ ConfirmationNumber: string; AcknowledgeBy: string }>({
    queryOptions: { filter: odata`PartitionKey eq ${'due'}` },
  })) {
    await to.createEntity({ partitionKey: 'due', rowKey: row.rowKey as string, ConfirmationNumber: row.ConfirmationNumber, AcknowledgeBy: row.AcknowledgeBy });
    await from.deleteEntity('due', row.rowKey as string);
  }
}

describe('the process time zone', () => {
  it('never matters: TZ=Pacific/Auckland, SLA_TIME_ZONE=Europe/Berlin, Friday afternoon in Berlin is Saturday in Auckland', async () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Pacific/Auckland';
    try {
      const fridayInBerlin = new Date('2027-01-08T13:00:00Z'); // 14:00 Friday in Berlin, 02:00 Saturday in Auckland
      expect(fridayInBerlin.getDay()).toBe(6); // the process really is in Auckland now
      const w = await world({ SLA_TIME_ZONE: 'Europe/Berlin' });
      w.setClock(fridayInBerlin);
      const ticket = await w.submit();
      expect(ticket.acknowledgeBy).toBe('2027-01-11T13:00:00.000Z'); // Monday 14:00 in Berlin
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

/** Due rows whose first claim is intercepted by `first` (fail it, or hold it). */
function interceptedDueDates(dueDates: TableDueDates, first: () => Promise<void>): TableDueDates {
  let armed = true;
  return new Proxy(dueDates, {
    get(target, prop) {
      if (prop === 'claim') {
        return async (...args: Parameters<TableDueDates['claim']>) => {
          if (armed) {
            armed = false;
            await first();
          }
          return target.claim(...args);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('a breach is alerted once, also when a sweep stops half-way', () => {
  it('alerts on the next run when a run stored the flag but died before it could alert', async () => {
    const w = await world();
    const ticket = await w.submit();
    w.advance(25 * HOUR);
    const dying = new SlaSweep({
      store: w.store,
      listing: w.listing,
      dueDates: interceptedDueDates(w.dueDates, async () => {
        throw new Error('the instance went away');
      }),
      alerts: { raise: (alert) => w.alerts.push(alert) },
      logger: quiet,
      clock: w.clock,
    });
    await dying.run();
    expect((await w.tickets.getForOperator(ticket.confirmationNumber)).slaBreached).toBe(true);
    expect(w.alerts).toEqual([]);

    await w.sweep().run();
    await w.sweep().run();
    expect(w.alerts.map((a) => ('confirmationNumber' in a ? a.confirmationNumber : null))).toEqual([ticket.confirmationNumber]);
    const history = (await w.tickets.getForOperator(ticket.confirmationNumber)).history.map((h) => h.event);
    expect(history.filter((e) => e === 'sla-breached')).toHaveLength(1);
  });

  it('still alerts when an operator acknowledges between the flag and the alert', async () => {
    const w = await world();
    const ticket = await w.submit();
    w.advance(25 * HOUR);
    let release!: () => void;
    let reached!: () => void;
    const atClaim = new Promise<void>((resolve) => (reached = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    const sweep = new SlaSweep({
      store: w.store,
      listing: w.listing,
      dueDates: interceptedDueDates(w.dueDates, async () => {
        reached();
        await held;
      }),
      alerts: { raise: (alert) => w.alerts.push(alert) },
      logger: quiet,
      clock: w.clock,
    });
    const sweeping = sweep.run();
    await atClaim; // the flag is stored; the alert is not raised yet
    await w.tickets.acknowledge(ticket.confirmationNumber, { priority: 'p1', severity: 'high' });
    release();
    await sweeping;

    expect(w.alerts.map((a) => ('confirmationNumber' in a ? a.confirmationNumber : null))).toEqual([ticket.confirmationNumber]);
    await w.sweep().run();
    expect(w.alerts).toHaveLength(1);
  });
});
