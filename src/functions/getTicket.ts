import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { httpRoute } from '../http/httpRoute';
import { localeFromAcceptLanguage } from '../http/language';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { prefersHtml } from '../http/problems';
import { statusPageFor } from '../http/statusPageFor';
import { tokenPageResponse } from '../http/statusPages';
import { jsonResponse, ticketJson } from '../http/ticketView';

/** GET /api/tickets/{n}: the ticket's status, as a page for browsers and JSON for everyone else. */
export function getTicket(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'reporter-or-operator',
    pageFor: prefersHtml,
    input: (request) => confirmationNumberFrom(request.params),
    // The email's link carries its token after `#`, which the browser keeps to itself: the page
    // asks for it (its script takes it from the link; without script the reporter types it).
    withoutCredential: (confirmationNumber, request) =>
      prefersHtml(request) ? tokenPageResponse(confirmationNumber, localeFromAcceptLanguage(request.headers.get('accept-language'))) : undefined,
    handle: async (confirmationNumber, { services, caller, request }) => {
      if (prefersHtml(request)) {
        const token = caller.kind === 'reporter' ? caller.token : undefined;
        const justSubmitted = request.query.get('submitted') === '1' && token !== undefined;
        return statusPageFor(services, confirmationNumber, caller, request, justSubmitted ? { confirmation: { accessToken: token } } : {});
      }
      const ticket =
        caller.kind === 'operator'
          ? await services.tickets.getForOperator(confirmationNumber)
          : await services.tickets.getForReporter(confirmationNumber, caller.token);
      return jsonResponse(200, ticketJson(ticket), { 'Referrer-Policy': 'no-referrer' });
    },
  });
}
