// A bounded worker pool: the sweep works on many tickets at once without opening a storage request
// per ticket all at the same moment.

/** Runs `work` over `items`, at most `concurrency` at a time, in order of start; rejects with the first failure. */
export async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(workers);
}
