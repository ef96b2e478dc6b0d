import { app } from '@azure/functions';
import { appServices } from '../composition';
import { requireOperator } from '../http/auth';
import { confirmationNumberFrom, parseOrProblem, readJsonBody, statusChangeSchema } from '../http/operatorRequests';
import { withProblems } from '../http/problems';
import { jsonResponse, ticketJson } from '../http/ticketView';

app.http('changeTicketStatus', {
  methods: ['POST'],
  route: 'tickets/{confirmationNumber}/status',
  authLevel: 'anonymous', // operators authenticate in the handler (OPS_API_KEY or Entra ID role)
  handler: withProblems(async (request) => {
    const services = appServices();
    requireOperator(request, services.settings);
    const confirmationNumber = confirmationNumberFrom(request.params);
    const input = parseOrProblem(statusChangeSchema, await readJsonBody(request));
    await services.ready();
    const ticket = await services.tickets.changeStatus(confirmationNumber, input);
    return jsonResponse(200, ticketJson(ticket));
  }),
});
