import { app } from '@azure/functions';
import { appServices } from '../composition';
import { requireOperator } from '../http/auth';
import { acknowledgeSchema, confirmationNumberFrom, parseOrProblem, readJsonBody } from '../http/operatorRequests';
import { withProblems } from '../http/problems';
import { jsonResponse, ticketJson } from '../http/ticketView';

app.http('acknowledgeTicket', {
  methods: ['POST'],
  route: 'tickets/{confirmationNumber}/acknowledge',
  authLevel: 'anonymous', // operators authenticate in the handler (OPS_API_KEY or Entra ID role)
  handler: withProblems(async (request) => {
    const services = appServices();
    requireOperator(request, services.settings);
    const confirmationNumber = confirmationNumberFrom(request.params);
    const input = parseOrProblem(acknowledgeSchema, await readJsonBody(request));
    await services.ready();
    const ticket = await services.tickets.acknowledge(confirmationNumber, input);
    return jsonResponse(200, ticketJson(ticket));
  }),
});
