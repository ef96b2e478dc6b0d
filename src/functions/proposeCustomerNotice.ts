import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { customerNoticeJson, proposalFromJson, readNoticeBody } from '../http/customerNoticeRequests';
import { httpRoute } from '../http/httpRoute';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { jsonResponse } from '../http/ticketView';

/** PUT /api/tickets/{n}/customer-notice: a new version proposed by the caller's side on top of `basedOnVersion` (JSON). */
export function proposeCustomerNotice(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'reporter-or-operator',
    input: async (request) => ({
      confirmationNumber: confirmationNumberFrom(request.params),
      proposal: proposalFromJson((await readNoticeBody(request, ['json'])).value),
    }),
    handle: async ({ confirmationNumber, proposal }, { services, caller }) =>
      jsonResponse(200, customerNoticeJson(await services.notices.propose(confirmationNumber, caller, proposal))),
  });
}
