// The per-client submission limit's storage faults against real Azurite: which of them mean the
// storage is busy (a burst's doing: the submission is refused with 503) and which mean it failed
// (the submission goes through, ticketService.ts). The busy answers are made by a pipeline policy
// in front of the real client, as Table Storage would give them.

import { randomBytes } from 'node:crypto';
import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage } from '@security-event-intake/local-host/testing';
import { StorageBusy, StorageUnavailable } from '../../src/storage/storageErrors';
import { SlotWindow } from '../../src/storage/slotWindow';
import { TableSubmissionAllowance } from '../../src/storage/submissionAllowance';

type Policy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number]['policy'];

const AT = new Date('2027-03-01T08:00:00.000Z');
let connectionString: string;

beforeAll(async () => {
  connectionString = (await startTestStorage()).connectionString;
});
afterAll(async () => (await startTestStorage()).stop());

/** A fresh table of its own, its client's requests passing `policy` first. */
async function aTable(policy?: Policy): Promise<TableClient> {
  const name = `limits${randomBytes(4).toString('hex')}`;
  await TableClient.fromConnectionString(connectionString, name, { allowInsecureConnection: true }).createTable();
  return TableClient.fromConnectionString(connectionString, name, {
    allowInsecureConnection: true,
    retryOptions: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 10 },
    ...(policy ? { additionalPolicies: [{ policy, position: 'perRetry' as const }] } : {}),
  });
}

/** Table Storage throttling: every answer is 503 ServerBusy. */
const throttled: Policy = {
  name: 'throttled',
  async sendRequest(request, next) {
    const response = await next(request);
    response.headers.set('x-ms-error-code', 'ServerBusy');
    return { ...response, status: 503, bodyAsText: '{"odata.error":{"code":"ServerBusy","message":{"lang":"en-US","value":"throttled"}}}' };
  },
};

/** A request that is sent only once its deadline has passed: the client's own AbortError. */
const tooSlow: Policy = {
  name: 'tooSlow',
  async sendRequest(request, next) {
    const signal = request.abortSignal;
    if (signal && !signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    return next(request);
  },
};

describe('TableSubmissionAllowance faults', () => {
  it('takes a slot when storage answers', async () => {
    expect(await new TableSubmissionAllowance(await aTable(), 100).take('127.0.0.1', AT)).toEqual({ allowed: true });
  });

  it('throws StorageBusy when Table Storage throttles (503 ServerBusy)', async () => {
    const allowance = new TableSubmissionAllowance(await aTable(throttled), 100);

    await expect(allowance.take('127.0.0.1', AT)).rejects.toBeInstanceOf(StorageBusy);
  });

  it("throws StorageBusy when an operation's deadline passes", async () => {
    const slots = new SlotWindow(await aTable(tooSlow), { size: 100, windowMs: 60_000, deadlineMs: 50 });

    await expect(slots.read('client')).rejects.toBeInstanceOf(StorageBusy);
    await expect(slots.take('client', 0, undefined, '', AT)).rejects.toBeInstanceOf(StorageBusy);
  });

  it('throws StorageUnavailable, not StorageBusy, when its table is missing', async () => {
    const missing = TableClient.fromConnectionString(connectionString, `missing${randomBytes(4).toString('hex')}`, { allowInsecureConnection: true });

    const failure = await new TableSubmissionAllowance(missing, 100).take('127.0.0.1', AT).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageUnavailable);
    expect(failure).not.toBeInstanceOf(StorageBusy);
  });
});
