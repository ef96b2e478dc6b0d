import type { HttpHandler, HttpRequest } from '@azure/functions';
import type { AppServices, ServiceSource } from '../composition';
import { drain, evidenceJson, isPageUpload, pageRefusalOf, readPageUpload, readUploadHeaders, receiveUpload, type PageUpload } from '../http/evidenceRequests';
import { httpRoute } from '../http/httpRoute';
import { localeFromAcceptLanguage } from '../http/language';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { statusPageFor } from '../http/statusPageFor';
import { tokenPageResponse } from '../http/statusPages';
import { jsonResponse } from '../http/ticketView';
import type { EvidenceCaller } from '../services/evidenceFiles';

type Input = { confirmationNumber: string } & ({ page: false; upload: ReturnType<typeof readUploadHeaders> } | { page: true; upload: PageUpload });

/**
 * POST /api/tickets/{n}/attachments: one evidence file from the reporter (their token) or an
 * operator, 201 with its metadata; the bytes are read only once the caller is admitted and the
 * ticket has room for them. From the status page's plain form (multipart, with the status cookie
 * and the page's CSRF field before the file) the answer is the status page: with the file, or
 * with why it was refused (nothing stored).
 */
export function addAttachment(services: ServiceSource): HttpHandler {
  return httpRoute<'reporter-or-operator', Input>(services, {
    access: 'reporter-or-operator',
    pageFor: isPageUpload,
    input: async (request) => {
      const confirmationNumber = confirmationNumberFrom(request.params);
      if (isPageUpload(request)) return { confirmationNumber, page: true, upload: await readPageUpload(request) };
      return { confirmationNumber, page: false, upload: readUploadHeaders(request) };
    },
    csrfIn: (input) => (input.page ? input.upload.csrf : null),
    // The page's cookie is gone (it expired while the page was open): the page that asks for the access code.
    withoutCredential: (input, request) =>
      input.page ? tokenPageResponse(input.confirmationNumber, localeFromAcceptLanguage(request.headers.get('accept-language'))) : undefined,
    handle: async (input, { services, caller, request }) => {
      const { confirmationNumber } = input;
      if (input.page) return uploadFromPage(services, confirmationNumber, caller, input.upload, request);
      const file = await services.evidence.add(confirmationNumber, caller, receiveUpload(request, input.upload));
      return jsonResponse(201, evidenceJson(file), { Location: `/api/tickets/${confirmationNumber}/attachments/${file.id}` });
    },
  });
}

async function uploadFromPage(services: AppServices, confirmationNumber: string, caller: EvidenceCaller, upload: PageUpload, request: HttpRequest) {
  const { file } = upload;
  try {
    if ('refused' in file) throw file.refused;
    const added = await services.evidence.add(confirmationNumber, caller, () => Promise.resolve(file));
    return await statusPageFor(services, confirmationNumber, caller, request, { files: { kind: 'added', name: added.name } });
  } catch (error) {
    const refusal = pageRefusalOf(error);
    if (!refusal) throw error;
    if (!('refused' in file)) await drain(file.chunks);
    return statusPageFor(services, confirmationNumber, caller, request, { status: refusal.status, files: { kind: 'refused', code: refusal.code } });
  }
}
