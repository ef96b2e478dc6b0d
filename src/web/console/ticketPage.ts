// A ticket in the console: where it stands (with the time left to acknowledge it), the whole report
// as the operators' API gives it (description, CVE, CVSS vector with score and severity,
// mitigation, customer notification, the reporter's contact and language), a form for every step
// the team may take now, the thread with internal notes marked, the evidence files with their
// upload form (src/web/console/filesSection.ts), the customer notice with its versions and
// comparison (src/web/noticeSection.ts, read as an operator), and the timeline in the team's words (src/web/timeline.ts). After a step: a short confirmation; after a refusal or a
// conflict: what happened, what changed meanwhile, and the form with what was typed. Pure.

import { type HistoryEntry } from '../../domain/ticket';
import { cvssScoreText } from '../cvssWords';
import { escapeHtml } from '../html';
import { categoryKey, fill, type Messages, messagesFor, outcomeKey, priorityKey, severityKey } from '../i18n';
import { renderNoticeSection } from '../noticeSection';
import { formatInstantBesideUtc } from '../presentation';
import { renderTimelineItems, timelineSentence } from '../timeline';
import {
  type ActionInput,
  actionFieldId,
  actionFormId,
  actionTitle,
  type ConsoleAction,
  type FieldIssue,
  fieldIssueText,
  hasFormFor,
  renderActionForms,
} from './actionForms';
import type { ConsoleTicket, CustomerNotice, Message } from './consoleData';
import { type ConsoleMessages, consoleMessagesFor, operatorTimelineWords } from './consoleMessages';
import { CONSOLE_PATH, type ConsoleSession, renderConsoleDocument } from './consoleLayout';
import { missedDeadline } from '../../domain/queue';
import { consoleStatusLabel } from './queuePage';
import { type FilesOutcome, renderFilesSection } from './filesSection';
import { durationWords, timeLeft, timeLeftWords } from './timeLeft';
import type { EvidenceFile } from '../../domain/evidenceFile';

/** How the last action turned out, for the page that answers it. */
export type ActionOutcome =
  /** done: the page after the 303 says so */
  | { kind: 'done'; action: ConsoleAction }
  /** someone else acted first: the entries after the operator's version (409) */
  | { kind: 'conflict'; input: ActionInput; changes: readonly HistoryEntry[] }
  /** the step is not possible as things stand, or must wait */
  | { kind: 'refused'; input: ActionInput; reason: { code: 'transition' } | { code: 'notice' } | { code: 'limit'; retryAfterSeconds: number } }
  /** a field must be otherwise */
  | { kind: 'invalid'; input: ActionInput; issues: readonly FieldIssue[] };

export interface TicketPageArgs {
  session: ConsoleSession;
  now: Date;
  /** the support calendar's zone, for the instants shown (default UTC) */
  timeZone?: string;
  ticket: ConsoleTicket;
  /** the whole thread, internal notes too, oldest first */
  messages: readonly Message[];
  notice: CustomerNotice;
  outcome?: ActionOutcome;
  /** the ticket's evidence files, oldest first, with their scans as far as known */
  files?: readonly EvidenceFile[];
  /** how an upload or a download just turned out */
  filesOutcome?: FilesOutcome;
}

/** The ticket page. */
export function renderTicketPage(args: TicketPageArgs): string {
  const { ticket, session } = args;
  const locale = session.language;
  const c = consoleMessagesFor(locale);
  const t = messagesFor(locale);
  const when = (iso: string): string => `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatInstantBesideUtc(iso, locale, args.timeZone ?? 'UTC'))}</time>`;
  const number = escapeHtml(ticket.confirmationNumber);
  const outcome = args.outcome;
  const kept = outcome && outcome.kind !== 'done' ? outcome.input : undefined;

  const body = `<p><a href="${CONSOLE_PATH}">${escapeHtml(c['ticket.back'])}</a></p>
<h1 id="ticket-title">${fill(escapeHtml(c['ticket.title']), { number: `<span class="mono">${number}</span>` })}: ${escapeHtml(ticket.summary)}</h1>
${outcome ? renderOutcome(outcome, args, c, when) : ''}
${missedDeadline(ticket, args.now) ? `<p class="notice warning" id="ticket-breach"><span class="mark breach">${escapeHtml(c['mark.breach'])}</span> ${escapeHtml(c['ticket.breach'])}</p>` : ''}
<nav aria-label="${escapeHtml(c['toc.label'])}" class="hint">
<a href="#report-title">${escapeHtml(c['report.title'])}</a> · <a href="#actions-title">${escapeHtml(c['actions.title'])}</a> · <a href="#thread-title">${escapeHtml(c['thread.title'])}</a> · <a href="#files-title">${escapeHtml(t['files.title'])}</a> · <a href="#notice-title">${escapeHtml(c['toc.notice'])}</a> · <a href="#timeline-title">${escapeHtml(c['history.title'])}</a>
</nav>
${renderFacts(args, c, t, when)}
${renderReport(ticket, c, t)}
<section class="console-section" aria-labelledby="actions-title">
<h2 id="actions-title">${escapeHtml(c['actions.title'])}</h2>
${kept && !hasFormFor(kept, ticket, args.notice) ? renderUnsent(kept, ticket, c) : ''}
<div class="action-forms">
${renderActionForms({ ticket, notice: args.notice, locale, csrf: session.csrf, ...(kept ? { kept } : {}), ...(outcome?.kind === 'invalid' ? { issues: outcome.issues } : {}) })}
</div>
</section>
${renderThread(args.messages, ticket, c, when)}
${renderFilesSection({ confirmationNumber: ticket.confirmationNumber, files: args.files ?? [], locale, csrf: session.csrf, c, when, ...(args.filesOutcome ? { outcome: args.filesOutcome } : {}) })}
${renderNoticeSection({ confirmationNumber: ticket.confirmationNumber, notice: args.notice, locale, viewer: { kind: 'operator' }, timeZone: args.timeZone ?? 'UTC' })}
<section class="console-section timeline" aria-labelledby="timeline-title">
<h2 id="timeline-title">${escapeHtml(c['history.title'])}</h2>
<ol class="timeline-list">
${renderTimelineItems(ticket.history, ticket, locale, when, operatorTimelineWords(locale))}
</ol>
</section>`;

  return renderConsoleDocument({ session, title: fill(c['ticket.title'], { number: ticket.confirmationNumber }), body });
}

function renderOutcome(outcome: ActionOutcome, args: TicketPageArgs, c: ConsoleMessages, when: (iso: string) => string): string {
  const locale = args.session.language;
  switch (outcome.kind) {
    case 'done':
      return `<p class="notice ok" id="action-done" role="status">${escapeHtml(c[`done.${outcome.action}`])}</p>`;
    case 'conflict': {
      const words = operatorTimelineWords(locale);
      const items = outcome.changes
        .map(
          (entry) =>
            `<li>${when(entry.at)}: ${escapeHtml(timelineSentence(entry, locale, null, words))}${entry.note ? ` <q>${escapeHtml(entry.note)}</q>` : ''}</li>`,
        )
        .join('\n');
      return `<div class="error-summary" id="action-conflict" role="alert" aria-labelledby="action-conflict-title">
<h2 id="action-conflict-title">${escapeHtml(c['conflict.title'])}</h2>
<p>${escapeHtml(c['conflict.intro'])}</p>
<ol id="conflict-changes">
${items}
</ol>
<p>${escapeHtml(c['conflict.kept'])} <a href="#${keptAt(outcome.input, args)}">${escapeHtml(actionTitle(outcome.input.action, args.ticket, c))}</a></p>
</div>`;
    }
    case 'refused': {
      const reason = outcome.reason;
      const text =
        reason.code === 'transition'
          ? fill(c['refused.transition'], { status: consoleStatusLabel(args.ticket.status, c) })
          : reason.code === 'notice'
            ? fill(c['refused.notice'], { version: args.notice.version })
            : fill(c['refused.limit'], { minutes: Math.max(1, Math.ceil(reason.retryAfterSeconds / 60)) });
      return `<div class="error-summary" id="action-refused" role="alert"><p>${escapeHtml(text)}</p></div>`;
    }
    case 'invalid': {
      const action = outcome.input.action;
      const items = outcome.issues
        .map((issue) => `<li><a href="#${actionFieldId(action, issue.field)}">${escapeHtml(fieldIssueText(issue, locale))}</a></li>`)
        .join('\n');
      return `<div class="error-summary" id="action-invalid" role="alert">
<p>${escapeHtml(fill(c['invalid.summary'], { form: actionTitle(action, args.ticket, c) }))}</p>
<ul>
${items}
</ul>
</div>`;
    }
  }
}

// Where what was typed is now: its form, or (the form gone) the box that shows it, or nothing to keep.
function keptAt(input: ActionInput, args: TicketPageArgs): string {
  if (hasFormFor(input, args.ticket, args.notice)) return actionFormId(input.action);
  return typedTexts(input).length > 0 ? 'unsent-input' : 'actions-title';
}

function typedTexts(input: ActionInput): string[] {
  return Object.entries(input.values)
    .filter(([name, value]) => ['note', 'body', 'text'].includes(name) && value.trim() !== '')
    .map(([, value]) => value);
}

// A conflict can take the form away (someone else acknowledged first): what was typed is shown to
// copy, so nothing of it is lost.
function renderUnsent(input: ActionInput, ticket: ConsoleTicket, c: ConsoleMessages): string {
  const texts = typedTexts(input);
  if (texts.length === 0) return '';
  return `<div class="notice" id="unsent-input"><p>${escapeHtml(actionTitle(input.action, ticket, c))}:</p>
${texts.map((value) => `<p class="report-text">${escapeHtml(value)}</p>`).join('\n')}
</div>`;
}

function fact(term: string, valueHtml: string, id?: string): string {
  return `<div><dt>${escapeHtml(term)}</dt><dd${id ? ` id="${id}"` : ''}>${valueHtml}</dd></div>`;
}

function renderFacts(args: TicketPageArgs, c: ConsoleMessages, t: Messages, when: (iso: string) => string): string {
  const { ticket, now } = args;
  const locale = args.session.language;
  const unacknowledged = ticket.acknowledgedAt === null;
  const left = timeLeft(ticket.acknowledgeBy, now);
  const acknowledged = ticket.acknowledgedAt
    ? (() => {
        const late = timeLeft(ticket.acknowledgeBy, new Date(ticket.acknowledgedAt));
        const verdict = late.overdue ? fill(c['fact.late'], { span: durationWords(late.minutes, locale) }) : c['fact.inTime'];
        return fact(c['fact.acknowledgedAt'], `${when(ticket.acknowledgedAt)}, ${escapeHtml(verdict)}`);
      })()
    : '';
  return `<section class="console-section" aria-labelledby="facts-title">
<h2 id="facts-title">${escapeHtml(c['ticket.facts'])}</h2>
<dl class="facts">
${fact(c['fact.status'], `<strong>${escapeHtml(consoleStatusLabel(ticket.status, c))}</strong>`, 'ticket-status')}
${unacknowledged ? fact(c['fact.timeLeft'], `<span${left.overdue ? ' class="overdue"' : ''}>${escapeHtml(timeLeftWords(ticket.acknowledgeBy, now, locale))}</span>`, 'ticket-time-left') : ''}
${fact(c['fact.acknowledgeBy'], when(ticket.acknowledgeBy))}
${acknowledged}
${fact(c['fact.priority'], escapeHtml(ticket.priority ? t[priorityKey(ticket.priority)] : c['fact.notYet']), 'ticket-priority')}
${fact(c['fact.severity'], escapeHtml(ticket.severity ? t[severityKey(ticket.severity)] : c['fact.notYet']), 'ticket-severity')}
${fact(c['fact.outcome'], escapeHtml(ticket.outcome ? t[outcomeKey(ticket.outcome)] : c['fact.open']), 'ticket-outcome')}
${fact(c['fact.category'], escapeHtml(t[categoryKey(ticket.category)]))}
${fact(c['fact.offer'], `<span class="mono">${escapeHtml(ticket.offerId)}</span>`)}
${fact(c['fact.submittedAt'], when(ticket.submittedAt))}
</dl>
</section>`;
}

function renderReport(ticket: ConsoleTicket, c: ConsoleMessages, t: Messages): string {
  const cvss = ticket.cvss
    ? `${escapeHtml(cvssScoreText(ticket.cvss, t))}<br>
<span class="mono" id="report-vector">${escapeHtml(ticket.cvssVector ?? '')}</span>`
    : escapeHtml(c['report.noCvss']);
  const mitigation = ticket.mitigation.available
    ? `${escapeHtml(c['report.mitigationSteps'])}<p class="report-text" id="report-mitigation">${escapeHtml(ticket.mitigation.steps ?? '')}</p>`
    : escapeHtml(c['report.mitigationNone']);
  const reporter = ticket.reporter;
  return `<section class="console-section" aria-labelledby="report-title">
<h2 id="report-title">${escapeHtml(c['report.title'])}</h2>
<dl class="facts">
${fact(c['report.summary'], escapeHtml(ticket.summary))}
${fact(c['report.description'], `<p class="report-text" id="report-description">${escapeHtml(ticket.description)}</p>`)}
${fact(c['report.cve'], ticket.cveId ? `<span class="mono" id="report-cve">${escapeHtml(ticket.cveId)}</span>` : escapeHtml(c['report.noCve']))}
${fact(c['report.cvss'], cvss, 'report-cvss')}
${fact(c['report.mitigation'], mitigation)}
${fact(c['report.notification'], escapeHtml(ticket.customerNotification.requested ? c['report.notificationRequested'] : c['report.notificationNotRequested']))}
${fact(c['report.reporter'], escapeHtml(reporter.name), 'report-reporter')}
${fact(c['report.email'], `<span class="mono">${escapeHtml(reporter.email)}</span>`, 'report-email')}
${fact(c['report.language'], escapeHtml(c[`language.${reporter.locale}`]), 'report-language')}
</dl>
</section>`;
}

function renderThread(messages: readonly Message[], ticket: ConsoleTicket, c: ConsoleMessages, when: (iso: string) => string): string {
  const open = ticket.status === 'awaiting-reporter' ? ticket.thread?.openRequest?.messageId : undefined;
  const items = messages
    .map((m) => {
      const kind = m.kind === 'message' ? '' : ` · <span class="message-tag">${escapeHtml(c[`thread.kind.${m.kind}`])}</span>`;
      const waiting = m.id === open ? ` · <span class="message-tag">${escapeHtml(c['thread.open'])}</span>` : '';
      return `<li class="message from-${m.author}${m.kind === 'internal-note' ? ' internal' : ''}" id="m-${escapeHtml(m.id)}" data-kind="${m.kind}">
<p class="message-meta"><span class="message-author">${escapeHtml(c[`thread.author.${m.author}`])}</span> · ${when(m.at)}${kind}${waiting}</p>
<p class="message-body">${escapeHtml(m.body)}</p>
</li>`;
    })
    .join('\n');
  return `<section class="console-section thread" aria-labelledby="thread-title">
<h2 id="thread-title">${escapeHtml(c['thread.title'])}</h2>
<p class="hint">${escapeHtml(c['thread.intro'])}</p>
${messages.length ? `<ol class="message-list" id="message-list">\n${items}\n</ol>` : `<p id="thread-empty">${escapeHtml(c['thread.empty'])}</p>`}
</section>`;
}
