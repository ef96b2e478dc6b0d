// The index rows of a ticket are derived data: whoever holds the stored ticket can bring them in
// line with it. Intake leaves this to the confirmation message's handler, so a submission costs
// only the ticket's transaction and one queue message on the request path.

import type { HistoryEntry } from '../domain/ticket';
import type { DueDates } from './dueDates';
import type { TicketListing } from './ticketListing';
import type { StoredTicket, TicketStore } from './ticketStore';

/**
 * Writes the ticket's listing and queue rows and its search keys and, while it awaits
 * acknowledgement unflagged, its due row.
 */
export async function ensureIndexed(
  index: { listing: TicketListing; dueDates: DueDates; store: Pick<TicketStore, 'history'> },
  stored: StoredTicket,
): Promise<void> {
  const { ticket } = stored;
  const updatedAt = stored.historyCount <= 1 ? ticket.submittedAt : lastChangeAt(await index.store.history(ticket.confirmationNumber));
  const work = [index.listing.upsert(ticket, stored.historyCount, updatedAt), index.listing.addSearchKeys(ticket)];
  // A flagged ticket's due row is the sweep's to claim; writing it again would alert twice.
  if (ticket.status === 'submitted' && !ticket.slaBreached) work.push(index.dueDates.add(ticket));
  await Promise.all(work);
}

/**
 * The instant of the ticket's latest step that counts in its version (the history count): the
 * email outcomes are history rows of their own that no version counts, so they are left out.
 */
export function lastChangeAt(history: readonly HistoryEntry[]): string | undefined {
  let latest: string | undefined;
  for (const entry of history) {
    if (entry.event.startsWith('notification-')) continue;
    if (latest === undefined || Date.parse(entry.at) > Date.parse(latest)) latest = entry.at;
  }
  return latest;
}
