import { app } from '@azure/functions';
import { confirmationNumberFrom, parseOrProblem, readJsonBody, statusChangeSchema } from '../http/operatorRequests';
import { operatorRoute } from '../http/operatorRoute';
import { jsonResponse, ticketJson } from '../http/ticketView';

app.http('changeTicketStatus', {
  methods: ['POST'],
  route: 'tickets/{confirmationNumber}/status',
  authLevel: 'anonymous', // operators authenticate in the handler (OPS_API_KEY or Entra ID role)
  handler: operatorRoute({
    input: async (request) => ({
      confirmationNumber: confirmationNumberFrom(request.params),
      change: parseOrProblem(statusChangeSchema, await readJsonBody(request)),
    }),
    handle: async ({ confirmationNumber, change }, services) => jsonResponse(200, ticketJson(await services.tickets.changeStatus(confirmationNumber, change))),
  }),
});
