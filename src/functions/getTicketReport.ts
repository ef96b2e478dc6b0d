import { app } from '@azure/functions';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { operatorRoute } from '../http/operatorRoute';
import { jsonResponse, reportJson, ticketJson } from '../http/ticketView';

// Operators triage from the report itself: the ticket as GET /api/tickets/{n} shows it, plus what
// the reporter wrote and how to reach them, which the reporter's own view leaves out.
app.http('getTicketReport', {
  methods: ['GET'],
  route: 'ops/tickets/{confirmationNumber}',
  authLevel: 'anonymous', // operators authenticate in the handler (OPS_API_KEY or Entra ID role)
  handler: operatorRoute({
    input: (request) => confirmationNumberFrom(request.params),
    handle: async (confirmationNumber, services) => {
      const ticket = await services.tickets.getForOperator(confirmationNumber);
      return jsonResponse(200, { ...ticketJson(ticket), report: reportJson(ticket) }, { 'Referrer-Policy': 'no-referrer' });
    },
  }),
});
