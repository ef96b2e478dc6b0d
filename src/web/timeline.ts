// The ticket's history as the reporter reads it: one sentence per event in the reader's language,
// never an internal code. What an email was about, who proposed a notice, and a resolution's
// outcome are said in words; an operator's note is shown beside as the operator wrote it.
// Told to the reporter by default; the operators' console tells it in its own words (the same
// keys, src/web/console/consoleMessages.ts). Pure: the pages render it, the tests read it.

import type { HistoryEntry, Ticket } from '../domain/ticket';
import type { Locale, NotifiableEvent, Outcome } from '../domain/vocabulary';
import { escapeHtml } from './html';
import { fill, type MessageKey, type Messages, messagesFor, outcomeKey } from './i18n';

/** Events said differently by who did them (`by`); without it, in the passive. */
const BY_EITHER_SIDE = new Set<HistoryEntry['event']>(['customer-notice-proposed', 'customer-notice-approved', 'attachment-added']);

/** What an email was about, in the reader's words ("report acknowledged"). */
export function emailAboutWords(about: NotifiableEvent | undefined, locale: Locale, t: Messages = messagesFor(locale)): string {
  const key = `timeline.about.${about ?? 'unknown'}`;
  return key in t ? t[key as MessageKey] : t['timeline.about.unknown'];
}

/**
 * The sentence for one history entry in `locale`. `outcome`: the ticket's outcome, for a
 * resolution recorded before entries carried their own (the latest resolution only). `t`: the
 * words it is told in, the reporter's by default.
 */
export function timelineSentence(entry: HistoryEntry, locale: Locale, outcome?: Outcome | null, t: Messages = messagesFor(locale)): string {
  switch (entry.event) {
    case 'resolved': {
      const said = entry.outcome ?? outcome ?? null;
      return said ? fill(t['timeline.resolved.outcome'], { outcome: t[outcomeKey(said)] }) : t['timeline.resolved'];
    }
    case 'notification-sent':
    case 'notification-failed':
    case 'notification-held-back':
      return fill(t[`timeline.${entry.event}`], { about: emailAboutWords(entry.about, locale, t) });
    default:
      if (BY_EITHER_SIDE.has(entry.event) && entry.by) return t[`timeline.${entry.event}.${entry.by}` as MessageKey];
      return t[`timeline.${entry.event}`];
  }
}

/**
 * The timeline's list items, oldest first: each event's time (`when` renders a `<time>`), its
 * sentence and an operator's note. Only the latest resolution takes the ticket's outcome.
 */
export function renderTimelineItems(
  history: readonly HistoryEntry[],
  ticket: Pick<Ticket, 'outcome'>,
  locale: Locale,
  when: (iso: string) => string,
  t: Messages = messagesFor(locale),
): string {
  const lastResolution = history.map((e) => e.event).lastIndexOf('resolved');
  return history
    .map((entry, i) => {
      const sentence = timelineSentence(entry, locale, i === lastResolution ? ticket.outcome : null, t);
      const note = entry.note ? `<p class="note">${fill(escapeHtml(t['timeline.note']), { note: escapeHtml(entry.note) })}</p>` : '';
      const warning = entry.event === 'sla-breached' || entry.event === 'notification-failed' || entry.event === 'notification-held-back';
      return `<li class="event${warning ? ' warning' : ''}" data-event="${escapeHtml(entry.event)}">${when(entry.at)}<p class="event-text">${escapeHtml(sentence)}</p>${note}</li>`;
    })
    .join('\n');
}
