// One Table query read to its end (or to a limit), under the storage deadline: the index's
// adapters all read their key ranges this way.

import type { TableClient } from '@azure/data-tables';
import { deadline } from './storageClients';
import { asStorageFault } from './storageErrors';

/** The rows `filter` selects (with `select`: those properties only), in the table's key order, at most `limit`. */
export async function queryRows<T extends object>(
  table: TableClient,
  filter: string,
  limit = Number.POSITIVE_INFINITY,
  select?: string[],
): Promise<(T & { etag?: string })[]> {
  const rows: (T & { etag?: string })[] = [];
  try {
    const pages = table
      .listEntities<T>({ queryOptions: { filter, ...(select ? { select } : {}) }, abortSignal: deadline() })
      .byPage({ maxPageSize: Math.min(limit, 1000) });
    for await (const page of pages) {
      for (const row of page) {
        rows.push(row);
        if (rows.length >= limit) return rows;
      }
    }
  } catch (error) {
    throw asStorageFault(error);
  }
  return rows;
}
