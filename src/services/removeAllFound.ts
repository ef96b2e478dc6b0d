// The nightly tidy-ups' loop: find rows to remove a page at a time, remove each, until a page comes
// back short. A removed row is not found again, so the next page needs no cursor.

/** Removes every row `find` finds (at most `page` at a time) and says how many; a failure stops it, the next run goes on. */
export async function removeAllFound<T>(page: number, find: (limit: number) => Promise<T[]>, remove: (row: T) => Promise<void>): Promise<number> {
  let removed = 0;
  for (;;) {
    const found = await find(page);
    for (const row of found) await remove(row);
    removed += found.length;
    if (found.length < page) return removed;
  }
}
