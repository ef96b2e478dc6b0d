// Benchmark: the operators' console reads with 10,000 tickets in storage, most of them resolved.
// The queue reads the open partition (the open work), the search a few rows keyed for it, the
// record the listing rows of its window's days: none of them should grow with the resolved
// history. Rows are written as the service writes them (the same row builders), in entity-group
// transactions where a partition allows; the reads go through the services, in this process,
// against an in-memory Azurite on free ports.
//
//   npm run build && node dist/bench/console.js

import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { TableClient, type TableEntity } from '@azure/data-tables';
import { startAzurite } from '@security-event-intake/local-host';
import { newConfirmationNumber } from '../src/domain/confirmationNumber';
import { openTicket, type OpenTicket, type Ticket } from '../src/domain/ticket';
import { inParallel } from '../src/services/inParallel';
import type { Logger } from '../src/services/logger';
import { OperatorQueueService } from '../src/services/operatorQueue';
import { SlaRecordService } from '../src/services/slaRecord';
import { OPEN, listKey, listPartition, queueColumns, searchRows, TableQueueRows } from '../src/storage/queueRows';
import { TableDueDates, TableTicketListing } from '../src/storage/ticketIndex';
import { TableTicketStore } from '../src/storage/ticketStore';
import { median } from './load';
import { inBatches } from './tableBatches';

export interface ConsoleBenchResult {
  tickets: number;
  open: number;
  /** seeding the tickets and their index rows (ms) */
  seedMs: number;
  /** each figure: ms, the median of RUNS reads after a warm-up */
  firstPageMs: number;
  filteredPageMs: number;
  searchByOfferMs: number;
  searchByNumberMs: number;
  record90Ms: number;
  /** what the reads found, to show they did the work */
  firstPageItems: number;
  searchItems: number;
  record90Submitted: number;
}

/** Each read should answer well within what a page may take. */
export const CONSOLE_TARGET_MS = 250;

const TICKETS = 10_000;
const OPEN_TICKETS = 1_000;
const UNACKNOWLEDGED = 150;
const OFFERS = 50;
const CVES = 200;
const RUNS = 7;
const DAY = 86_400_000;
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function benchConsole(log: (line: string) => void = () => undefined): Promise<ConsoleBenchResult> {
  const azurite = await startAzurite({ inMemory: true, ports: { blob: 0, queue: 0, table: 0 } });
  try {
    const table = (name: string) => TableClient.fromConnectionString(azurite.connectionString, name, { allowInsecureConnection: true });
    const [tickets, index, search, due] = [table('tickets'), table('ticketindex'), table('ticketsearch'), table('ticketdue')];
    await Promise.all([tickets.createTable(), index.createTable(), search.createTable(), due.createTable()]);
    const now = new Date();
    const store = new TableTicketStore(tickets);
    const rows = new TableQueueRows(index, search);
    const queue = new OperatorQueueService({
      rows,
      store,
      listing: new TableTicketListing(index, search),
      dueDates: new TableDueDates(due, index),
      logger: quiet,
      clock: () => now,
    });
    const record = new SlaRecordService({ rows, clock: () => now });

    const seedStarted = performance.now();
    const seeded = seedTickets(now);
    await seed(store, { index, search, due }, seeded);
    const seedMs = performance.now() - seedStarted;
    log(`seeded ${TICKETS} tickets (${OPEN_TICKETS} open) in ${(seedMs / 1000).toFixed(1)} s`);

    const someNumber = seeded[TICKETS - 500]!.ticket.confirmationNumber;
    const reads = {
      firstPage: () => queue.page({}),
      filteredPage: () => queue.page({ category: 'vulnerability', severity: 'critical' }),
      searchByOffer: () => queue.find('offer-07'),
      searchByNumber: () => queue.find(someNumber),
      record90: () => record.report(90),
    };
    const timings: Record<keyof typeof reads, number[]> = { firstPage: [], filteredPage: [], searchByOffer: [], searchByNumber: [], record90: [] };
    for (const read of Object.values(reads)) await read(); // warm-up: JIT and connections
    for (let run = 0; run < RUNS; run++) {
      for (const [name, read] of Object.entries(reads) as Array<[keyof typeof reads, () => Promise<unknown>]>) {
        const started = performance.now();
        await read();
        timings[name].push(performance.now() - started);
      }
    }
    const [page, found, report] = [await reads.firstPage(), await reads.searchByOffer(), await reads.record90()];
    if (page.items.length !== 50 || found.length !== 50 || (await reads.searchByNumber()).length !== 1)
      throw new Error('the console bench read less than it should have');
    return {
      tickets: TICKETS,
      open: OPEN_TICKETS,
      seedMs,
      firstPageMs: median(timings.firstPage),
      filteredPageMs: median(timings.filteredPage),
      searchByOfferMs: median(timings.searchByOffer),
      searchByNumberMs: median(timings.searchByNumber),
      record90Ms: median(timings.record90),
      firstPageItems: page.items.length,
      searchItems: found.length,
      record90Submitted: report.submitted,
    };
  } finally {
    await azurite.stop();
  }
}

interface Seeded {
  ticket: Ticket;
  version: number;
  updatedAt: string;
}

/** A year of tickets, oldest first: the newest OPEN_TICKETS are open, the newest UNACKNOWLEDGED of them not yet acknowledged. */
function seedTickets(now: Date): Seeded[] {
  const spacing = (365 * DAY) / TICKETS;
  return Array.from({ length: TICKETS }, (_, i): Seeded => {
    const submittedAt = new Date(now.getTime() - 365 * DAY + i * spacing);
    const vulnerability = i % 2 === 1;
    const { ticket: opened } = openTicket({
      confirmationNumber: newConfirmationNumber((n) => randomBytes(n)),
      submission: {
        category: vulnerability ? 'vulnerability' : 'incident',
        offerId: `offer-${String(i % OFFERS).padStart(2, '0')}`,
        summary: `Remote code execution in the admin console (${i})`,
        description: 'The admin console of the firewall appliance answers on its public IP address without asking for credentials.',
        ...(vulnerability ? { cveId: `CVE-2026-${10_000 + (i % CVES)}` } : {}),
        reporter: { name: 'Ada Lovelace', email: 'ada@contoso.example', locale: 'en' },
      } as Parameters<typeof openTicket>[0]['submission'],
      cvss: vulnerability
        ? { version: '3.1', baseScore: 9.8, baseSeverity: i % 3 === 0 ? 'critical' : 'high', score: 9.8, severity: i % 3 === 0 ? 'critical' : 'high' }
        : null,
      submittedAt,
      acknowledgeBy: new Date(submittedAt.getTime() + DAY),
    });
    const fromNewest = TICKETS - 1 - i;
    if (fromNewest < UNACKNOWLEDGED) {
      const overdue = Date.parse(opened.acknowledgeBy) < now.getTime();
      return { ticket: { ...opened, slaBreached: overdue && i % 2 === 0 }, version: 1, updatedAt: opened.submittedAt };
    }
    // Every tenth acknowledged a day and a half in, late; the others within the hour or two.
    const acknowledgedAt = new Date(submittedAt.getTime() + (i % 10 === 0 ? 1.5 * DAY : (i % 120) * 60_000)).toISOString();
    const acknowledged: OpenTicket = {
      ...opened,
      status: 'acknowledged',
      outcome: null,
      acknowledgedAt,
      priority: 'p2',
      severity: 'medium',
      slaBreached: i % 10 === 0,
    };
    if (fromNewest < OPEN_TICKETS) {
      const status = (['acknowledged', 'investigating', 'awaiting-reporter'] as const)[i % 3]!;
      const updatedAt = new Date(Date.parse(acknowledgedAt) + (i % 7) * 3_600_000).toISOString();
      return { ticket: { ...acknowledged, status }, version: status === 'acknowledged' ? 2 : 3, updatedAt };
    }
    const resolvedAt = new Date(Date.parse(acknowledgedAt) + 3 * DAY).toISOString();
    return { ticket: { ...acknowledged, status: 'resolved', outcome: 'no-action' }, version: 4, updatedAt: resolvedAt };
  });
}

/** The tickets (one transaction each: ticket, history, token) and their index rows as ensureIndexed and the changes leave them. */
async function seed(store: TableTicketStore, tables: { index: TableClient; search: TableClient; due: TableClient }, seeded: Seeded[]): Promise<void> {
  const indexRows: TableEntity[] = [];
  const dueRows: TableEntity[] = [];
  const searchKeys: TableEntity[] = [];
  for (const { ticket, version, updatedAt } of seeded) {
    const columns = queueColumns(ticket, version, updatedAt);
    indexRows.push({ partitionKey: listPartition(ticket.submittedAt), rowKey: listKey(ticket), ...columns });
    // A ticket resolved long ago has no open row any more (the reconciliation removed its tombstone).
    if (ticket.status !== 'resolved') indexRows.push({ partitionKey: OPEN, rowKey: ticket.confirmationNumber, ...columns });
    if (ticket.status === 'submitted' && !ticket.slaBreached) {
      dueRows.push({
        partitionKey: 'due',
        rowKey: `${ticket.acknowledgeBy}|${ticket.confirmationNumber}`,
        ConfirmationNumber: ticket.confirmationNumber,
        AcknowledgeBy: ticket.acknowledgeBy,
      });
    }
    searchKeys.push(...searchRows(ticket));
  }
  await Promise.all([
    inParallel(seeded, 32, async ({ ticket }) => {
      await store.create(ticket, { at: ticket.submittedAt, event: 'submitted', status: 'submitted' }, randomBytes(32).toString('hex'));
    }),
    inBatches(tables.index, indexRows, { parallel: 32 }),
    inBatches(tables.due, dueRows, { parallel: 32 }),
    inBatches(tables.search, searchKeys, { parallel: 32 }),
  ]);
}

if (require.main === module) {
  benchConsole((line) => process.stdout.write(`${line}\n`))
    .then((r) => process.stdout.write(`${JSON.stringify(r)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
