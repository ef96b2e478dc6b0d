import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { downloadResponse, fileIdFrom } from '../http/evidenceRequests';
import { httpRoute } from '../http/httpRoute';
import { confirmationNumberFrom } from '../http/operatorRequests';

/**
 * GET /api/tickets/{n}/attachments/{id}: the file's bytes, always as an attachment with nosniff;
 * a malicious file (or one whose scan has not finished) is withheld with a 409 problem.
 */
export function getAttachment(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'reporter-or-operator',
    input: (request) => ({ confirmationNumber: confirmationNumberFrom(request.params), id: fileIdFrom(request.params) }),
    handle: async ({ confirmationNumber, id }, { services, caller }) => {
      const { file, bytes } = await services.evidence.open(confirmationNumber, caller, id);
      return downloadResponse(file, bytes);
    },
  });
}
