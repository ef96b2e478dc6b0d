// The console's queue: the open tickets in the queue's order (missed deadlines first), each with the
// time left to acknowledge it in words, what is new since the operator's last look, the filters
// and the find box as plain GET forms, and paging by the queue's continuation token. Marks are
// words (with a sign), never colour alone. The page works without JavaScript; the console's script
// refreshes the list in place and announces new tickets in the live region. Pure: data in, HTML out.

import { missedDeadline } from '../../domain/queue';
import { CATEGORIES, SEVERITIES, TICKET_STATUSES, type Locale, type Severity, type TicketStatus } from '../../domain/vocabulary';
import { escapeHtml } from '../html';
import { categoryKey, fill, messagesFor, priorityKey, severityKey } from '../i18n';
import type { QueueEntry, QueueFilter, QueuePage } from './consoleData';
import { type ConsoleMessages, consoleMessagesFor } from './consoleMessages';
import { CONSOLE_PATH, consoleTicketPath, consoleTime, type ConsoleSession, renderConsoleDocument } from './consoleLayout';
import { timeLeftWords } from './timeLeft';

// The open statuses in the lifecycle's order, then the resolved tickets (a list of their own).
const FILTER_STATUSES: readonly TicketStatus[] = [...TICKET_STATUSES.filter((s) => s !== 'resolved'), 'resolved'];

/** The queue's query parameters: the filters, the find box and the continuation token. */
export const QUEUE_PARAMS = {
  status: 'status',
  category: 'category',
  severity: 'severity',
  breached: 'breached',
  query: 'q',
  continuationToken: 'continuationToken',
} as const;

export interface QueuePageArgs {
  session: ConsoleSession;
  /** the instant the page is rendered at: the time left is counted from it */
  now: Date;
  /** the support calendar's zone, for the instants shown (default UTC) */
  timeZone?: string;
  filter: QueueFilter;
  /** the queue's page, or with `query` what the find box found */
  page: QueuePage;
  /** the continuation token this page was read with; absent on the first page */
  continuationToken?: string;
  /** what was typed into the find box */
  query?: string;
  /** when the operator last looked at the queue (ISO 8601); entries since then are marked */
  lastLook?: string | null;
}

/** What is new to an operator who last looked at `lastLook`: submitted since, or changed since. */
export function sinceLastLook(entry: Pick<QueueEntry, 'submittedAt' | 'updatedAt'>, lastLook: string | null | undefined): 'new' | 'changed' | null {
  if (!lastLook) return null;
  const seen = Date.parse(lastLook);
  if (Date.parse(entry.submittedAt) > seen) return 'new';
  return Date.parse(entry.updatedAt) > seen ? 'changed' : null;
}

/** The queue's address with these filters (and a continuation token, for the next page). */
export function queueHref(filter: QueueFilter, continuationToken?: string): string {
  const query = new URLSearchParams();
  if (filter.status) query.set(QUEUE_PARAMS.status, filter.status);
  if (filter.category) query.set(QUEUE_PARAMS.category, filter.category);
  if (filter.severity) query.set(QUEUE_PARAMS.severity, filter.severity);
  if (filter.breached !== undefined) query.set(QUEUE_PARAMS.breached, String(filter.breached));
  if (continuationToken) query.set(QUEUE_PARAMS.continuationToken, continuationToken);
  const text = query.toString();
  return text ? `${CONSOLE_PATH}?${text}` : CONSOLE_PATH;
}

/** What the queue's address asks for: the filters, a page after the first, or a search. */
export interface QueueQuery {
  filter: QueueFilter;
  continuationToken?: string;
  /** what was typed into the find box, trimmed; absent when it is empty */
  query?: string;
}

/**
 * The queue's address read back (the inverse of queueHref and of the forms' fields): an empty
 * field is no filter (the forms send "any" so); a value that is none of the field's options is
 * refused with the field's name. Other parameters are ignored.
 */
export function readQueueQuery(params: URLSearchParams): { ok: true; value: QueueQuery } | { ok: false; field: string } {
  const given = (name: string): string | undefined => {
    const value = params.get(name)?.trim() ?? '';
    return value === '' ? undefined : value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T | undefined | null => {
    const value = given(name);
    if (value === undefined) return undefined;
    return (allowed as readonly string[]).includes(value) ? (value as T) : null;
  };
  const status = oneOf(QUEUE_PARAMS.status, TICKET_STATUSES);
  const category = oneOf(QUEUE_PARAMS.category, CATEGORIES);
  const severity = oneOf(QUEUE_PARAMS.severity, SEVERITIES);
  const breached = oneOf(QUEUE_PARAMS.breached, ['true', 'false'] as const);
  const continuationToken = given(QUEUE_PARAMS.continuationToken);
  const query = given(QUEUE_PARAMS.query);
  const wrong = [
    [QUEUE_PARAMS.status, status === null],
    [QUEUE_PARAMS.category, category === null],
    [QUEUE_PARAMS.severity, severity === null],
    [QUEUE_PARAMS.breached, breached === null],
    [QUEUE_PARAMS.continuationToken, (continuationToken?.length ?? 0) > 2048],
    [QUEUE_PARAMS.query, (query?.length ?? 0) > 200],
  ] as const;
  const field = wrong.find(([, bad]) => bad)?.[0];
  if (field !== undefined) return { ok: false, field };
  const filter: QueueFilter = {
    ...(status ? { status } : {}),
    ...(category ? { category } : {}),
    ...(severity ? { severity } : {}),
    ...(breached ? { breached: breached === 'true' } : {}),
  };
  return { ok: true, value: { filter, ...(continuationToken ? { continuationToken } : {}), ...(query ? { query } : {}) } };
}

/** The status's words for the team ("Waiting for the reporter"). */
export function consoleStatusLabel(status: TicketStatus, c: ConsoleMessages): string {
  return c[`status.${status}`];
}

/** The queue page. */
export function renderQueuePage(args: QueuePageArgs): string {
  const locale = args.session.language;
  const c = consoleMessagesFor(locale);
  const when = consoleTime(locale, args.timeZone);
  const finding = args.query !== undefined && args.query.trim() !== '';
  const resolved = args.filter.status === 'resolved';
  const items = args.page.items;

  const heading = finding ? fill(c['find.title'], { query: args.query ?? '' }) : resolved ? c['queue.titleResolved'] : c['queue.title'];
  const intro = finding ? (items.length >= 50 ? c['find.limit'] : '') : resolved ? c['queue.introResolved'] : c['queue.intro'];
  const empty = finding ? fill(c['find.none'], { query: args.query ?? '' }) : resolved ? c['queue.emptyResolved'] : c['queue.empty'];

  const list =
    items.length === 0
      ? `<p id="queue-empty">${escapeHtml(empty)}</p>`
      : `<ol class="queue" id="queue-list" aria-label="${escapeHtml(c['queue.listLabel'])}">\n${items.map((e) => renderEntry(e, args, c, when)).join('\n')}\n</ol>`;

  const body = `<h1 id="queue-title">${escapeHtml(heading)}</h1>
${intro ? `<p class="hint">${escapeHtml(intro)}</p>` : ''}
${finding ? '' : renderSinceLastLook(items, args.lastLook, c, when)}
<p class="hint" id="queue-live" role="status" aria-live="polite" data-new-one="${escapeHtml(c['live.newOne'])}" data-new-many="${escapeHtml(c['live.newMany'])}"></p>
<div class="console-tools">
${renderFilters(args.filter, locale, c)}
${renderFind(args.query ?? '', c)}
</div>
<div id="queue" data-refresh="${escapeHtml(finding ? '' : queueHref(args.filter, args.continuationToken))}">
${list}
</div>
${finding ? `<p><a href="${escapeHtml(CONSOLE_PATH)}">${escapeHtml(c['find.back'])}</a></p>` : renderPaging(args, c)}`;

  return renderConsoleDocument({ session: args.session, title: heading, body, current: 'queue', script: true });
}

function renderEntry(entry: QueueEntry, args: QueuePageArgs, c: ConsoleMessages, when: (iso: string) => string): string {
  const locale = args.session.language;
  const t = messagesFor(locale);
  const breach = missedDeadline(entry, args.now);
  const since = sinceLastLook(entry, args.lastLook);
  const marks = [
    entry.exploitation === 'active' ? `<span class="mark active">${escapeHtml(c['mark.active'])}</span>` : '',
    breach ? `<span class="mark breach">${escapeHtml(c['mark.breach'])}</span>` : '',
    since ? `<span class="mark ${since}">${escapeHtml(c[`mark.${since}`])}</span>` : '',
  ].join('');
  const fact = (term: string, value: string): string => `<div><dt>${escapeHtml(term)}</dt><dd>${value}</dd></div>`;
  const deadline =
    entry.acknowledgedAt === null && entry.status !== 'resolved'
      ? fact(
          c['entry.timeLeft'],
          `<span class="time-left${breach ? ' overdue' : ''}">${escapeHtml(timeLeftWords(entry.acknowledgeBy, args.now, locale))}</span> (${fill(escapeHtml(c['entry.acknowledgeBy']), { when: when(entry.acknowledgeBy) })})`,
        )
      : entry.acknowledgedAt
        ? fact(c['entry.acknowledged'], when(entry.acknowledgedAt))
        : '';
  const severity = entry.severity
    ? fact(c['entry.severity'], escapeHtml(t[severityKey(entry.severity)]))
    : entry.cvssSeverity
      ? fact(c['entry.cvss'], escapeHtml(t[severityKey(entry.cvssSeverity)]))
      : '';
  const facts = [
    deadline,
    fact(c['entry.status'], escapeHtml(consoleStatusLabel(entry.status, c))),
    severity,
    entry.priority ? fact(c['entry.priority'], escapeHtml(t[priorityKey(entry.priority)])) : '',
    fact(c['entry.category'], escapeHtml(t[categoryKey(entry.category)])),
    fact(c['entry.offer'], `<span class="mono">${escapeHtml(entry.offerId)}</span>`),
    entry.cveId ? fact(c['entry.cve'], `<span class="mono">${escapeHtml(entry.cveId)}</span>`) : '',
    fact(c['entry.updated'], when(entry.updatedAt)),
  ].filter((f) => f !== '');
  const number = escapeHtml(entry.confirmationNumber);
  return `<li class="queue-item${breach ? ' breach' : ''}" data-confirmation-number="${number}" data-submitted-at="${escapeHtml(entry.submittedAt)}">
<h2><a href="${escapeHtml(consoleTicketPath(entry.confirmationNumber))}"><span class="mono">${number}</span> – ${escapeHtml(entry.summary)}</a></h2>
${marks ? `<p class="marks">${marks}</p>\n` : ''}<dl class="queue-facts">
${facts.join('\n')}
</dl>
</li>`;
}

function renderSinceLastLook(items: readonly QueueEntry[], lastLook: string | null | undefined, c: ConsoleMessages, when: (iso: string) => string): string {
  if (!lastLook) return '';
  const seen = items.map((e) => sinceLastLook(e, lastLook));
  const fresh = seen.filter((s) => s === 'new').length;
  const changed = seen.filter((s) => s === 'changed').length;
  if (fresh === 0 && changed === 0) return '';
  const parts: string[] = [];
  if (fresh > 0) parts.push(fill(escapeHtml(c[fresh === 1 ? 'queue.newOne' : 'queue.newMany']), { n: fresh, when: when(lastLook) }));
  if (changed > 0) parts.push(fill(escapeHtml(c[changed === 1 ? 'queue.changedOne' : 'queue.changedMany']), { n: changed }));
  return `<p class="notice ok" id="queue-since">${parts.join(' ')}</p>`;
}

function renderFilters(filter: QueueFilter, locale: Locale, c: ConsoleMessages): string {
  const t = messagesFor(locale);
  const select = (name: string, label: string, options: { value: string; label: string }[], chosen: string | undefined, hint?: string): string => {
    const id = `filter-${name}`;
    return `<div class="field">
<label for="${id}">${escapeHtml(label)}</label>
${hint ? `<p class="hint" id="${id}-hint">${escapeHtml(hint)}</p>\n` : ''}<select id="${id}" name="${name}"${hint ? ` aria-describedby="${id}-hint"` : ''}>
${options.map((o) => `<option value="${escapeHtml(o.value)}"${o.value === (chosen ?? '') ? ' selected' : ''}>${escapeHtml(o.label)}</option>`).join('\n')}
</select>
</div>`;
  };
  const any = { value: '', label: c['filter.any'] };
  return `<form method="get" action="${CONSOLE_PATH}" class="filters" aria-labelledby="filter-title">
<h2 id="filter-title">${escapeHtml(c['filter.title'])}</h2>
<div class="filter-fields">
${select(QUEUE_PARAMS.status, c['filter.status'], [{ value: '', label: c['filter.status.open'] }, ...FILTER_STATUSES.map((s) => ({ value: s, label: consoleStatusLabel(s, c) }))], filter.status)}
${select(QUEUE_PARAMS.category, c['filter.category'], [any, ...CATEGORIES.map((k) => ({ value: k, label: t[categoryKey(k)] }))], filter.category)}
${select(QUEUE_PARAMS.severity, c['filter.severity'], [any, ...SEVERITIES.map((s: Severity) => ({ value: s, label: t[severityKey(s)] }))], filter.severity, c['filter.severityHint'])}
${select(
  QUEUE_PARAMS.breached,
  c['filter.breach'],
  [any, { value: 'true', label: c['filter.breach.yes'] }, { value: 'false', label: c['filter.breach.no'] }],
  filter.breached === undefined ? undefined : String(filter.breached),
)}
</div>
<div class="actions">
<button type="submit" class="primary">${escapeHtml(c['filter.apply'])}</button>
<a href="${CONSOLE_PATH}">${escapeHtml(c['filter.reset'])}</a>
</div>
</form>`;
}

function renderFind(query: string, c: ConsoleMessages): string {
  return `<form method="get" action="${CONSOLE_PATH}" class="find" role="search" aria-labelledby="find-title">
<h2 id="find-title">${escapeHtml(c['find.label'])}</h2>
<div class="field">
<label for="find-q" class="visually-hidden">${escapeHtml(c['find.label'])}</label>
<p class="hint" id="find-q-hint">${escapeHtml(c['find.hint'])}</p>
<input type="search" id="find-q" name="${QUEUE_PARAMS.query}" value="${escapeHtml(query)}" maxlength="200" autocomplete="off" spellcheck="false" aria-describedby="find-q-hint">
</div>
<div class="actions"><button type="submit" class="secondary">${escapeHtml(c['find.submit'])}</button></div>
</form>`;
}

function renderPaging(args: QueuePageArgs, c: ConsoleMessages): string {
  const links: string[] = [];
  if (args.page.continuationToken) {
    links.push(`<a id="queue-next" rel="next" href="${escapeHtml(queueHref(args.filter, args.page.continuationToken))}">${escapeHtml(c['queue.next'])}</a>`);
  }
  if (args.continuationToken) links.push(`<a id="queue-first" href="${escapeHtml(queueHref(args.filter))}">${escapeHtml(c['queue.first'])}</a>`);
  return links.length ? `<nav class="paging" aria-label="${escapeHtml(c['queue.paging'])}">\n${links.join('\n')}\n</nav>` : '';
}
