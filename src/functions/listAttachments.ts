import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { evidenceJson } from '../http/evidenceRequests';
import { httpRoute } from '../http/httpRoute';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { jsonResponse } from '../http/ticketView';

/** GET /api/tickets/{n}/attachments: the ticket's evidence files, oldest first, each with its scan's verdict. */
export function listAttachments(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'reporter-or-operator',
    input: (request) => confirmationNumberFrom(request.params),
    handle: async (confirmationNumber, { services, caller }) => {
      const items = await services.evidence.list(confirmationNumber, caller);
      return jsonResponse(200, { items: items.map(evidenceJson) }, { 'Referrer-Policy': 'no-referrer' });
    },
  });
}
