import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { answerNow, httpRoute } from '../http/httpRoute';
import { localeFromAcceptLanguage } from '../http/language';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { statusPageFor } from '../http/statusPageFor';
import { readTokenEntry, tokenPageResponse } from '../http/statusPages';

// The access code typed into the page that asks for it (a browser without JavaScript): the answer
// is the status page itself, so the code never becomes part of a URL. A read; nothing changes.
// A wrong code gets the same 404 as a wrong token on GET, so numbers cannot be probed.
/** POST /api/tickets/{n}/view: the status page for the access code the form posts. */
export function viewTicket(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'public',
    pageFor: () => true,
    input: async (request) => {
      const confirmationNumber = confirmationNumberFrom(request.params);
      const token = await readTokenEntry(request);
      if (token === null) {
        // The form came back empty: the page asks again, without storage.
        const locale = localeFromAcceptLanguage(request.headers.get('accept-language'));
        return answerNow(tokenPageResponse(confirmationNumber, locale, { missing: true }));
      }
      return { confirmationNumber, token };
    },
    handle: async ({ confirmationNumber, token }, { services, request }) => statusPageFor(services, confirmationNumber, { kind: 'reporter', token }, request),
  });
}
