// What the pages, the API's answers and the emails show of a ticket, written once: which of its
// fields are public, how an instant reads, and a status's and a category's words. The pages
// (server and browser), src/http and src/email/templates.ts all read it here. Pure: no DOM, no I/O.

import type { Ticket } from '../domain/ticket';
import type { Category, Locale, TicketStatus } from '../domain/vocabulary';
import { categoryKey, messagesFor, stateKey } from './i18n';

// ---------------------------------------------------------------------------------------------
// The public ticket

/**
 * The fields of a ticket its reporter and operators see (openapi/openapi.json, Ticket), in the
 * order the API writes them. Reporter contact details, the description and the token hashes stay
 * out; operators read the report itself apart (GET /api/ops/tickets/{n}, TicketReport).
 */
export const PUBLIC_TICKET_FIELDS = [
  'confirmationNumber',
  'category',
  'offerId',
  'summary',
  'status',
  'submittedAt',
  'acknowledgeBy',
  'acknowledgedAt',
  'slaBreached',
  'priority',
  'severity',
  'cvss',
  'outcome',
] as const satisfies ReadonlyArray<keyof Ticket>;

/** A ticket as its reporter and operators see it. */
export type PublicTicket = Pick<Ticket, (typeof PUBLIC_TICKET_FIELDS)[number]>;

/** The public fields of a ticket, and nothing else. */
export function publicTicket(ticket: Ticket): PublicTicket {
  const shown: Record<string, unknown> = {};
  for (const field of PUBLIC_TICKET_FIELDS) shown[field] = ticket[field];
  return shown as PublicTicket;
}

// ---------------------------------------------------------------------------------------------
// Words

/** A status in the reader's language ("Under investigation"), as the status page and the emails name it. */
export function statusLabel(status: TicketStatus, locale: Locale): string {
  return messagesFor(locale)[stateKey(status)];
}

/** A category in the reader's language ("Security incident"). */
export function categoryLabel(category: Category, locale: Locale): string {
  return messagesFor(locale)[categoryKey(category)];
}

// ---------------------------------------------------------------------------------------------
// Instants

const INSTANT: Intl.DateTimeFormatOptions = {
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};

// The instant in the reader's words and the zone it was shown in: an unknown zone name falls back
// to UTC rather than failing the page or the email (settings check the SLA zone at start-up).
function shownInstant(date: Date, locale: Locale, timeZone: string | undefined): { text: string; timeZone: string | undefined } {
  const language = locale === 'de' ? 'de-DE' : 'en-GB';
  try {
    return { text: new Intl.DateTimeFormat(language, { ...INSTANT, timeZone }).format(date), timeZone };
  } catch {
    return { text: new Intl.DateTimeFormat(language, { ...INSTANT, timeZone: 'UTC' }).format(date), timeZone: 'UTC' };
  }
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
