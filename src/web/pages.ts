// Server-rendered pages for the path without JavaScript (and the status link in every email):
// the status page, with the confirmation on top right after a form post, and the page that asks
// for the access code (the problem page is problemPage.ts). Pure functions from data to an HTML
// string; every text that did not come from our own string table goes through escapeHtml.

import type { CvssScore } from '../domain/cvss';
import { confirmationEmailState, type ConfirmationEmailState, type HistoryEntry, type Locale } from '../domain/ticket';
import { TICKET_STATUSES } from '../domain/vocabulary';
import { escapeHtml } from './html';
import { categoryKey, fill, formUrl, type Messages, messagesFor, outcomeKey, priorityKey, severityKey, stateKey } from './i18n';
import { renderDocument } from './layout';
import { formatInstantBesideUtc, type PublicTicket } from './presentation';
import { renderTimelineItems } from './timeline';
import { statusPath, ticketPath } from '../services/statusLink';

/** The ticket as GET /api/tickets/{n} answers it (openapi/openapi.json, TicketWithHistory): its public fields and its history. */
export type TicketView = PublicTicket & { history: HistoryEntry[] };

// The status link is the notifier's too: its one home is src/services/statusLink.ts.
export { statusPath };

/** The status page's script, served by the app (src/functions/statusPageScript.ts). */
export const STATUS_PAGE_SCRIPT_PATH = '/api/status-page.js';

/** Where the page that asks for the access code posts it (src/functions/viewTicket.ts). */
export function tokenFormAction(confirmationNumber: string): string {
  return `${ticketPath(confirmationNumber)}/view`;
}

const STATUS_PAGE_SCRIPT = `<script src="${STATUS_PAGE_SCRIPT_PATH}" defer></script>\n`;

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
  /** the customer notice's section (src/web/noticeSection.ts), markup, shown between the status and the timeline */
  noticeSection?: string;
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
<dl class="facts">
${fact(t['status.status'], `<strong id="ticket-status">${escapeHtml(t[stateKey(ticket.status)])}</strong>`)}
${fact(t['status.priority'], ticket.priority ? escapeHtml(t[priorityKey(ticket.priority)]) : escapeHtml(t['status.notYet']))}
${fact(t['status.severity'], ticket.severity ? escapeHtml(t[severityKey(ticket.severity)]) : escapeHtml(t['status.notYet']))}
${fact(t['status.outcome'], ticket.outcome ? escapeHtml(t[outcomeKey(ticket.outcome)]) : escapeHtml(t['status.open']))}
${fact(t['status.cvss'], ticket.cvss ? renderCvss(ticket.cvss, t) : escapeHtml(t['status.noCvss']))}
${fact(t['status.category'], escapeHtml(t[categoryKey(ticket.category)]))}
${fact(t['status.offer'], `<span class="mono">${escapeHtml(ticket.offerId)}</span>`)}
${fact(t['status.summary'], escapeHtml(ticket.summary))}
${fact(t['status.submittedAt'], when(ticket.submittedAt))}
${fact(t['status.acknowledgeBy'], when(ticket.acknowledgeBy))}
${ticket.acknowledgedAt ? fact(t['status.acknowledgedAt'], when(ticket.acknowledgedAt)) : ''}
</dl>
</section>
${args.noticeSection ?? ''}
<section class="timeline" aria-labelledby="timeline-title">
<h2 id="timeline-title">${escapeHtml(t['status.timeline'])}</h2>
<ol class="timeline-list">
${renderTimelineItems(ticket.history, ticket, locale, when)}
</ol>
</section>
<p><a href="${escapeHtml(formHref)}">${escapeHtml(t['status.newReport'])}</a></p>`;

  const title = args.justSubmitted ? `${t['confirm.title']}: ${ticket.confirmationNumber}` : fill(t['status.title'], { number: ticket.confirmationNumber });
  return renderDocument({ locale, title, body: `${confirmation}\n${status}`, stylesheet: 'embed', head: STATUS_PAGE_SCRIPT });
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
    head: STATUS_PAGE_SCRIPT,
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

function renderCvss(cvss: CvssScore, t: Messages): string {
  return escapeHtml(
    fill(t['cvss.live.score'], {
      score: cvss.baseScore.toFixed(1),
      severity: t[severityKey(cvss.severity)],
      version: cvss.version,
    }),
  );
}

function renderSteps(ticket: TicketView, t: Messages): string {
  const current = ticket.status;
  const reached = TICKET_STATUSES.indexOf(current);
  // acknowledged -> resolved may skip the investigation; then it is no step of this ticket.
  const skipped = current === 'resolved' && !ticket.history.some((e) => e.event === 'investigating');
  return `<ol class="steps">
${TICKET_STATUSES.filter((s) => !(skipped && s === 'investigating'))
  .map((s) => {
    const index = TICKET_STATUSES.indexOf(s);
    const state = s === current ? 'current' : index < reached ? 'done' : 'todo';
    return `<li class="step ${state}"${s === current ? ' aria-current="step"' : ''}>${escapeHtml(t[stateKey(s)])}</li>`;
  })
  .join('\n')}
</ol>`;
}
