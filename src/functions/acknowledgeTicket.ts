import { app } from '@azure/functions';
import { acknowledgeSchema, confirmationNumberFrom, parseOrProblem, readJsonBody } from '../http/operatorRequests';
import { operatorRoute } from '../http/operatorRoute';
import { jsonResponse, ticketJson } from '../http/ticketView';

app.http('acknowledgeTicket', {
  methods: ['POST'],
  route: 'tickets/{confirmationNumber}/acknowledge',
  authLevel: 'anonymous', // operators authenticate in the handler (OPS_API_KEY or Entra ID role)
  handler: operatorRoute({
    input: async (request) => ({
      confirmationNumber: confirmationNumberFrom(request.params),
      acknowledgement: parseOrProblem(acknowledgeSchema, await readJsonBody(request)),
    }),
    handle: async ({ confirmationNumber, acknowledgement }, services) =>
      jsonResponse(200, ticketJson(await services.tickets.acknowledge(confirmationNumber, acknowledgement))),
  }),
});
