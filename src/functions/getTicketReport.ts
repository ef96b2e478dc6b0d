import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { httpRoute } from '../http/httpRoute';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { jsonResponse, reportJson, ticketJson } from '../http/ticketView';

// Operators triage from the report itself: the ticket as GET /api/tickets/{n} shows it, plus what
// the reporter wrote and how to reach them, which the reporter's own view leaves out.
/** GET /api/ops/tickets/{n}: the ticket with its report, for operators. */
export function getTicketReport(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'operator',
    input: (request) => confirmationNumberFrom(request.params),
    handle: async (confirmationNumber, { services }) => {
      const ticket = await services.tickets.getForOperator(confirmationNumber);
      return jsonResponse(200, { ...ticketJson(ticket), report: reportJson(ticket) }, { 'Referrer-Policy': 'no-referrer' });
    },
  });
}
