import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { customerNoticeJson } from '../http/customerNoticeRequests';
import { httpRoute } from '../http/httpRoute';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { jsonResponse } from '../http/ticketView';

/** GET /api/tickets/{n}/customer-notice: the notice drafted together, its status and every version. */
export function getCustomerNotice(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'reporter-or-operator',
    input: (request) => confirmationNumberFrom(request.params),
    handle: async (confirmationNumber, { services, caller }) =>
      jsonResponse(200, customerNoticeJson(await services.notices.get(confirmationNumber, caller)), { 'Referrer-Policy': 'no-referrer' }),
  });
}
