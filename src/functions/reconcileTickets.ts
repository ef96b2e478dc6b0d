import type { TimerHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { withInvocationServices } from '../invocationOutput';
import { describeError } from '../services/logger';

// Nightly safety net: intake writes a ticket and its queue message; the message's handler writes
// the ticket's index rows. Should both the message and its fallback pending row be lost, this
// finds the ticket by a scan of the submitted ones (rare, so the cost is acceptable) and repairs it.
// The operators' queue, which reads index rows only, is tidied here too (OperatorQueueService.tidy),
// the console sessions that expired without anyone coming back to them are removed, and the rows
// of status pages' tokens that have ended.
/** Repairs the index rows (and the pending confirmation) of tickets a double fault left without them, tidies the operators' queue, removes expired console sessions and ended page tokens. */
export function reconcileTickets(services: ServiceSource): TimerHandler {
  return withInvocationServices(services, async (built) => {
    await built.ready();
    // Each step runs whatever became of the ones before it: a storage fault in one would otherwise
    // leave the rest undone until the next night. The run still fails when a step did (the host
    // logs it, and the next night tries again), after every step had its turn.
    const failures: unknown[] = [];
    const step = async (name: string, work: () => Promise<unknown>): Promise<void> => {
      try {
        await work();
      } catch (error) {
        failures.push(error);
        built.logger.error('nightly step failed', { step: name, error: describeError(error) });
      }
    };
    await step('reconcile submitted tickets', () => built.notifier.reconcileSubmitted());
    await step("tidy the operators' queue", () => built.operatorQueue.tidy());
    await step('remove expired console sessions', async () => {
      const removed = await built.consoleSessions.removeExpired();
      if (removed > 0) built.logger.info('expired console sessions removed', { removed });
    });
    await step('remove ended page tokens', async () => {
      const ended = await built.tickets.removeEndedPageTokens();
      if (ended > 0) built.logger.info('ended page tokens removed', { removed: ended });
    });
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `${failures.length} nightly steps failed`);
  });
}
