import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { consoleHtmlResponse, isQueueRefresh, lastLookCookie, lastLookOf } from '../http/consolePages';
import { httpRoute } from '../http/httpRoute';
import { ProblemError } from '../http/problems';
import { QUEUE_PARAMS, readQueueQuery, renderQueuePage } from '../web/console/queuePage';

// The queue (or what the find box found), with what is new since the operator's last look: a
// normal load remembers this look (a cookie for the console's paths), the script's refresh of the
// list does not, so what arrived meanwhile stays marked until the operator loads the page again.
/** GET /api/console: the operators' queue, filtered, paged, or searched. */
export function consoleQueue(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'console',
    input: (request, services) => {
      const read = readQueueQuery(request.query);
      if (!read.ok) throw invalidQuery(read.field, 'Not one of the values the queue’s form offers, or too long.');
      const token = read.value.continuationToken;
      if (token !== undefined && !services.operatorQueue.isContinuationToken(token)) {
        throw invalidQuery(QUEUE_PARAMS.continuationToken, 'Not a continuationToken the queue handed out.');
      }
      return read.value;
    },
    handle: async (query, { services, request, console: session }) => {
      const page =
        query.query !== undefined
          ? { items: await services.operatorQueue.find(query.query) }
          : await services.operatorQueue.page(query.filter, query.continuationToken ? { continuationToken: query.continuationToken } : {});
      const now = services.clock();
      const html = renderQueuePage({
        session,
        now,
        timeZone: services.settings.calendar.timeZone,
        filter: query.filter,
        page,
        lastLook: lastLookOf(request),
        ...(query.continuationToken ? { continuationToken: query.continuationToken } : {}),
        ...(query.query !== undefined ? { query: query.query } : {}),
      });
      return consoleHtmlResponse(200, html, isQueueRefresh(request) ? {} : { cookies: [lastLookCookie(request, now)] });
    },
  });
}

function invalidQuery(field: string, message: string): ProblemError {
  return new ProblemError(400, 'Invalid request', `${field}: ${message}`, [{ path: field, message }]);
}
