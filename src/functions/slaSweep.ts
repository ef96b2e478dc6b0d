import type { TimerHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';

/** The SLA sweep: flags the tickets nobody acknowledged in time and alerts once per breach. */
export function slaSweep(services: ServiceSource): TimerHandler {
  return async () => {
    const built = services();
    await built.ready();
    await built.sweep.run();
  };
}
