import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { httpRoute } from '../http/httpRoute';
import { parseOrProblem, slaReportQuerySchema } from '../http/operatorRequests';
import { jsonResponse } from '../http/ticketView';

/** GET /api/ops/sla-report?days=: the SLA record over the last `days` days (1–365, default 30), for operators. */
export function getSlaReport(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'operator',
    input: (request) => parseOrProblem(slaReportQuerySchema, Object.fromEntries(request.query.entries())),
    handle: async (query, { services }) => jsonResponse(200, await services.slaRecord.report(query.days)),
  });
}
