// The status page with its sections, for the reporter (with the forms) or an operator (reading
// only): the thread (messages, the question asked, the reply form), the files (and the upload
// form) and the customer notice. The page routes (GET /api/tickets/{n}, POST …/view) and the
// status page's form posts (a reply, a file, a notice proposed or approved) answer with it.
//
// The reporter's forms are plain forms (no JavaScript needed), so the page must give them a
// credential, and no response ever carries the token the reporter brought: the page gets an access
// token of its own, in the HttpOnly, SameSite=Strict status cookie for this ticket's paths, which
// the forms' posts send back (a page that came with that cookie keeps it), and every form carries
// the CSRF token derived from it (a hidden field), which httpRoute checks on each such post. No
// token is in the page or in a URL, and a post from another site carries neither.

import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { AppServices } from '../composition';
import { PAGE_TOKEN_LIFETIME_MS } from '../services/accessTokens';
import type { NoticeCaller } from '../services/customerNotices';
import { renderFilesSection, type FilesFeedback } from '../web/filesSection';
import { renderNoticeSection, type NoticeFeedback } from '../web/noticeSection';
import type { ThreadView } from '../web/pages';
import { csrfTokenFor, statusCookie, statusCookieToken, statusPageResponse, threadView } from './statusPages';

/** A page's token rides in its cookie for as long as it opens the ticket. */
const PAGE_COOKIE_SECONDS = PAGE_TOKEN_LIFETIME_MS / 1000;

/** The status page of `confirmationNumber` for `caller`; TicketNotFound (404) for a wrong token. */
export async function statusPageFor(
  services: AppServices,
  confirmationNumber: string,
  caller: NoticeCaller,
  request: HttpRequest,
  options: {
    confirmation?: { accessToken: string };
    feedback?: NoticeFeedback;
    /** a reply refused (the text kept) or just sent */
    reply?: Pick<ThreadView, 'reply' | 'sent'>;
    /** a file just added from the page, or refused */
    files?: FilesFeedback;
    status?: number;
    headers?: Record<string, string>;
  } = {},
): Promise<HttpResponseInit> {
  const ticket =
    caller.kind === 'operator'
      ? await services.tickets.getForOperator(confirmationNumber)
      : await services.tickets.getForReporter(confirmationNumber, caller.token);
  // The reporter's page holds a token of its own: the cookie's when the request came with it, else a new one.
  const keepsCookie = caller.kind === 'reporter' && statusCookieToken(request) === caller.token;
  const pageToken = caller.kind === 'operator' ? null : keepsCookie ? caller.token : await services.tickets.issuePageToken(ticket.confirmationNumber);
  const csrf = pageToken === null ? {} : { csrf: csrfTokenFor(pageToken) };
  const notice = await services.notices.get(confirmationNumber, caller);
  const noticeSection = renderNoticeSection({
    confirmationNumber: ticket.confirmationNumber,
    notice,
    locale: ticket.reporter.locale,
    viewer: caller.kind === 'operator' ? { kind: 'operator' } : { kind: 'reporter' },
    timeZone: services.settings.calendar.timeZone,
    ...csrf,
    ...(options.feedback ? { feedback: options.feedback } : {}),
  });
  const filesSection = renderFilesSection({
    confirmationNumber: ticket.confirmationNumber,
    files: await services.evidence.list(ticket.confirmationNumber, caller),
    locale: ticket.reporter.locale,
    canUpload: caller.kind === 'reporter',
    timeZone: services.settings.calendar.timeZone,
    ...csrf,
    ...(options.files ? { feedback: options.files } : {}),
  });
  const thread = await threadView(services.correspondence, ticket, caller, { ...options.reply, ...csrf });
  const page = statusPageResponse(ticket, services.settings, {
    ...(options.confirmation ? { confirmation: options.confirmation } : {}),
    thread,
    noticeSection,
    filesSection,
    ...(options.status !== undefined ? { status: options.status } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  if (pageToken === null || keepsCookie) return page;
  return { ...page, cookies: [statusCookie(request, ticket.confirmationNumber, pageToken, PAGE_COOKIE_SECONDS)] };
}
