import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { noticeTextProblem, StaleNoticeVersion } from '../domain/customerNotice';
import { statusPageFor } from '../http/customerNoticePage';
import { customerNoticeJson, proposalFromForm, proposalFromJson, readNoticeBody } from '../http/customerNoticeRequests';
import { isFormPost } from '../http/formPost';
import { httpRoute } from '../http/httpRoute';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { jsonResponse } from '../http/ticketView';

// PUT takes JSON and answers the notice; POST is the status page's form (no JavaScript needed) and
// answers the status page: saved, or refused with the reader's text kept in the field (a text
// problem 400, a newer version 409), so nothing typed is lost.
/** PUT|POST /api/tickets/{n}/customer-notice: a new version proposed by the caller's side on top of `basedOnVersion`. */
export function proposeCustomerNotice(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'reporter-or-operator',
    pageFor: isFormPost,
    input: async (request) => {
      const confirmationNumber = confirmationNumberFrom(request.params);
      const body = await readNoticeBody(request, request.method === 'PUT' ? ['json'] : ['form']);
      return body.kind === 'json'
        ? { confirmationNumber, form: null, proposal: proposalFromJson(body.value) }
        : { confirmationNumber, form: proposalFromForm(body.fields), proposal: null };
    },
    credentialIn: (input) => input.form?.token ?? null,
    handle: async ({ confirmationNumber, form, proposal }, { services, caller }) => {
      if (proposal) return jsonResponse(200, customerNoticeJson(await services.notices.propose(confirmationNumber, caller, proposal)));
      const { text, basedOnVersion } = form;
      const problem = noticeTextProblem(text);
      if (problem) {
        const length = [...text].length;
        return statusPageFor(services, confirmationNumber, caller, { status: 400, feedback: { kind: 'text-problem', code: problem.code, length, text } });
      }
      try {
        const notice = await services.notices.propose(confirmationNumber, caller, { text, basedOnVersion });
        return await statusPageFor(services, confirmationNumber, caller, { feedback: { kind: 'proposed', version: notice.version } });
      } catch (error) {
        if (!(error instanceof StaleNoticeVersion)) throw error;
        return statusPageFor(services, confirmationNumber, caller, { status: 409, feedback: { kind: 'stale', text } });
      }
    },
  });
}
