// The status page with its customer notice section, for the reporter (with the forms) or an
// operator (reading only). The page routes (GET /api/tickets/{n}, POST …/view) and the notice's
// form posts answer with it.
//
// The reporter's forms are plain forms (no JavaScript needed), so the page must give them a
// credential, and no response ever carries the token the reporter brought: the page gets an access
// token of its own, in the HttpOnly, SameSite=Strict status cookie for this ticket's paths, which
// the forms' posts send back (a page that came with that cookie keeps it). No token is in the page
// or in a URL, and a post from another site carries no cookie.

import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { AppServices } from '../composition';
import type { NoticeCaller } from '../services/customerNotices';
import { renderNoticeSection, type NoticeFeedback } from '../web/noticeSection';
import { statusCookie, statusCookieToken, statusPageResponse } from './statusPages';

/** How long a page's token rides in its cookie: time to write a notice. */
const PAGE_COOKIE_SECONDS = 2 * 60 * 60;

/** The status page of `confirmationNumber` for `caller`; TicketNotFound (404) for a wrong token. */
export async function statusPageFor(
  services: AppServices,
  confirmationNumber: string,
  caller: NoticeCaller,
  request: HttpRequest,
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
    viewer: caller.kind === 'operator' ? { kind: 'operator' } : { kind: 'reporter' },
    timeZone: services.settings.calendar.timeZone,
    ...(options.feedback ? { feedback: options.feedback } : {}),
  });
  const page = statusPageResponse(ticket, services.settings, options.confirmation, {
    noticeSection,
    ...(options.status !== undefined ? { status: options.status } : {}),
  });
  if (caller.kind === 'operator' || statusCookieToken(request) === caller.token) return page;
  const pageToken = await services.notices.issuePageToken(ticket.confirmationNumber);
  return { ...page, cookies: [statusCookie(request, ticket.confirmationNumber, pageToken, PAGE_COOKIE_SECONDS)] };
}
