import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { noticeTextProblem, StaleNoticeVersion } from '../domain/customerNotice';
import { statusPageFor } from '../http/statusPageFor';
import { proposalFromForm, readNoticeBody } from '../http/customerNoticeRequests';
import { httpRoute } from '../http/httpRoute';
import { confirmationNumberFrom } from '../http/operatorRequests';

// The status page's form (no JavaScript needed), posted with the status cookie and the page's CSRF
// token (src/http/statusPages.ts). The answer is
// the status page: saved, or refused with the reader's text kept in the field (a text problem
// 400, a newer version 409), so nothing typed is lost.
/** POST /api/tickets/{n}/customer-notice: the status page's proposal of a new version. */
export function proposeCustomerNoticeByForm(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'reporter-or-operator',
    pageFor: () => true,
    input: async (request) => ({
      confirmationNumber: confirmationNumberFrom(request.params),
      form: proposalFromForm((await readNoticeBody(request, ['form'])).fields),
    }),
    credentialIn: ({ form }) => form.token,
    csrfIn: ({ form }) => form.csrf,
    handle: async ({ confirmationNumber, form: { text, basedOnVersion } }, { services, caller, request }) => {
      const problem = noticeTextProblem(text);
      if (problem) {
        const feedback = { kind: 'text-problem' as const, code: problem.code, length: [...text].length, text };
        return statusPageFor(services, confirmationNumber, caller, request, { status: 400, feedback });
      }
      try {
        const notice = await services.notices.propose(confirmationNumber, caller, { text, basedOnVersion });
        return await statusPageFor(services, confirmationNumber, caller, request, { feedback: { kind: 'proposed', version: notice.version } });
      } catch (error) {
        if (!(error instanceof StaleNoticeVersion)) throw error;
        return statusPageFor(services, confirmationNumber, caller, request, { status: 409, feedback: { kind: 'stale', text } });
      }
    },
  });
}
