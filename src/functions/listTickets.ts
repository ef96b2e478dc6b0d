import { app } from '@azure/functions';
import { listQuerySchema, parseOrProblem } from '../http/operatorRequests';
import { operatorRoute } from '../http/operatorRoute';
import { ProblemError } from '../http/problems';
import { jsonResponse, ticketJson } from '../http/ticketView';

app.http('listTickets', {
  methods: ['GET'],
  route: 'ops/tickets',
  authLevel: 'anonymous', // operators authenticate in the handler (OPS_API_KEY or Entra ID role)
  handler: operatorRoute({
    input: (request, services) => {
      const query = parseOrProblem(listQuerySchema, Object.fromEntries(request.query.entries()));
      if (query.continuationToken !== undefined && !services.tickets.isContinuationToken(query.continuationToken)) {
        // A made-up token would fail inside the storage SDK and be answered 503 (retry), forever.
        const message = 'Not a continuationToken this API handed out.';
        throw new ProblemError(400, 'Invalid request', `continuationToken: ${message}`, [{ path: 'continuationToken', message }]);
      }
      return query;
    },
    handle: async (query, services) => {
      const page = await services.tickets.list(
        {
          ...(query.status ? { status: query.status } : {}),
          ...(query.slaBreached ? { slaBreached: query.slaBreached === 'true' } : {}),
        },
        query.continuationToken,
      );
      return jsonResponse(200, {
        items: page.items.map(ticketJson),
        ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
      });
    },
  }),
});
