import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { EvidenceRefused, type EvidenceRefusalCode } from '../domain/evidenceFile';
import { consoleTicketResponse, doneRedirect, FILE_ADDED } from '../http/consolePages';
import { readUploadHeaders, receiveUpload } from '../http/evidenceRequests';
import { httpRoute } from '../http/httpRoute';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { EVIDENCE_REFUSALS, ProblemError } from '../http/problems';

/**
 * POST /api/console/tickets/{n}/files: an operator's file from the ticket's page (multipart/form-data,
 * the session's CSRF token, then the part named file), added as the operators' API adds it; 303
 * back to the page, which says so, or the page with the refusal in its language (nothing stored).
 */
export function consoleTicketUpload(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'console',
    input: (request) => ({ confirmationNumber: confirmationNumberFrom(request.params) }),
    handle: async ({ confirmationNumber }, { services, console: session, request }) => {
      try {
        const upload = readUploadHeaders(request);
        await services.evidence.add(confirmationNumber, { kind: 'operator' }, receiveUpload(request, upload, ['csrf']));
      } catch (error) {
        const code = refusalOf(error);
        if (!code) throw error;
        return consoleTicketResponse(services, confirmationNumber, session, {
          status: EVIDENCE_REFUSALS[code].status,
          filesOutcome: { kind: 'refused', code },
        });
      }
      return doneRedirect(confirmationNumber, FILE_ADDED);
    },
  });
}

// The refusals a person can cause with the form: the file's own, a body larger than any file, no file chosen.
function refusalOf(error: unknown): EvidenceRefusalCode | null {
  if (error instanceof EvidenceRefused) return error.code;
  if (error instanceof ProblemError && error.status === 413) return 'file_too_large';
  if (error instanceof ProblemError && error.title === 'File missing') return 'empty_file';
  return null;
}
