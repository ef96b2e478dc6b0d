// What a submission meets when the per-client limit cannot answer: a busy limit (slow or
// throttled, what a burst from one client makes of it) refuses the submission as a slow ticket
// write would, so no burst gets through unchecked; only a limit whose storage failed lets it
// through (that path through the host: test/api/submissionLimit.test.ts, its last test).

import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src/domain/calendar';
import { parseSubmission } from '../../src/domain/submission';
import type { Logger } from '../../src/services/logger';
import { StorageBusy } from '../../src/services/storageFaults';
import type { SubmissionAllowance } from '../../src/services/submissionAllowance';
import { SubmissionNotStored, TicketService, type TicketServiceDeps } from '../../src/services/ticketService';
import { readSettings } from '../../src/settings';
import { aSubmission } from '../support/builders';

/** A dependency that records every use and does nothing: a refused submission must touch none. */
function untouched(name: string, uses: string[]): never {
  return new Proxy({}, { get: (_, prop) => (uses.push(`${name}.${String(prop)}`), () => Promise.reject(new Error(`${name} used`))) }) as never;
}

describe('a submission whose limit is busy', () => {
  it('is refused with SubmissionNotStored (503), stores nothing and logs no "not checked" warning', async () => {
    const uses: string[] = [];
    const warnings: string[] = [];
    const logger: Logger = { info: () => undefined, warn: (message) => void warnings.push(message), error: () => undefined };
    const busy: SubmissionAllowance = { take: () => Promise.reject(new StorageBusy(new Error('deadline passed'))) };
    const deps: TicketServiceDeps = {
      store: untouched('store', uses),
      dueDates: untouched('dueDates', uses),
      pendingEmails: untouched('pendingEmails', uses),
      listing: untouched('listing', uses),
      pageTokenEnds: untouched('pageTokenEnds', uses),
      idempotency: untouched('idempotency', uses),
      queue: untouched('queue', uses),
      calendar: createBusinessCalendar(readSettings({}).calendar),
      logger,
      allowance: busy,
    };
    const parsed = parseSubmission(aSubmission(), { defaultLocale: 'en' });
    if (!parsed.ok) throw new Error('the builder made an invalid submission');

    await expect(new TicketService(deps).submit(parsed.submission, parsed.cvss, { client: '127.0.0.1', idempotencyKey: 'busy-1' })).rejects.toBeInstanceOf(
      SubmissionNotStored,
    );
    expect(uses).toEqual([]);
    expect(warnings).toEqual([]);
  });
});
