// The timeline the reporter reads: a sentence in their language for every history event of the
// contract, never an internal code, and on a German page no English.

import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src/domain/ticket';
import { HISTORY_EVENTS, LOCALES, NOTIFIABLE_EVENTS, OUTCOMES, PARTIES } from '../../src/domain/vocabulary';
import { formatInstantBesideUtc } from '../../src/web/presentation';
import { emailAboutWords, renderTimelineItems, timelineSentence } from '../../src/web/timeline';
import { visibleText } from './support/visibleText';

const at = '2025-03-07T10:15:00.000Z';
const CODES = [...HISTORY_EVENTS, ...OUTCOMES, ...PARTIES];
const ENGLISH = /\b(the|you|your|we|was|were|report|email|sent|received|message|notice|file|to)\b/i;

/** Every entry a history can hold: each event, with each `by`, each email's `about` and each outcome. */
function everyEntry(): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const event of HISTORY_EVENTS) {
    const entry: HistoryEntry = { at, event, status: 'investigating' };
    entries.push(entry);
    if (event.startsWith('notification-')) for (const about of NOTIFIABLE_EVENTS) entries.push({ ...entry, about });
    if (event === 'resolved') for (const outcome of OUTCOMES) entries.push({ ...entry, status: 'resolved', outcome });
    for (const by of PARTIES) entries.push({ ...entry, by });
  }
  return entries;
}

/** Words of a sentence that spell a code: an event or outcome name, or a placeholder left over. */
function codesIn(sentence: string): string[] {
  const found = CODES.filter((code) => new RegExp(`(^|[^\\p{L}-])${code}([^\\p{L}-]|$)`, 'u').test(sentence) && code.includes('-'));
  return /[{}]/.test(sentence) ? [...found, 'placeholder'] : found;
}

describe('the timeline sentences', () => {
  it.each(LOCALES)('say every event of the contract in words, in %s, never an internal code', (locale) => {
    for (const entry of everyEntry()) {
      const sentence = timelineSentence(entry, locale);
      expect(sentence, JSON.stringify(entry)).toMatch(/^\p{Lu}.*\.$/u);
      expect(codesIn(sentence), `${JSON.stringify(entry)}: ${sentence}`).toEqual([]);
    }
  });

  it('are German on a German page, with no English word in them', () => {
    for (const entry of everyEntry()) {
      const de = timelineSentence(entry, 'de');
      expect(de, JSON.stringify(entry)).not.toMatch(ENGLISH);
      expect(de).not.toBe(timelineSentence(entry, 'en'));
    }
  });

  it('say what an email was about, and who proposed or approved a customer notice', () => {
    const sent: HistoryEntry = { at, event: 'notification-sent', status: 'acknowledged', about: 'acknowledged' };
    expect(timelineSentence(sent, 'en')).toBe('Email sent to you: report acknowledged.');
    expect(timelineSentence(sent, 'de')).toBe('E-Mail an Sie versendet: Meldung bestätigt.');
    expect(timelineSentence({ ...sent, event: 'notification-held-back', about: 'message-sent' }, 'en')).toBe(
      'An email to you was held back, because too many went to your address within an hour: a message from the team.',
    );
    const proposed: HistoryEntry = { at, event: 'customer-notice-proposed', status: 'investigating', by: 'reporter' };
    expect(timelineSentence(proposed, 'en')).toBe('You proposed a version of the customer notice.');
    expect(timelineSentence({ ...proposed, by: 'operator' }, 'de')).toBe('Das Team hat eine Fassung der Kundenmitteilung vorgeschlagen.');
    expect(emailAboutWords(undefined, 'en')).toBe('an update on your report');
  });

  it('tell a resolution with its outcome, and each resolution of a reopened ticket with its own', () => {
    const history: HistoryEntry[] = [
      { at, event: 'submitted', status: 'submitted' },
      { at, event: 'resolved', status: 'resolved', outcome: 'no-action' },
      { at, event: 'reopened', status: 'investigating', note: 'The fix did not hold <really>.' },
      { at, event: 'resolved', status: 'resolved' },
    ];
    const text = visibleText(renderTimelineItems(history, { outcome: 'revise-offer' }, 'en', () => ''));
    expect(text).toContain('We closed the report. Outcome: No action needed.');
    expect(text).toContain('The team reopened the report.');
    expect(text).toContain('Note from the team: The fix did not hold <really>.');
    expect(text).toContain('We closed the report. Outcome: The offer needs to be revised.');
    const html = renderTimelineItems(history, { outcome: 'revise-offer' }, 'de', () => '');
    expect(html).toContain('&lt;really&gt;');
    expect(visibleText(html)).toContain('Wir haben die Meldung abgeschlossen. Ergebnis: Keine Maßnahme nötig.');
  });

  it('tell a reporter a missed deadline as an apology, not as an internal flag', () => {
    const entry: HistoryEntry = { at, event: 'sla-breached', status: 'submitted' };
    expect(timelineSentence(entry, 'en')).toBe('We did not acknowledge your report within one business day as promised. The team was alerted.');
  });
});

describe('an instant beside UTC', () => {
  it('names the zone and puts the UTC time beside, but not twice for UTC itself', () => {
    expect(formatInstantBesideUtc(at, 'en', 'America/New_York')).toBe('Friday, 7 March 2025 at 05:15 GMT-5 (7 Mar, 10:15 UTC)');
    expect(formatInstantBesideUtc(at, 'de', 'Europe/Berlin')).toBe('Freitag, 7. März 2025 um 11:15 MEZ (7. März, 10:15 UTC)');
    expect(formatInstantBesideUtc(at, 'en', 'UTC')).toBe('Friday, 7 March 2025 at 10:15 UTC');
  });
});
