import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { httpRoute } from '../http/httpRoute';
import { acknowledgeSchema, confirmationNumberFrom, parseOrProblem, readJsonBody } from '../http/operatorRequests';
import { jsonResponse, ticketJson } from '../http/ticketView';

/** POST /api/tickets/{n}/acknowledge: an operator acknowledges the ticket (priority, severity). */
export function acknowledgeTicket(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'operator',
    input: async (request) => ({
      confirmationNumber: confirmationNumberFrom(request.params),
      acknowledgement: parseOrProblem(acknowledgeSchema, await readJsonBody(request)),
    }),
    handle: async ({ confirmationNumber, acknowledgement }, { services }) =>
      jsonResponse(200, ticketJson(await services.tickets.acknowledge(confirmationNumber, acknowledgement))),
  });
}
