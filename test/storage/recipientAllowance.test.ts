// The per-recipient email allowance against real Azurite: exact under concurrency, idempotent per
// email id, a sliding hour.

import { createHash, randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage } from '@security-event-intake/local-host/testing';
import { createServices } from '../../src/composition';
import { readSettings } from '../../src/settings';
import { TableRecipientAllowance } from '../../src/storage/recipientAllowance';
import { SlotWindow } from '../../src/storage/slotWindow';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = new Date('2027-03-01T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

let connectionString: string;

beforeAll(async () => {
  connectionString = (await startTestStorage()).connectionString;
});
afterAll(async () => (await startTestStorage()).stop());

/** An allowance over a fresh table of its own. */
async function anAllowance(limit = 10) {
  const table = TableClient.fromConnectionString(connectionString, `recipients${randomBytes(4).toString('hex')}`, { allowInsecureConnection: true });
  await table.createTable();
  return { allowance: new TableRecipientAllowance(table, limit), table };
}

const ids = (n: number, prefix = 'email') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe('TableRecipientAllowance', () => {
  it('allows the limit in an hour and holds back the next email', async () => {
    const { allowance } = await anAllowance(3);
    const answers: string[] = [];
    for (const [i, id] of ids(4).entries()) answers.push(await allowance.take('ada@contoso.example', id, at(i * MINUTE)));

    expect(answers).toEqual(['allowed', 'allowed', 'allowed', 'held-back']);
  });

  it('counts a sliding hour: a slot frees an hour after its use, not at the top of the hour', async () => {
    const { allowance } = await anAllowance(2);
    expect(await allowance.take('ada@contoso.example', 'a', at(0))).toBe('allowed');
    expect(await allowance.take('ada@contoso.example', 'b', at(50 * MINUTE))).toBe('allowed');

    expect(await allowance.take('ada@contoso.example', 'c', at(HOUR))).toBe('held-back'); // exactly an hour: still counts
    expect(await allowance.take('ada@contoso.example', 'd', at(HOUR + 1))).toBe('allowed'); // a's slot is free
    expect(await allowance.take('ada@contoso.example', 'e', at(HOUR + 10 * MINUTE))).toBe('held-back'); // b and d still count
  });

  it('answers the same for the same email id and uses no second slot', async () => {
    const { allowance } = await anAllowance(2);
    expect(await allowance.take('ada@contoso.example', 'first', at(0))).toBe('allowed');
    expect(await allowance.take('ada@contoso.example', 'first', at(MINUTE))).toBe('allowed');
    expect(await allowance.take('ada@contoso.example', 'second', at(2 * MINUTE))).toBe('allowed');
    expect(await allowance.take('ada@contoso.example', 'third', at(3 * MINUTE))).toBe('held-back');

    // A held-back email stays held back, even once slots are free again: it was never sent.
    expect(await allowance.take('ada@contoso.example', 'third', at(2 * HOUR))).toBe('held-back');
    expect(await allowance.take('ada@contoso.example', 'first', at(2 * HOUR))).toBe('allowed');
  });

  it('treats an address the same whatever its case and surrounding spaces, and keeps addresses apart', async () => {
    const { allowance } = await anAllowance(1);
    expect(await allowance.take('Ada@Contoso.example', 'a', at(0))).toBe('allowed');
    expect(await allowance.take(' ada@contoso.EXAMPLE ', 'b', at(1))).toBe('held-back');
    expect(await allowance.take('grace@contoso.example', 'c', at(2))).toBe('allowed');
  });

  it('allows exactly the limit when 20 emails to one address ask at once, and answers each the same again', async () => {
    const { allowance } = await anAllowance(10);
    const emails = ids(20);

    const answers = await Promise.all(emails.map((id) => allowance.take('ada@contoso.example', id, at(0))));

    expect(answers.filter((a) => a === 'allowed')).toHaveLength(10);
    expect(answers.filter((a) => a === 'held-back')).toHaveLength(10);
    const again = await Promise.all(emails.map((id) => allowance.take('ada@contoso.example', id, at(MINUTE))));
    expect(again).toEqual(answers);
  });

  it('takes one slot when the same email asks several times at once (a message delivered twice)', async () => {
    const { allowance } = await anAllowance(3);

    const answers = await Promise.all(Array.from({ length: 6 }, () => allowance.take('ada@contoso.example', 'twice', at(0))));

    expect(new Set(answers)).toEqual(new Set(['allowed']));
    expect(await allowance.take('ada@contoso.example', 'other-1', at(1))).toBe('allowed');
    expect(await allowance.take('ada@contoso.example', 'other-2', at(2))).toBe('allowed');
    expect(await allowance.take('ada@contoso.example', 'other-3', at(3))).toBe('held-back');
  });

  it('takes no slot when another ask for the same email recorded its answer after this one read', async () => {
    const { table } = await anAllowance(3);
    const partition = createHash('sha256').update('ada@contoso.example').digest('hex');
    const decisionKey = `email-${createHash('sha256').update('twice').digest('hex')}`;
    // Every slot was used two hours ago: free, but there, so this ask has to read them first.
    const slotWindow = new SlotWindow(table, { size: 3, windowMs: HOUR });
    for (const index of [0, 1, 2]) expect(await slotWindow.take(partition, index, undefined, `old-${index}`, at(-2 * HOUR))).not.toBeNull();
    // The other ask decides right after this one read the address's rows and found no decision.
    let raced = false;
    const racing = new Proxy(table, {
      get(target, name, receiver) {
        if (name !== 'listEntities') return Reflect.get(target, name, receiver);
        return (...args: Parameters<TableClient['listEntities']>) =>
          (async function* () {
            yield* target.listEntities(...args);
            if (!raced) {
              raced = true;
              await target.createEntity({
                partitionKey: partition,
                rowKey: decisionKey,
                EmailId: 'twice',
                Decision: 'allowed',
                Slot: 2,
                At: at(0).toISOString(),
              });
            }
          })();
      },
    });
    const allowance = new TableRecipientAllowance(racing, 3);

    expect(await allowance.take('ada@contoso.example', 'twice', at(0))).toBe('allowed');
    expect(raced).toBe(true);

    const slots = await new SlotWindow(table, { size: 3, windowMs: HOUR }).read(partition);
    expect([...slots.values()].filter((slot) => slot.holder === 'twice')).toEqual([]);
  });

  it('finishes the ask of an email that took its slot and died before recording the answer', async () => {
    const { allowance, table } = await anAllowance(2);
    expect(await allowance.take('ada@contoso.example', 'before', at(0))).toBe('allowed');
    // What the dead ask left: the slot, without its decision row.
    const slots = new SlotWindow(table, { size: 2, windowMs: HOUR });
    const partition = createHash('sha256').update('ada@contoso.example').digest('hex');
    const seen = await slots.read(partition);
    const [free] = slots.free(seen, at(MINUTE));
    expect(await slots.take(partition, free!, undefined, 'crashed', at(MINUTE))).not.toBeNull();

    expect(await allowance.take('ada@contoso.example', 'crashed', at(2 * MINUTE))).toBe('allowed');
    expect(await allowance.take('ada@contoso.example', 'after', at(3 * MINUTE))).toBe('held-back');
  });

  it("is the app's recipientAllowance, over the table ready() creates, with EMAIL_HOURLY_LIMIT_PER_RECIPIENT", async () => {
    const services = createServices(
      readSettings({ AzureWebJobsStorage: connectionString, OPS_API_KEY: 'recipient-allowance-test-key', EMAIL_HOURLY_LIMIT_PER_RECIPIENT: '1' }),
    );
    await services.ready();

    expect(await services.recipientAllowance.take('ada@contoso.example', 'one', at(0))).toBe('allowed');
    expect(await services.recipientAllowance.take('ada@contoso.example', 'two', at(1))).toBe('held-back');
  });
});
