// The sending pace against real Azurite: what every instance of the app learns from one 429, the
// order in which held-back emails go once sending resumes, and the backlog told once each way.

import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countedTableClient } from '../support/countedTables';
import { startTestStorage, type TestStorage } from '@security-event-intake/local-host/testing';
import type { PacedEmail } from '../../src/services/sendingPace';
import { TableSendingPace } from '../../src/storage/sendingPaceTable';

let storage: TestStorage;
let table: TableClient;
let pace: TableSendingPace;
/** A second instance of the app: its own adapter over the same table. */
let other: TableSendingPace;
const t0 = Date.parse('2026-12-01T10:00:00.000Z');
const at = (ms: number): Date => new Date(t0 + ms);

beforeAll(async () => {
  storage = await startTestStorage();
});
afterAll(async () => {
  await storage?.stop();
});
beforeEach(async () => {
  table = TableClient.fromConnectionString(storage.connectionString, `pace${randomUUID().replace(/-/g, '').slice(0, 12)}`, { allowInsecureConnection: true });
  await table.createTable();
  pace = new TableSendingPace(table);
  other = new TableSendingPace(table);
});

function email(queuedAtMs: number, id = randomUUID()): PacedEmail {
  return { id, queuedAt: at(queuedAtMs).toISOString() };
}

describe('TableSendingPace', () => {
  it('lets emails go while nothing was throttled', async () => {
    expect(await pace.admit(email(0), at(0))).toEqual({ go: true, waiting: false, backlogAlerted: false });
  });

  it('sixteen emails asking at once share the reads of the line: two reads, and all sixteen go', async () => {
    const { client: counted, requests } = countedTableClient(storage.connectionString, table.tableName);
    const burst = new TableSendingPace(counted);

    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => burst.admit(email(i), at(1_000))));

    expect(answers.every((a) => a.go)).toBe(true);
    // the first email's read, then one read for the fifteen that asked while it was out
    expect(requests()).toBe(2);
  });

  it('pauses every instance for the Retry-After one of them was given', async () => {
    const throttled = await pace.throttled(email(0), 30_000, at(1_000));
    expect(throttled).toEqual({ go: false, waitMs: 30_000 });

    const fresh = await other.admit(email(2_000), at(2_000));
    expect(fresh).toEqual({ go: false, waitMs: 29_000 });
  });

  it('never shortens a pause that another sender made longer', async () => {
    await pace.throttled(email(0), 60_000, at(0));
    await other.throttled(email(1), 5_000, at(1_000));
    expect(await pace.admit(email(2), at(10_000))).toMatchObject({ go: false, waitMs: 50_000 });
  });

  it('once sending resumes, lets the oldest three waiting emails go and holds back the younger ones', async () => {
    const waiting = [0, 1, 2, 3, 4].map((n) => email(n * 100));
    for (const e of waiting) await pace.throttled(e, 10_000, at(1_000));

    const resumed = at(11_000);
    const answers = await Promise.all([...waiting].reverse().map((e) => pace.admit(e, resumed)));
    const goes = answers.reverse().map((a) => a.go);
    expect(goes).toEqual([true, true, true, false, false]);
    // An email that was never held back is also behind them.
    expect((await other.admit(email(5_000), resumed)).go).toBe(false);
  });

  it('holds an email far back in the line longer than one just behind the lanes', async () => {
    const waiting = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => email(n * 100));
    for (const e of waiting) await pace.throttled(e, 1_000, at(0));
    const resumed = at(2_000);

    expect(await pace.admit(waiting[3]!, resumed)).toEqual({ go: false, waitMs: 1_000 }); // three ahead
    expect(await pace.admit(waiting[7]!, resumed)).toEqual({ go: false, waitMs: 2_000 }); // seven ahead
  });

  it('moves the line on when an email is sent', async () => {
    const [a, b, c, d] = [0, 1, 2, 3].map((n) => email(n));
    for (const e of [a!, b!, c!, d!]) await pace.throttled(e, 1_000, at(0));
    const admitted = await pace.admit(a!, at(2_000));
    expect((await pace.admit(d!, at(2_000))).go).toBe(false);

    expect(admitted.go).toBe(true);
    await pace.settled(a!, admitted as { waiting: boolean; backlogAlerted: boolean });
    expect((await pace.admit(d!, at(2_100))).go).toBe(true);
  });

  it('stops holding the line for an email whose message never came back', async () => {
    const lost = email(0);
    await pace.throttled(lost, 1_000, at(0)); // due at 1 s; its message is gone
    for (const n of [1, 2]) await pace.throttled(email(n), 1_000, at(0));
    const late = email(10);

    expect((await pace.admit(late, at(2_000))).go).toBe(false);
    // Ten minutes on, the three rows ahead of it are stale: it goes.
    expect((await pace.admit(late, at(10 * 60_000))).go).toBe(true);
  });

  it('reports a backlog once when an email will be later than 15 minutes, and its end once', async () => {
    const first = email(0);
    const throttled = await pace.throttled(first, 20 * 60_000, at(1_000));
    expect(throttled.backlog).toEqual({ expectedDelayMinutes: 21, waiting: 1 });

    const second = email(2_000);
    const again = await other.throttled(second, 20 * 60_000, at(3_000));
    expect(again.backlog).toBeUndefined();

    const resumed = at(21 * 60_000);
    const a1 = await pace.admit(first, resumed);
    const a2 = await other.admit(second, resumed);
    expect(a1).toEqual({ go: true, waiting: true, backlogAlerted: true });
    expect(a2.go).toBe(true);
    expect(await pace.settled(first, a1 as { waiting: boolean; backlogAlerted: boolean })).toBe(false); // one still waits
    expect(await other.settled(second, a2 as { waiting: boolean; backlogAlerted: boolean })).toBe(true);
    // Told once: a later send does not report the end again.
    expect(await pace.settled(second, { waiting: true, backlogAlerted: true })).toBe(false);
  });

  it('does not report a backlog for a short pause', async () => {
    expect((await pace.throttled(email(0), 60_000, at(0))).backlog).toBeUndefined();
  });
});
