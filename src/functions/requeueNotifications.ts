import { app, type InvocationContext, type Timer } from '@azure/functions';
import { appServices } from '../composition';

// No submission without its confirmation: a notification whose queue write was lost stays
// pending in the index, and this timer queues it again after a few minutes.
app.timer('requeueNotifications', {
  schedule: '0 */2 * * * *',
  useMonitor: true,
  handler: async (_timer: Timer, _context: InvocationContext) => {
    const services = appServices();
    await services.ready();
    await services.notifier.requeuePending();
  },
});
