// Server-rendered pages for the path without JavaScript (and the status link in every email):
// the status page, with the confirmation on top right after a form post, and the page that asks
// for the access code (the problem page is problemPage.ts). Pure functions from data to an HTML
// string; every text that did not come from our own string table goes through escapeHtml.

import type { CvssScore } from '../domain/cvss';
import { confirmationEmailState, type ConfirmationEmailState, type HistoryEntry, type Locale } from '../domain/ticket';
import { LIFECYCLE_STEPS, type LifecycleStep } from '../domain/vocabulary';
import { MESSAGE_BODY_MAX, type Message } from '../domain/thread';
import { cvssScoreText } from './cvssWords';
import { csrfField, escapeHtml } from './html';
import { disclosureState } from '../domain/publicDisclosure';
import { categoryKey, exploitationKey, fill, formUrl, type Messages, messagesFor, outcomeKey, priorityKey, severityKey, stateKey } from './i18n';
import { renderDocument } from './layout';
import { pageScriptSrc } from './pageScripts';
import { formatCalendarDate, formatInstantBesideUtc, type PublicTicket } from './presentation';
import { renderTimelineItems } from './timeline';
import { statusPath, ticketPath } from '../services/statusLink';

/** The ticket as GET /api/tickets/{n} answers it (openapi/openapi.json, TicketWithHistory): its public fields and its history. */
export type TicketView = PublicTicket & { history: HistoryEntry[] };

/** What the status page shows of the thread (renderThread). */
export interface ThreadView {
  /** the messages the reporter may see, oldest first */
  messages: Message[];
  /** the question the reporter is asked to answer (the open information request), if any */
  question?: Message | null;
  /** whether the reader may reply here: the reporter (an operator reading the page gets no form) */
  canReply?: boolean;
  /** a refused reply: the text as it was typed, and why */
  reply?: { body: string; error: ReplyError };
  /** right after a reply was sent */
  sent?: boolean;
  /**
   * the CSRF token of the page's own token (in the status cookie), which the reply form posts with;
   * without it (no page token) the form asks for the access code instead
   */
  csrf?: string;
}

/** Why a reply was refused, in the words of the reply form. */
export type ReplyError =
  | { code: 'required' | 'blank' | 'invalid' | 'resolved' | 'failed' | 'tokenMissing' | 'tokenWrong' }
  | { code: 'too_long'; length: number }
  | { code: 'limit'; retryAfterSeconds: number };

// The status link is the notifier's too: its one home is src/services/statusLink.ts.
export { statusPath };

/** The status page's script, served by the app (src/functions/statusPageScript.ts). */
export const STATUS_PAGE_SCRIPT_PATH = '/api/status-page.js';

/** Where the page that asks for the access code posts it (src/functions/viewTicket.ts). */
export function tokenFormAction(confirmationNumber: string): string {
  return `${ticketPath(confirmationNumber)}/view`;
}

// Named with its content's hash (src/web/pageScripts.ts), so the browser keeps it between pages.
const statusPageScript = (): string => `<script src="${escapeHtml(pageScriptSrc(STATUS_PAGE_SCRIPT_PATH))}" defer></script>\n`;

/**
 * The status page of a ticket. With `justSubmitted` it opens with the confirmation (number,
 * deadline, the advice to quote the number, and with `accessToken` the link to keep). Instants are
 * shown in `timeZone` (IANA name; default UTC, since the server does not know the reader's zone).
 */
export function renderStatusPage(args: {
  ticket: TicketView;
  locale: Locale;
  justSubmitted?: boolean;
  accessToken?: string;
  timeZone?: string;
  /** origin of the site with the form when it is not this one (Static Web Apps), e.g. https://x.azurestaticapps.net */
  webOrigin?: string;
  /** the thread, the question asked and the reply form */
  thread?: ThreadView;
  /** the customer notice's section (src/web/noticeSection.ts), markup, shown between the thread and the timeline */
  noticeSection?: string;
  /** the files' section (src/web/filesSection.ts), markup, shown after the thread */
  filesSection?: string;
}): string {
  const { ticket, locale } = args;
  const formHref = formUrl(locale, args.webOrigin);
  const t = messagesFor(locale);
  // In the support calendar's zone (UTC by default), named, with UTC beside; the page's script
  // shows them in the reader's own zone where the browser tells it (web/src/statusPage.ts).
  const when = (iso: string): string => `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatInstantBesideUtc(iso, locale, args.timeZone ?? 'UTC'))}</time>`;
  const number = escapeHtml(ticket.confirmationNumber);

  const confirmation = args.justSubmitted
    ? `<section class="confirmation" aria-labelledby="confirm-title">
<h1 id="confirm-title">${escapeHtml(t['confirm.title'])}</h1>
<div class="number-box">
<p class="number-label" id="confirm-number-label">${escapeHtml(t['confirm.numberLabel'])}</p>
<p class="number" id="confirmation-number">${number}</p>
</div>
<p class="quote">${escapeHtml(t['confirm.quote'])}</p>
<p class="deadline">${fill(escapeHtml(t['confirm.deadline']), { deadline: when(ticket.acknowledgeBy) })}</p>
<p>${escapeHtml(t['confirm.email'])}</p>
${
  args.accessToken
    ? `<p>${escapeHtml(t['confirm.keepLink'])} <a id="status-link" href="${escapeHtml(statusPath(ticket.confirmationNumber, args.accessToken))}">${escapeHtml(t['confirm.statusLink'])}</a></p>
<p class="hint">${escapeHtml(t['confirm.statusLinkHint'])}</p>`
    : ''
}
</section>`
    : '';

  const heading = args.justSubmitted ? 'h2' : 'h1';
  const status = `<section class="status" aria-labelledby="status-title">
<${heading} id="status-title">${fill(escapeHtml(t['status.heading']), { number: `<span class="mono">${number}</span>` })}</${heading}>
${renderSteps(ticket, t)}
${ticket.slaBreached ? `<p class="notice warning" id="sla-breached">${escapeHtml(t['status.slaBreached'])}</p>` : ''}
${args.justSubmitted ? '' : renderConfirmationEmail(confirmationEmailState(ticket.history), t)}
<p class="next">${escapeHtml(t[`status.next.${ticket.status}`])}</p>
${args.thread ? renderQuestion(ticket, args.thread, t, when) : ''}
<dl class="facts">
${fact(t['status.status'], `<strong id="ticket-status">${escapeHtml(t[stateKey(ticket.status)])}</strong>`)}
${fact(t['status.priority'], ticket.priority ? escapeHtml(t[priorityKey(ticket.priority)]) : escapeHtml(t['status.notYet']))}
${fact(t['status.severity'], ticket.severity ? escapeHtml(t[severityKey(ticket.severity)]) : escapeHtml(t['status.notYet']))}
${fact(t['status.outcome'], ticket.outcome ? escapeHtml(t[outcomeKey(ticket.outcome)]) : escapeHtml(t['status.open']))}
${fact(t['status.cvss'], ticket.cvss ? renderCvss(ticket.cvss, t) : escapeHtml(t['status.noCvss']))}
${fact(t['status.exploitation'], `<span id="ticket-exploitation">${escapeHtml(t[exploitationKey(ticket.exploitation)])}</span>`)}
${fact(t['status.publicDisclosure'], `<span id="ticket-disclosure">${escapeHtml(disclosureText(ticket, locale))}</span>`)}
${fact(t['status.category'], escapeHtml(t[categoryKey(ticket.category)]))}
${fact(t['status.offer'], `<span class="mono">${escapeHtml(ticket.offerId)}</span>`)}
${fact(t['status.summary'], escapeHtml(ticket.summary))}
${fact(t['status.submittedAt'], when(ticket.submittedAt))}
${fact(t['status.acknowledgeBy'], when(ticket.acknowledgeBy))}
${ticket.acknowledgedAt ? fact(t['status.acknowledgedAt'], when(ticket.acknowledgedAt)) : ''}
</dl>
</section>
${args.thread ? renderThread(ticket, args.thread, locale, when) : ''}
${args.filesSection ?? ''}
${args.noticeSection ?? ''}
<section class="timeline" aria-labelledby="timeline-title">
<h2 id="timeline-title">${escapeHtml(t['status.timeline'])}</h2>
<ol class="timeline-list">
${renderTimelineItems(ticket.history, ticket, locale, when)}
</ol>
</section>
<p><a href="${escapeHtml(formHref)}">${escapeHtml(t['status.newReport'])}</a></p>`;

  const title = args.justSubmitted ? `${t['confirm.title']}: ${ticket.confirmationNumber}` : fill(t['status.title'], { number: ticket.confirmationNumber });
  return renderDocument({ locale, title, body: `${confirmation}\n${status}`, stylesheet: 'embed', head: statusPageScript() });
}

/**
 * The status page of a ticket for a browser that brought no credential: a form asking for the
 * access code from the email, posted to tokenFormAction. With JavaScript the page's script takes
 * the code from the link's `#token=` instead and shows `token.loading` meanwhile. `missing`: the
 * form came back empty.
 */
export function renderTokenPage(args: { confirmationNumber: string; locale: Locale; missing?: boolean }): string {
  const t = messagesFor(args.locale);
  const number = escapeHtml(args.confirmationNumber);
  const error = args.missing ? `<p class="field-error" id="f-token-error">${escapeHtml(t['token.missing'])}</p>\n` : '';
  const described = args.missing ? 'f-token-hint f-token-error' : 'f-token-hint';
  const body = `<section class="token-entry" aria-labelledby="token-title">
<h1 id="token-title">${fill(escapeHtml(t['token.title']), { number: `<span class="mono">${number}</span>` })}</h1>
<p class="hint" id="token-loading" role="status" hidden>${escapeHtml(t['token.loading'])}</p>
<p class="notice warning" id="token-failed" role="alert" hidden>${escapeHtml(t['token.failed'])}</p>
<form id="token-form" method="post" action="${escapeHtml(tokenFormAction(args.confirmationNumber))}">
<p>${escapeHtml(t['token.intro'])}</p>
<div class="field">
<label for="f-token">${escapeHtml(t['token.label'])}</label>
<p class="hint" id="f-token-hint">${escapeHtml(t['token.hint'])}</p>
${error}<input type="text" id="f-token" name="token" required aria-required="true" autocomplete="off" autocapitalize="off" spellcheck="false" aria-describedby="${described}"${args.missing ? ' aria-invalid="true"' : ''}>
</div>
<div class="actions">
<button type="submit" class="primary">${escapeHtml(t['token.submit'])}</button>
</div>
</form>
</section>`;
  return renderDocument({
    locale: args.locale,
    title: fill(t['status.title'], { number: args.confirmationNumber }),
    body,
    stylesheet: 'embed',
    head: statusPageScript(),
  });
}

/** A line about the confirmation email while it is not simply sent: the reporter keeps the number meanwhile. */
function renderConfirmationEmail(state: ConfirmationEmailState, t: Messages): string {
  if (state === 'sent') return '';
  const text = state === 'queued' ? t['status.email.queued'] : state === 'failed' ? t['status.email.failed'] : t['status.email.held-back'];
  return `<p class="notice${state === 'queued' ? '' : ' warning'}" id="confirmation-email">${escapeHtml(text)}</p>`;
}

function fact(term: string, valueHtml: string): string {
  return `<div><dt>${escapeHtml(term)}</dt><dd>${valueHtml}</dd></div>`;
}

// The reporter's own date; one on or before the day of the report said the details were public already.
function disclosureText(ticket: TicketView, locale: Locale): string {
  const t = messagesFor(locale);
  if (ticket.publicDisclosure === null) return t['status.disclosure.none'];
  const date = formatCalendarDate(ticket.publicDisclosure, locale);
  return disclosureState(ticket.publicDisclosure, ticket.submittedAt) === 'public' ? fill(t['status.disclosure.public'], { date }) : date;
}

function renderCvss(cvss: CvssScore, t: Messages): string {
  return escapeHtml(cvssScoreText(cvss, t));
}

function renderSteps(ticket: TicketView, t: Messages): string {
  // Waiting for the reporter's answer is part of the investigation.
  const current: LifecycleStep = ticket.status === 'awaiting-reporter' ? 'investigating' : ticket.status;
  const reached = LIFECYCLE_STEPS.indexOf(current);
  // acknowledged -> resolved may skip the investigation; then it is no step of this ticket.
  const skipped = current === 'resolved' && !ticket.history.some((e) => e.status === 'investigating' || e.status === 'awaiting-reporter');
  return `<ol class="steps">
${LIFECYCLE_STEPS.filter((s) => !(skipped && s === 'investigating'))
  .map((s) => {
    const index = LIFECYCLE_STEPS.indexOf(s);
    const state = s === current ? 'current' : index < reached ? 'done' : 'todo';
    return `<li class="step ${state}"${s === current ? ' aria-current="step"' : ''}>${escapeHtml(t[stateKey(s)])}</li>`;
  })
  .join('\n')}
</ol>`;
}

// ---------------------------------------------------------------------------------------------
// The thread: the question the reporter is asked, the messages, and the reply form. The form
// works without JavaScript (a plain post with the token as a field, answered by this page again);
// the page's script sends it in place (web/src/statusPage.ts). Every message text is escaped.

/** The id of the reply form's text field, which a refusal points to and the page focuses. */
const REPLY_FIELD_ID = 'reply-body';

/** Where the reply form posts (src/functions/ticketMessages.ts). */
export function messagesPath(confirmationNumber: string): string {
  return `${ticketPath(confirmationNumber)}/messages`;
}

/** The DOM id of a message on the page, which the answer to a sent reply leads to. */
export function messageAnchor(messageId: string): string {
  return `m-${messageId}`;
}

function renderQuestion(ticket: TicketView, thread: ThreadView, t: Messages, when: (iso: string) => string): string {
  const question = ticket.status === 'awaiting-reporter' ? thread.question : null;
  if (!question) return '';
  return `<section class="question" id="question" aria-labelledby="question-title">
<h2 id="question-title">${escapeHtml(t['question.title'])}</h2>
<p>${fill(escapeHtml(t['question.intro']), { when: when(question.at) })}</p>
<p class="message-body" id="question-text">${escapeHtml(question.body)}</p>
</section>`;
}

function renderThread(ticket: TicketView, thread: ThreadView, locale: Locale, when: (iso: string) => string): string {
  const t = messagesFor(locale);
  const items = thread.messages.map((m) => renderMessage(m, t, when)).join('\n');
  return `<section class="thread" id="thread" aria-labelledby="thread-title">
<h2 id="thread-title">${escapeHtml(t['thread.title'])}</h2>
<p class="hint">${escapeHtml(t['thread.intro'])}</p>
${thread.messages.length > 0 ? `<ol class="message-list" id="message-list">\n${items}\n</ol>` : `<p id="thread-empty">${escapeHtml(t['thread.empty'])}</p>`}
${thread.canReply ? renderReplyForm(ticket, thread, locale) : ''}
</section>`;
}

function renderMessage(m: Message, t: Messages, when: (iso: string) => string): string {
  const tag = m.kind === 'information-request' ? ` · <span class="message-tag">${escapeHtml(t['thread.question'])}</span>` : '';
  return `<li class="message from-${m.author}" id="${escapeHtml(messageAnchor(m.id))}">
<p class="message-meta"><span class="message-author">${escapeHtml(t[`thread.author.${m.author}`])}</span> · ${when(m.at)}${tag}</p>
<p class="message-body">${escapeHtml(m.body)}</p>
</li>`;
}

function renderReplyForm(ticket: TicketView, thread: ThreadView, locale: Locale): string {
  const t = messagesFor(locale);
  if (ticket.status === 'resolved') return `<p class="notice" id="reply-closed">${escapeHtml(t['reply.closed'])}</p>`;
  const title = ticket.status === 'awaiting-reporter' ? t['reply.titleAnswer'] : t['reply.title'];
  return `<form id="reply-form" method="post" action="${escapeHtml(messagesPath(ticket.confirmationNumber))}" accept-charset="utf-8" aria-labelledby="reply-title" data-sending="${escapeHtml(t['reply.sending'])}" data-failed="${escapeHtml(t['reply.error.failed'])}">
<h3 id="reply-title">${escapeHtml(title)}</h3>
${thread.csrf === undefined ? '' : `${csrfField(thread.csrf)}\n`}${replyFields(thread.reply, locale, { code: thread.csrf === undefined })}
<div class="actions">
<button type="submit" class="primary">${escapeHtml(t['reply.submit'])}</button>
<p class="reply-status" id="reply-status" role="status">${thread.sent ? escapeHtml(t['reply.sent']) : ''}</p>
</div>
</form>`;
}

/**
 * The page for a reply whose form came without a valid access code (no JavaScript): the same two
 * fields, the text kept, the error at the code. It shows nothing of the ticket.
 */
export function renderReplyCodePage(args: { confirmationNumber: string; locale: Locale; body: string; error: 'tokenMissing' | 'tokenWrong' }): string {
  const t = messagesFor(args.locale);
  const body = `<section class="token-entry" aria-labelledby="reply-code-title">
<h1 id="reply-code-title">${fill(escapeHtml(t['replyCode.title']), { number: `<span class="mono">${escapeHtml(args.confirmationNumber)}</span>` })}</h1>
<p>${escapeHtml(t['replyCode.intro'])}</p>
<form id="reply-form" method="post" action="${escapeHtml(messagesPath(args.confirmationNumber))}" accept-charset="utf-8" aria-labelledby="reply-code-title">
${replyFields({ body: args.body, error: { code: args.error } }, args.locale, { code: true })}
<div class="actions">
<button type="submit" class="primary">${escapeHtml(t['reply.submit'])}</button>
</div>
</form>
</section>`;
  return renderDocument({
    locale: args.locale,
    title: fill(t['replyCode.title'], { number: args.confirmationNumber }),
    body,
    stylesheet: 'embed',
    head: statusPageScript(),
  });
}

/**
 * The page for a status page form posted with the status cookie but without its CSRF token (or a
 * wrong one): what happened, that nothing was saved, and the way back to the status page (its
 * address reads the cookie, or asks for the access code).
 */
export function renderCsrfRefusedPage(args: { confirmationNumber: string; locale: Locale }): string {
  const t = messagesFor(args.locale);
  const body = `<section class="problem" aria-labelledby="problem-title">
<h1 id="problem-title">${escapeHtml(t['csrf.title'])}</h1>
<div class="error-summary" role="alert">
<p>${escapeHtml(t['csrf.intro'])}</p>
</div>
<p><a class="button-link" id="csrf-back" href="${escapeHtml(ticketPath(args.confirmationNumber))}">${escapeHtml(t['csrf.back'])}</a></p>
</section>`;
  return renderDocument({ locale: args.locale, title: t['csrf.title'], body, stylesheet: 'embed' });
}

// The reply's fields: the text and, where the page holds no token of its own (`code`), the access
// code. No answer carries the reporter's token: the status page's forms post with the page's token
// in the status cookie and its CSRF token; when that cookie is gone (it expired while the page was
// open) the answer is the reply code page, where the reporter gives the code with the message, as
// when opening the page. The page's script sends the token it holds instead and hides the code
// field. A refusal sits beside its field, which takes the focus, so a keyboard or screen-reader
// user lands there.
function replyFields(reply: ThreadView['reply'], locale: Locale, options: { code: boolean }): string {
  const t = messagesFor(locale);
  const error = reply ? replyErrorText(reply.error, locale) : null;
  const atCode = reply?.error.code === 'tokenMissing' || reply?.error.code === 'tokenWrong';
  const max = MESSAGE_BODY_MAX.toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB');
  const bodyError = error && !atCode ? error : null;
  const codeError = error && atCode ? error : null;
  const describedBody = bodyError ? `${REPLY_FIELD_ID}-hint ${REPLY_FIELD_ID}-error` : `${REPLY_FIELD_ID}-hint`;
  return `<div class="field">
<label for="${REPLY_FIELD_ID}">${escapeHtml(t['reply.label'])}</label>
<p class="hint" id="${REPLY_FIELD_ID}-hint">${escapeHtml(fill(t['reply.hint'], { max }))}</p>
${bodyError ? `<p class="field-error" id="${REPLY_FIELD_ID}-error">${escapeHtml(bodyError)}</p>\n` : ''}<textarea id="${REPLY_FIELD_ID}" name="body" rows="8" required aria-required="true" maxlength="${MESSAGE_BODY_MAX}" aria-describedby="${describedBody}"${bodyError ? ' aria-invalid="true" autofocus' : ''}>${escapeHtml(reply?.body ?? '')}</textarea>
</div>${options.code ? codeField(codeError, locale) : ''}`;
}

function codeField(codeError: string | null, locale: Locale): string {
  const t = messagesFor(locale);
  const describedCode = codeError ? 'reply-token-hint reply-token-error' : 'reply-token-hint';
  return `
<div class="field" id="reply-token-field">
<label for="reply-token">${escapeHtml(t['reply.tokenLabel'])}</label>
<p class="hint" id="reply-token-hint">${escapeHtml(t['reply.tokenHint'])}</p>
${codeError ? `<p class="field-error" id="reply-token-error">${escapeHtml(codeError)}</p>\n` : ''}<input type="text" id="reply-token" name="token" required aria-required="true" autocomplete="off" autocapitalize="off" spellcheck="false" aria-describedby="${describedCode}"${codeError ? ' aria-invalid="true" autofocus' : ''}>
</div>`;
}

/** A refused reply in the reader's words. */
export function replyErrorText(error: ReplyError, locale: Locale): string {
  const t = messagesFor(locale);
  const number = (n: number): string => n.toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB');
  switch (error.code) {
    case 'too_long':
      return fill(t['reply.error.too_long'], { max: number(MESSAGE_BODY_MAX), length: number(error.length) });
    case 'limit':
      return fill(t['reply.error.limit'], { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) });
    default:
      return t[`reply.error.${error.code}`];
  }
}
