// How an instant reads on the pages and in the emails, in the reader's language and a time zone.
// Pure Intl, no string table: the status page's script (web/src/statusPage.ts) bundles it alone.
// Everything else reads it through presentation.ts.

import type { Locale } from '../domain/vocabulary';

const INSTANT: Intl.DateTimeFormatOptions = {
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};

// Building a DateTimeFormat costs far more than formatting with one (it loads the locale's and the
// zone's data), and every email and page shows a few instants in one of two languages and a zone
// or two: one formatter per language and zone, made once, with the zone it really shows.
const FORMATTERS = new Map<string, { format: Intl.DateTimeFormat; timeZone: string | undefined }>();

function formatterFor(locale: Locale, timeZone: string | undefined): { format: Intl.DateTimeFormat; timeZone: string | undefined } {
  const key = `${locale} ${timeZone ?? ''}`;
  let found = FORMATTERS.get(key);
  if (!found) {
    const language = locale === 'de' ? 'de-DE' : 'en-GB';
    // An unknown zone name falls back to UTC rather than failing the page or the email (settings check the SLA zone at start-up).
    try {
      found = { format: new Intl.DateTimeFormat(language, { ...INSTANT, timeZone }), timeZone };
    } catch {
      found = { format: new Intl.DateTimeFormat(language, { ...INSTANT, timeZone: 'UTC' }), timeZone: 'UTC' };
    }
    // Bounded: zone names come from settings and browsers, a few of them in practice.
    if (FORMATTERS.size >= 64) FORMATTERS.clear();
    FORMATTERS.set(key, found);
  }
  return found;
}

// The instant in the reader's words and the zone it was shown in.
function shownInstant(date: Date, locale: Locale, timeZone: string | undefined): { text: string; timeZone: string | undefined } {
  const { format, timeZone: shownZone } = formatterFor(locale, timeZone);
  return { text: format.format(date), timeZone: shownZone };
}

/**
 * An instant as a full date and time with the zone's short name, in the reader's language.
 * `timeZone` undefined means the runtime's own zone (the reporter's, in a browser); an ISO text
 * that is no instant comes back as it is.
 */
export function formatInstant(iso: string, locale: Locale, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return shownInstant(date, locale, timeZone).text;
}

/**
 * As formatInstant in `timeZone` (UTC when absent), then the zone's name unless it is UTC and the
 * instant in UTC ISO 8601 ("… 10:30 MEZ (Europe/Berlin) – 2025-01-14T09:30:00Z"): an email is
 * read anywhere, and some readers' programs take the ISO form.
 */
export function formatInstantWithUtc(iso: string, locale: Locale, timeZone = 'UTC'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const shown = shownInstant(date, locale, timeZone);
  const zoneNote = shown.timeZone === 'UTC' ? '' : ` (${shown.timeZone})`;
  return `${shown.text}${zoneNote} – ${date.toISOString().replace(/\.000Z$/, 'Z')}`;
}

/**
 * An instant for a reader in `timeZone` (the runtime's own when undefined), with the UTC time
 * beside unless that zone is UTC: "Friday, 7 March 2025, 11:15 CET (7 Mar, 10:15 UTC)". The status
 * page shows instants so: the server in the support calendar's zone, the browser in the reader's.
 */
export function formatInstantBesideUtc(iso: string, locale: Locale, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const shown = shownInstant(date, locale, timeZone);
  const zone = shown.timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (isUtc(zone)) return shown.text;
  const utc = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(date);
  return `${shown.text} (${utc} UTC)`;
}

/** A calendar date (`YYYY-MM-DD`) in the reader's words ("30 September 2025", "30. September 2025"); a text that is no date comes back as it is. */
export function formatCalendarDate(date: string, locale: Locale): string {
  const instant = new Date(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(instant.getTime())) return date;
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(instant);
}

function isUtc(zone: string): boolean {
  return ['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Universal', 'Etc/Zulu', 'Zulu', 'UCT', 'Etc/UCT'].includes(zone);
}
