import { app, type InvocationContext, type Timer } from '@azure/functions';
import { appServices } from '../composition';

// The host resolves %SLA_SWEEP_SCHEDULE% from the app settings (infra sets it; local.settings.json
// for npm start): a default written into process.env here would reach neither Azure nor the local host.
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
