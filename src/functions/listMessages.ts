import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { httpRoute } from '../http/httpRoute';
import { correspondentOf, messageJson } from '../http/messageRequests';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { jsonResponse } from '../http/ticketView';

/** GET /api/tickets/{n}/messages: the thread, oldest first; the reporter never sees an internal note. */
export function listMessages(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'reporter-or-operator',
    input: (request) => confirmationNumberFrom(request.params),
    handle: async (confirmationNumber, { services, caller }) => {
      const items = await services.correspondence.messages(confirmationNumber, correspondentOf(caller));
      return jsonResponse(200, { items: items.map(messageJson) }, { 'Referrer-Policy': 'no-referrer' });
    },
  });
}
