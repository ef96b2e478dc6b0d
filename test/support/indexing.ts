// Intake leaves a ticket's index rows (due time, listing) to the handler of its confirmation
// message. Tests that run the host without its queue worker call the same code directly.

import { TableClient, odata } from '@azure/data-tables';
import { TABLES } from '../../src/composition';
import { ensureIndexed } from '../../src/services/ticketIndexing';
import { TableDueDates, TableTicketListing } from '../../src/storage/ticketIndex';
import { TableTicketStore } from '../../src/storage/ticketStore';

export async function indexNow(connectionString: string, confirmationNumber: string): Promise<void> {
  const table = (name: string) => TableClient.fromConnectionString(connectionString, name, { allowInsecureConnection: true });
  const stored = await new TableTicketStore(table('tickets')).get(confirmationNumber);
  if (!stored) throw new Error(`no ticket ${confirmationNumber} to index`);
  const listing = new TableTicketListing(table(TABLES.index), table(TABLES.search));
  const dueDates = new TableDueDates(table(TABLES.due), table(TABLES.index));
  await ensureIndexed({ dueDates, listing, store: new TableTicketStore(table(TABLES.tickets)) }, stored);
}

/** The events whose emails are pending for a ticket (the re-queue timer's rows), sorted: what a change queued. */
export async function pendingEvents(connectionString: string, confirmationNumber: string): Promise<string[]> {
  const table = TableClient.fromConnectionString(connectionString, 'ticketindex', { allowInsecureConnection: true });
  const events: string[] = [];
  const filter = odata`PartitionKey eq ${'pending'} and ConfirmationNumber eq ${confirmationNumber}`;
  for await (const row of table.listEntities<{ Event: string }>({ queryOptions: { filter } })) events.push(row.Event);
  return events.sort();
}
