import type { TimerHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';

// Nightly safety net: intake writes a ticket and its queue message; the message's handler writes
// the ticket's index rows. Should both the message and its fallback pending row be lost, this
// finds the ticket by a scan of the submitted ones (rare, so the cost is acceptable) and repairs it.
// The operators' queue, which reads index rows only, is tidied here too (OperatorQueueService.tidy),
// the console sessions that expired without anyone coming back to them are removed, and the rows
// of status pages' tokens that have ended.
/** Repairs the index rows (and the pending confirmation) of tickets a double fault left without them, tidies the operators' queue, removes expired console sessions and ended page tokens. */
export function reconcileTickets(services: ServiceSource): TimerHandler {
  return async () => {
    const built = services();
    await built.ready();
    await built.notifier.reconcileSubmitted();
    await built.operatorQueue.tidy();
    const removed = await built.consoleSessions.removeExpired();
    if (removed > 0) built.logger.info('expired console sessions removed', { removed });
    const ended = await built.tickets.removeEndedPageTokens();
    if (ended > 0) built.logger.info('ended page tokens removed', { removed: ended });
  };
}
