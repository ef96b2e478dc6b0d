import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { evidenceJson, readUploadHeaders, receiveUpload } from '../http/evidenceRequests';
import { httpRoute } from '../http/httpRoute';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { jsonResponse } from '../http/ticketView';

/**
 * POST /api/tickets/{n}/attachments: one evidence file from the reporter (their token) or an
 * operator, 201 with its metadata; the bytes are read only once the caller is admitted and the
 * ticket has room for them.
 */
export function addAttachment(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'reporter-or-operator',
    input: (request) => ({ confirmationNumber: confirmationNumberFrom(request.params), upload: readUploadHeaders(request) }),
    handle: async ({ confirmationNumber, upload }, { services, caller, request }) => {
      const file = await services.evidence.add(confirmationNumber, caller, receiveUpload(request, upload));
      return jsonResponse(201, evidenceJson(file), { Location: `/api/tickets/${confirmationNumber}/attachments/${file.id}` });
    },
  });
}
