import type { InvocationContext, TimerHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { runInInvocation } from '../invocationOutput';

/**
 * The SLA sweep: flags the tickets nobody acknowledged in time and alerts once per breach; then
 * follows up the information requests nobody answered (a reminder, later an alert, each once).
 */
export function slaSweep(services: ServiceSource): TimerHandler {
  return (_timer: unknown, context: InvocationContext) =>
    runInInvocation(context, async (output) => {
      const built = services(output);
      await built.ready();
      // Each runs whatever befell the other; a failure fails the run once both have had their turn.
      const runs = await Promise.allSettled([built.sweep.run(), built.correspondence.followUp()]);
      for (const run of runs) if (run.status === 'rejected') throw run.reason;
    });
}
