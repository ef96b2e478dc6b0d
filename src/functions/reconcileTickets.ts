import { app, type InvocationContext, type Timer } from '@azure/functions';
import { appServices } from '../composition';

// Nightly safety net: intake writes a ticket and its queue message; the message's handler writes
// the ticket's index rows. Should both the message and its fallback pending row be lost, this
// finds the ticket by a scan of the submitted ones (rare, so the cost is acceptable) and repairs it.
app.timer('reconcileTickets', {
  schedule: '0 15 3 * * *',
  useMonitor: true,
  handler: async (_timer: Timer, _context: InvocationContext) => {
    const services = appServices();
    await services.ready();
    await services.notifier.reconcileSubmitted();
  },
});
