import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { downloadResponse } from '../http/evidenceRequests';
import { httpRoute } from '../http/httpRoute';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { ProblemError } from '../http/problems';

// A file id as the store mints it: the instant, then random hex.
const FILE_ID = /^\d{8}T\d{9}Z-[0-9a-f]{12}$/;

/**
 * GET /api/tickets/{n}/attachments/{id}: the file's bytes, always as an attachment with nosniff;
 * a malicious file (or one whose scan has not finished) is withheld with a 409 problem.
 */
export function getAttachment(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'reporter-or-operator',
    input: (request) => {
      const id = request.params.id ?? '';
      if (!FILE_ID.test(id)) throw new ProblemError(404, 'File not found', 'This ticket has no file with this id.');
      return { confirmationNumber: confirmationNumberFrom(request.params), id };
    },
    handle: async ({ confirmationNumber, id }, { services, caller }) => {
      const { file, bytes } = await services.evidence.open(confirmationNumber, caller, id);
      return downloadResponse(file, bytes);
    },
  });
}
