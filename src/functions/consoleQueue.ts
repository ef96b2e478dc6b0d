import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { consolePageResponse } from '../http/consoleAccess';
import { httpRoute } from '../http/httpRoute';
import { renderConsoleStartPage } from '../web/console/startPage';

// For now only who is signed in and the sign-out: the queue page (part C of issue 16) replaces
// this function, its renderer (src/web/console/startPage.ts) and its route stays /api/console.
/** GET /api/console: the operators' console. */
export function consoleQueue(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'console',
    handle: (_input, { console: session }) => consolePageResponse(200, renderConsoleStartPage(session)),
  });
}
