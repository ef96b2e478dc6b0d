import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { parseSubmission } from '../domain/submission';
import { clientKey } from '../http/clientAddress';
import { formLocale, isFormPost } from '../http/formPost';
import { httpRoute } from '../http/httpRoute';
import { localeFromAcceptLanguage } from '../http/language';
import { idempotencyKeyOf, requestFingerprint } from '../http/idempotencyKey';
import { invalidFields } from '../http/problems';
import { readSubmissionBody } from '../http/submissionBody';
import { submittedResponse } from '../http/submittedResponse';

/** POST /api/tickets: a publisher's report becomes a ticket (201, or 303 for a plain HTML form). */
export function submitTicket(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'public',
    pageFor: isFormPost,
    input: async (request) => {
      const idempotencyKey = idempotencyKeyOf(request);
      const body = await readSubmissionBody(request);
      // A reporter who names no locale gets the one the request's Accept-Language prefers.
      const parsed = parseSubmission(body.input, { defaultLocale: localeFromAcceptLanguage(request.headers.get('accept-language')) });
      // A form page answers in the language the form was filled in.
      if (!parsed.ok) throw invalidFields('Invalid submission', parsed.errors, formLocale(body.input));
      return { idempotencyKey, kind: body.kind, submission: parsed.submission, cvss: parsed.cvss };
    },
    handle: async ({ idempotencyKey, kind, submission, cvss }, { services, request }) => {
      const result = await services.tickets.submit(submission, cvss, {
        client: clientKey(request.headers), // 429 over the client's limit
        idempotencyKey,
        ...(idempotencyKey ? { requestFingerprint: requestFingerprint(kind, submission) } : {}),
      });
      return submittedResponse(request, kind, result, services.settings.publicBaseUrl);
    },
  });
}
