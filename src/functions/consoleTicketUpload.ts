import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { consoleTicketResponse, doneRedirect, FILE_ADDED } from '../http/consolePages';
import { drain, pageRefusalOf, readPageUpload } from '../http/evidenceRequests';
import { httpRoute } from '../http/httpRoute';
import { confirmationNumberFrom } from '../http/operatorRequests';

/**
 * POST /api/console/tickets/{n}/files: an operator's file from the ticket's page (multipart/form-data,
 * the session's CSRF token, then the part named file), added as the operators' API adds it; 303
 * back to the page, which says so, or the page with the refusal in its language (nothing stored).
 */
export function consoleTicketUpload(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'console',
    input: async (request) => ({ confirmationNumber: confirmationNumberFrom(request.params), upload: await readPageUpload(request) }),
    handle: async ({ confirmationNumber, upload: { file } }, { services, console: session }) => {
      try {
        if ('refused' in file) throw file.refused;
        await services.evidence.add(confirmationNumber, { kind: 'operator' }, () => Promise.resolve(file));
      } catch (error) {
        const refusal = pageRefusalOf(error);
        if (!refusal) throw error;
        if (!('refused' in file)) await drain(file.chunks);
        return consoleTicketResponse(services, confirmationNumber, session, { status: refusal.status, filesOutcome: { kind: 'refused', code: refusal.code } });
      }
      return doneRedirect(confirmationNumber, FILE_ADDED);
    },
  });
}
