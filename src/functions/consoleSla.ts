import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { consoleHtmlResponse } from '../http/consolePages';
import { httpRoute } from '../http/httpRoute';
import { renderSlaPage } from '../web/console/slaPage';

/** The windows the record page shows, shortest first. */
const WINDOWS_DAYS = [30, 90] as const;

/** GET /api/console/sla: the SLA record over the last 30 and 90 days, with the missed deadlines. */
export function consoleSla(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'console',
    handle: async (_input, { services, console: session }) => {
      const reports = await Promise.all(WINDOWS_DAYS.map((days) => services.slaRecord.report(days)));
      return consoleHtmlResponse(200, renderSlaPage({ session, now: services.clock(), timeZone: services.settings.calendar.timeZone, reports }));
    },
  });
}
