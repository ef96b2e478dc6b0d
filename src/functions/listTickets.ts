import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { httpRoute } from '../http/httpRoute';
import { listQuerySchema, parseOrProblem } from '../http/operatorRequests';
import { ProblemError } from '../http/problems';
import { jsonResponse, ticketJson } from '../http/ticketView';

/** GET /api/ops/tickets: the tickets, oldest first, filtered and paged, for operators. */
export function listTickets(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'operator',
    input: (request, services) => {
      const query = parseOrProblem(listQuerySchema, Object.fromEntries(request.query.entries()));
      if (query.continuationToken !== undefined && !services.tickets.isContinuationToken(query.continuationToken)) {
        // A made-up token would fail inside the storage SDK and be answered 503 (retry), forever.
        const message = 'Not a continuationToken this API handed out.';
        throw new ProblemError(400, 'Invalid request', `continuationToken: ${message}`, [{ path: 'continuationToken', message }]);
      }
      return query;
    },
    handle: async (query, { services }) => {
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
  });
}
