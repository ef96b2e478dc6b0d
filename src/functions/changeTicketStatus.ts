import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { httpRoute } from '../http/httpRoute';
import { confirmationNumberFrom, parseOrProblem, readJsonBody, statusChangeSchema } from '../http/operatorRequests';
import { jsonResponse, ticketJson } from '../http/ticketView';

/** POST /api/tickets/{n}/status: an operator moves the ticket along its lifecycle. */
export function changeTicketStatus(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'operator',
    input: async (request) => ({
      confirmationNumber: confirmationNumberFrom(request.params),
      change: parseOrProblem(statusChangeSchema, await readJsonBody(request)),
    }),
    handle: async ({ confirmationNumber, change }, { services }) =>
      jsonResponse(200, ticketJson(await services.tickets.changeStatus(confirmationNumber, change))),
  });
}
