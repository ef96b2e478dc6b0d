import { app } from '@azure/functions';
import { appServices } from '../composition';
import { identifyCaller } from '../http/auth';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { ProblemError, withProblems } from '../http/problems';
import { jsonResponse, ticketJson } from '../http/ticketView';

app.http('getTicket', {
  methods: ['GET'],
  route: 'tickets/{confirmationNumber}',
  authLevel: 'anonymous',
  handler: withProblems(async (request) => {
    const services = appServices();
    const confirmationNumber = confirmationNumberFrom(request.params);
    const caller = identifyCaller(request, services.settings, { allowQueryToken: true });
    if (caller.kind === 'anonymous') {
      throw new ProblemError(401, 'Authentication required', 'Use the access token from your confirmation, or operator credentials.', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    await services.ready();
    const ticket =
      caller.kind === 'operator'
        ? await services.tickets.getForOperator(confirmationNumber)
        : await services.tickets.getForReporter(confirmationNumber, caller.token);
    return jsonResponse(200, ticketJson(ticket), { 'Referrer-Policy': 'no-referrer' });
  }),
});
