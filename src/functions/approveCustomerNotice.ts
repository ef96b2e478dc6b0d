import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { NoticeApprovalRefused } from '../domain/customerNotice';
import { statusPageFor } from '../http/statusPageFor';
import { approvalFrom, customerNoticeJson, formToken, readNoticeBody } from '../http/customerNoticeRequests';
import { formCsrf } from '../http/statusPages';
import { isFormPost } from '../http/formPost';
import { httpRoute } from '../http/httpRoute';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { jsonResponse } from '../http/ticketView';

/** POST /api/tickets/{n}/customer-notice/approve: the side that did not propose the latest version approves it (JSON, or the status page's form). */
export function approveCustomerNotice(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'reporter-or-operator',
    pageFor: isFormPost,
    input: async (request) => {
      const confirmationNumber = confirmationNumberFrom(request.params);
      const body = await readNoticeBody(request, ['json', 'form']);
      const form = body.kind === 'form' ? body.fields : null;
      return { confirmationNumber, approval: approvalFrom(body), page: form !== null, token: form && formToken(form), csrf: form && formCsrf(form) };
    },
    credentialIn: (input) => input.token,
    csrfIn: (input) => input.csrf,
    handle: async ({ confirmationNumber, approval, page }, { services, caller, request }) => {
      if (!page) return jsonResponse(200, customerNoticeJson(await services.notices.approve(confirmationNumber, caller, approval)));
      try {
        await services.notices.approve(confirmationNumber, caller, approval);
        return await statusPageFor(services, confirmationNumber, caller, request, { feedback: { kind: 'approved', version: approval.version } });
      } catch (error) {
        if (!(error instanceof NoticeApprovalRefused)) throw error;
        return statusPageFor(services, confirmationNumber, caller, request, { status: 409, feedback: { kind: 'approval-refused', code: error.code } });
      }
    },
  });
}
