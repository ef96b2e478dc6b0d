// The index rows of a ticket are derived data: whoever holds the stored ticket can bring them in
// line with it. Intake leaves this to the confirmation message's handler, so a submission costs
// only the ticket's transaction and one queue message on the request path.

import type { DueDates } from './dueDates';
import type { TicketListing } from './ticketListing';
import type { StoredTicket } from './ticketStore';

/** Writes the ticket's listing row and, while it awaits acknowledgement unflagged, its due row. */
export async function ensureIndexed(index: { listing: TicketListing; dueDates: DueDates }, stored: StoredTicket): Promise<void> {
  const { ticket } = stored;
  const work = [index.listing.upsert(ticket, stored.historyCount)];
  // A flagged ticket's due row is the sweep's to claim; writing it again would alert twice.
  if (ticket.status === 'submitted' && !ticket.slaBreached) work.push(index.dueDates.add(ticket));
  await Promise.all(work);
}
