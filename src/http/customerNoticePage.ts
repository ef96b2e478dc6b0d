// The status page with its customer notice section, for the reporter (with the forms, which carry
// their access code in the body) or an operator (reading only). The page routes (GET
// /api/tickets/{n}, POST …/view) and the notice's form posts answer with it.

import type { HttpResponseInit } from '@azure/functions';
import type { AppServices } from '../composition';
import type { NoticeCaller } from '../services/customerNotices';
import { renderNoticeSection, type NoticeFeedback } from '../web/noticeSection';
import { statusPageResponse } from './statusPages';

/** The status page of `confirmationNumber` for `caller`; TicketNotFound (404) for a wrong token. */
export async function statusPageFor(
  services: AppServices,
  confirmationNumber: string,
  caller: NoticeCaller,
  options: { confirmation?: { accessToken: string }; feedback?: NoticeFeedback; status?: number } = {},
): Promise<HttpResponseInit> {
  const ticket =
    caller.kind === 'operator'
      ? await services.tickets.getForOperator(confirmationNumber)
      : await services.tickets.getForReporter(confirmationNumber, caller.token);
  const notice = await services.notices.get(confirmationNumber, caller);
  const noticeSection = renderNoticeSection({
    confirmationNumber: ticket.confirmationNumber,
    notice,
    locale: ticket.reporter.locale,
    viewer: caller,
    timeZone: services.settings.calendar.timeZone,
    ...(options.feedback ? { feedback: options.feedback } : {}),
  });
  return statusPageResponse(ticket, services.settings, options.confirmation, {
    noticeSection,
    ...(options.status !== undefined ? { status: options.status } : {}),
  });
}
