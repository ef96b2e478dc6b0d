// Evidence files as tests send them, and what storage holds of reports.

import { TableClient, odata } from '@azure/data-tables';
import { expect } from 'vitest';
import { TABLES } from '../../src/composition';
import { aSubmission } from './builders';
import { indexNow } from './indexing';
import type { TestHost } from './testHost';

/** A file as the API answers it. */
export interface FileJson {
  id: string;
  name: string;
  size: number;
  contentType: string;
  sha256: string;
  scan: string;
  uploadedBy: string;
  at: string;
}

/** A new ticket with one small text file the reporter added (`name`): its number, token, the file's id and scan state. */
export async function fileOnNewTicket(t: TestHost, name = 'x.txt'): Promise<{ n: string; token: string; id: string; scan: string }> {
  const res = await t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aSubmission()) });
  const { confirmationNumber: n, accessToken: token } = (await res.json()) as { confirmationNumber: string; accessToken: string };
  await indexNow(t.connectionString, n);
  const added = await t.fetch(`/api/tickets/${n}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain', 'content-disposition': `attachment; filename="${name}"` },
    body: 'a sample the scanner is to judge',
  });
  expect(added.status).toBe(201);
  const file = (await added.json()) as { id: string; scan: string };
  return { n, token, id: file.id, scan: file.scan };
}

/** How many tickets the storage behind `connectionString` holds (none before its first: no table yet). */
export async function ticketCount(connectionString: string): Promise<number> {
  const table = TableClient.fromConnectionString(connectionString, TABLES.tickets, { allowInsecureConnection: true });
  let n = 0;
  try {
    for await (const row of table.listEntities({ queryOptions: { filter: odata`RowKey eq ${'ticket'}`, select: ['PartitionKey'] } })) n += row ? 1 : 0;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
  return n;
}

/** A stored (uncompressed) ZIP with one entry; `lie` overwrites the central directory's declared sizes. */
export function zipOf(content: Buffer, lie?: { compressed?: number; uncompressed?: number }): Buffer {
  const name = Buffer.from('log.txt');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(lie?.compressed ?? content.length, 20);
  central.writeUInt32LE(lie?.uncompressed ?? content.length, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const directoryOffset = local.length + name.length + content.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return Buffer.concat([local, name, content, central, name, end]);
}
