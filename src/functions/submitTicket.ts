import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { parseSubmission } from '../domain/submission';
import { clientKey } from '../http/clientAddress';
import { formLocale, isFormPost } from '../http/formPost';
import { httpRoute } from '../http/httpRoute';
import { localeFromAcceptLanguage } from '../http/language';
import { idempotencyKeyOf, requestFingerprint } from '../http/idempotencyKey';
import { invalidFields } from '../http/problems';
import { isMultipartForm, readReportForm, reportFileProblem } from '../http/reportForm';
import { formToSubmissionInput } from '../http/formFields';
import { readSubmissionBody } from '../http/submissionBody';
import { submittedResponse } from '../http/submittedResponse';
import type { IncomingFile } from '../services/evidenceFiles';
import { submitWithEvidence } from '../services/reportWithEvidence';

/**
 * POST /api/tickets: a publisher's report becomes a ticket (201, or 303 for a plain HTML form). The
 * form without JavaScript sends its files with it (multipart/form-data): they are checked before
 * the ticket is stored and become its files once it is, or the whole report is refused.
 */
export function submitTicket(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'public',
    pageFor: (request) => isFormPost(request) || isMultipartForm(request),
    input: async (request) => {
      const idempotencyKey = idempotencyKeyOf(request);
      let kind: 'json' | 'form';
      let input: unknown;
      let files: AsyncIterable<IncomingFile> | null = null;
      let discard = (): void => {};
      if (isMultipartForm(request)) {
        const form = await readReportForm(request);
        ({ files, discard } = form);
        kind = 'form';
        input = formToSubmissionInput(form.fields);
      } else {
        ({ kind, input } = await readSubmissionBody(request));
      }
      // A reporter who names no locale gets the one the request's Accept-Language prefers.
      const parsed = parseSubmission(input, { defaultLocale: localeFromAcceptLanguage(request.headers.get('accept-language')) });
      if (!parsed.ok) {
        discard();
        // A form page answers in the language the form was filled in.
        throw invalidFields('Invalid submission', parsed.errors, formLocale(input));
      }
      return { idempotencyKey, kind, submission: parsed.submission, cvss: parsed.cvss, files };
    },
    handle: async ({ idempotencyKey, kind, submission, cvss, files }, { services, request }) => {
      const options = {
        client: clientKey(request.headers), // 429 over the client's limit
        idempotencyKey,
        ...(idempotencyKey ? { requestFingerprint: requestFingerprint(kind, submission) } : {}),
      };
      if (!files) return submittedResponse(request, kind, await services.tickets.submit(submission, cvss, options), services.settings.publicBaseUrl);
      try {
        const result = await submitWithEvidence(services, submission, cvss, options, files);
        return submittedResponse(request, kind, result, services.settings.publicBaseUrl);
      } catch (error) {
        throw reportFileProblem(error, submission.reporter.locale) ?? error;
      }
    },
  });
}
