import type { TimerHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { withInvocationServices } from '../invocationOutput';

/**
 * The SLA sweep: flags the tickets nobody acknowledged in time and alerts once per breach; then
 * follows up the information requests nobody answered (a reminder, later an alert, each once).
 */
export function slaSweep(services: ServiceSource): TimerHandler {
  return withInvocationServices(services, async (built) => {
    await built.ready();
    // Each runs whatever befell the other; a failure fails the run once both have had their turn.
    const runs = await Promise.allSettled([built.sweep.run(), built.correspondence.followUp()]);
    for (const run of runs) if (run.status === 'rejected') throw run.reason;
  });
}
