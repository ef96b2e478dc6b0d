import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { consoleTicketResponse, DONE_PARAM, FILE_ADDED } from '../http/consolePages';
import { httpRoute } from '../http/httpRoute';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { CONSOLE_ACTIONS, type ConsoleAction } from '../web/console/actionForms';

/** GET /api/console/tickets/{n}: a ticket in the console (after an action or an added file, `?done=` says it is done). */
export function consoleTicket(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'console',
    input: (request) => {
      const done = request.query.get(DONE_PARAM);
      return {
        confirmationNumber: confirmationNumberFrom(request.params),
        done: CONSOLE_ACTIONS.find((a): a is ConsoleAction => a === done),
        fileAdded: done === FILE_ADDED,
      };
    },
    handle: ({ confirmationNumber, done, fileAdded }, { services, console: session }) =>
      consoleTicketResponse(
        services,
        confirmationNumber,
        session,
        done ? { outcome: { kind: 'done', action: done } } : fileAdded ? { filesOutcome: { kind: 'added' } } : {},
      ),
  });
}
