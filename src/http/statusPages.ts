// The status page as an HTTP answer: to the email's link (GET /api/tickets/{n} from a browser),
// to the access code typed into the page that asks for it (POST /api/tickets/{n}/view), and the
// asking page itself. Every answer is no-store with the pages' security headers, and none puts a
// token into a URL: the Functions host records request URLs, query included.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { Cookie, HttpRequest, HttpResponseInit } from '@azure/functions';
import { openQuestion, visibleMessages } from '../domain/thread';
import type { Locale } from '../domain/ticket';
import type { Settings } from '../settings';
import type { Correspondence } from '../services/correspondence';
import type { TicketWithHistory } from '../services/ticketService';
import { renderCsrfRefusedPage, renderReplyCodePage, renderStatusPage, renderTokenPage, type ThreadView } from '../web/pages';
import { publicTicket } from '../web/presentation';
import { PAGE_HEADERS } from '../web/securityHeaders';
import { readSmallForm } from './formPost';

/**
 * The ticket's status page; with `confirmation` it opens with the confirmation and the link to
 * keep, with `thread` it shows the messages (and the reply form), with `noticeSection` the
 * customer notice's markup; `status` and `headers` for a refused form post shown on the page
 * (400, 409, 429).
 */
export function statusPageResponse(
  ticket: TicketWithHistory,
  settings: Pick<Settings, 'calendar' | 'webOrigin'>,
  options: {
    confirmation?: { accessToken: string };
    thread?: ThreadView;
    noticeSection?: string;
    filesSection?: string;
    status?: number;
    headers?: Record<string, string>;
  } = {},
): HttpResponseInit {
  const { confirmation, thread } = options;
  const html = renderStatusPage({
    ticket: { ...publicTicket(ticket), history: ticket.history },
    locale: ticket.reporter.locale,
    justSubmitted: confirmation !== undefined,
    ...(confirmation ? { accessToken: confirmation.accessToken } : {}),
    timeZone: settings.calendar.timeZone,
    ...(settings.webOrigin ? { webOrigin: settings.webOrigin } : {}),
    ...(thread ? { thread } : {}),
    ...(options.noticeSection !== undefined ? { noticeSection: options.noticeSection } : {}),
    ...(options.filesSection !== undefined ? { filesSection: options.filesSection } : {}),
  });
  return { status: options.status ?? 200, headers: { ...PAGE_HEADERS, ...options.headers }, body: html };
}

/**
 * What the status page shows of the ticket's thread: the messages its reporter may see (an
 * operator reading the page sees the reporter's page), the question asked, and for the reporter
 * the reply form (with the page's CSRF token, `extra.csrf`).
 */
export async function threadView(
  correspondence: Correspondence,
  ticket: TicketWithHistory,
  reader: { kind: 'operator' } | { kind: 'reporter'; token: string },
  extra: Pick<ThreadView, 'reply' | 'sent' | 'csrf'> = {},
): Promise<ThreadView> {
  const who = reader.kind === 'operator' ? { author: 'operator' as const } : { author: 'reporter' as const, token: reader.token };
  const messages = visibleMessages(await correspondence.messages(ticket.confirmationNumber, who), 'reporter');
  return {
    messages,
    question: openQuestion(ticket, messages),
    canReply: reader.kind === 'reporter',
    ...extra,
  };
}

/**
 * The page that asks for the access code: 200 for a browser that came without one (it knows
 * nothing of the ticket, so it is the same for any well-formed number), 400 when the form came back empty.
 */
export function tokenPageResponse(confirmationNumber: string, locale: Locale, options: { missing?: boolean } = {}): HttpResponseInit {
  return {
    status: options.missing ? 400 : 200,
    headers: PAGE_HEADERS,
    body: renderTokenPage({ confirmationNumber, locale, ...(options.missing ? { missing: true } : {}) }),
  };
}

/**
 * The reply form again, for a reply posted without JavaScript whose access code was missing (400)
 * or opens nothing (404, whatever the number): the text kept, the error at the code, nothing of the ticket.
 */
export function replyCodePageResponse(confirmationNumber: string, locale: Locale, body: string, error: 'tokenMissing' | 'tokenWrong'): HttpResponseInit {
  return {
    status: error === 'tokenMissing' ? 400 : 404,
    headers: PAGE_HEADERS,
    body: renderReplyCodePage({ confirmationNumber, locale, body, error }),
  };
}

const MAX_TOKEN_FORM_BYTES = 4 * 1024;

/** The access code of the asking page's form post (`token`), or null when it is blank; 415/413 as problems. */
export async function readTokenEntry(request: HttpRequest): Promise<string | null> {
  const fields = await readSmallForm(request, {
    maxBytes: MAX_TOKEN_FORM_BYTES,
    detail: 'Send the access code as application/x-www-form-urlencoded (field token).',
  });
  return tokenFromEntry(fields.get('token') ?? '');
}

/**
 * What the reporter typed as the access code: the code itself, or a whole status link pasted from
 * the email (`…#token=…`, or an older `…?token=…`), whose token is taken. Null when blank.
 */
export function tokenFromEntry(entry: string): string | null {
  const trimmed = entry.trim();
  const inLink = /(?:^|[#?&])token=([^&#\s]*)/.exec(trimmed);
  let token = inLink ? inLink[1]! : trimmed;
  try {
    token = decodeURIComponent(token);
  } catch {
    // Not percent-encoded after all: as typed.
  }
  return token === '' ? null : token;
}

// After a plain form post (no JavaScript) the 303 leads to the status page with the confirmation.
// The token rode in that URL's query before, and so into the host's logs; now it rides in this
// cookie: HttpOnly, only for this ticket's paths, for a few minutes, and read only for the page
// (GET with Accept: text/html). SameSite=Strict, as every cookie of this service: when the form is
// on another site (Static Web Apps) the redirected GET is cross-site and does not carry it, so a
// reporter without JavaScript there sees the page that asks for the access code instead (README).
const STATUS_COOKIE = 'status-token';
const STATUS_COOKIE_SECONDS = 10 * 60;

/**
 * The cookie that carries a new ticket's token to its status page after a plain form post, or a
 * status page's own token to the page's forms (the customer notice's: `seconds` longer, for
 * writing a text).
 */
export function statusCookie(request: HttpRequest, confirmationNumber: string, accessToken: string, seconds = STATUS_COOKIE_SECONDS): Cookie {
  return {
    name: STATUS_COOKIE,
    value: accessToken,
    path: `/api/tickets/${encodeURIComponent(confirmationNumber)}`,
    maxAge: seconds,
    httpOnly: true,
    sameSite: 'Strict',
    secure: cookieSecureFor(request),
  };
}

/** Whether a cookie of ours is Secure: wherever it can be, https and any name but loopback (plain http there keeps working locally). */
export function cookieSecureFor(request: Pick<HttpRequest, 'url'>): boolean {
  const url = new URL(request.url);
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\./.test(url.hostname);
  return url.protocol === 'https:' || !loopback;
}

/** The token of the status cookie the request carries, or null. */
export function statusCookieToken(request: HttpRequest): string | null {
  for (const pair of (request.headers.get('cookie') ?? '').split(';')) {
    const [name, ...value] = pair.split('=');
    if (name?.trim() === STATUS_COOKIE) return value.join('=').trim() || null;
  }
  return null;
}

// Every state-changing form of the status page posts with the status cookie's page token, and so
// carries a CSRF token too (the house rule for cookies): a hidden `csrf` field derived from the
// page token, which only a page that holds the token can write. SameSite=Strict keeps other sites'
// posts from carrying the cookie already; the field holds even where a browser would not.

/** The CSRF token of the status page whose cookie carries `pageToken`: base64url(SHA-256("csrf\n" + pageToken)). */
export function csrfTokenFor(pageToken: string): string {
  return createHash('sha256').update(`csrf\n${pageToken}`, 'utf8').digest('base64url');
}

/** Whether `given` is the CSRF token of `pageToken`, compared in constant time. */
export function csrfMatches(pageToken: string, given: string | null): boolean {
  if (given === null) return false;
  const expected = Buffer.from(csrfTokenFor(pageToken), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The CSRF token a status page form posted (its hidden `csrf` field), or null. */
export function formCsrf(fields: URLSearchParams): string | null {
  const csrf = fields.get('csrf')?.trim() ?? '';
  return csrf === '' ? null : csrf;
}

/**
 * The answer to a status page form posted with the status cookie but without its CSRF token (or
 * with a wrong one): 403, in the reader's language, leading back to the status page. Nothing was stored.
 */
export function csrfRefusedPageResponse(confirmationNumber: string, locale: Locale): HttpResponseInit {
  return { status: 403, headers: PAGE_HEADERS, body: renderCsrfRefusedPage({ confirmationNumber, locale }) };
}
