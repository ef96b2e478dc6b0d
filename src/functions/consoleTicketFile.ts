import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { consoleTicketResponse } from '../http/consolePages';
import { downloadResponse, fileIdFrom } from '../http/evidenceRequests';
import { httpRoute } from '../http/httpRoute';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { EvidenceWithheld } from '../services/evidenceFiles';

/**
 * GET /api/console/tickets/{n}/files/{id}: a file of the ticket for a signed-in operator, as the
 * operators' API hands it out (an attachment with nosniff); a malicious file, or one whose scan has
 * not finished, is withheld: the ticket's page saying so (409).
 */
export function consoleTicketFile(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'console',
    input: (request) => ({ confirmationNumber: confirmationNumberFrom(request.params), id: fileIdFrom(request.params) }),
    handle: async ({ confirmationNumber, id }, { services, console: session }) => {
      try {
        const { file, bytes } = await services.evidence.open(confirmationNumber, { kind: 'operator' }, id);
        return downloadResponse(file, bytes);
      } catch (error) {
        if (!(error instanceof EvidenceWithheld)) throw error;
        return consoleTicketResponse(services, confirmationNumber, session, { status: 409, filesOutcome: { kind: 'withheld', scan: error.scan } });
      }
    },
  });
}
