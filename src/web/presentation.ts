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
  'exploitation',
  'publicDisclosure',
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
// Instants: their own module, so the status page's script takes them without the string table.

export { formatCalendarDate, formatInstant, formatInstantBesideUtc, formatInstantWithUtc } from './instants';
