import { app, type InvocationContext, type Timer } from '@azure/functions';
import { appServices } from '../composition';

// The schedule is an app setting resolved by the host; give local runs the documented default.
process.env.SLA_SWEEP_SCHEDULE ||= '0 */5 * * * *';

// Flex Consumption runs timers in UTC; the business calendar lives in our code (SLA_TIME_ZONE).
app.timer('slaSweep', {
  schedule: '%SLA_SWEEP_SCHEDULE%',
  runOnStartup: false,
  useMonitor: true,
  handler: async (_timer: Timer, _context: InvocationContext) => {
    const services = appServices();
    await services.ready();
    await services.sweep.run();
  },
});
