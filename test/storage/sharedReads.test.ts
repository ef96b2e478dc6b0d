// SharedReads: callers that ask while a read is out share the next one, and nobody gets an answer
// from a read that began before they asked.

import { describe, expect, it } from 'vitest';
import { SharedReads } from '../../src/storage/sharedReads';

/** A read whose answers the test gives by hand, in order. */
function manualReads() {
  const pending: Array<{ resolve: (value: number) => void; reject: (error: Error) => void }> = [];
  const reads = new SharedReads(
    () =>
      new Promise<number>((resolve, reject) => {
        pending.push({ resolve, reject });
      }),
  );
  return { reads, pending };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SharedReads', () => {
  it('reads at once when no read is out, and again for a caller who asks after it came back', async () => {
    const { reads, pending } = manualReads();
    const first = reads.fresh();
    expect(pending).toHaveLength(1);
    pending[0]!.resolve(1);
    expect(await first).toBe(1);

    const second = reads.fresh();
    expect(pending).toHaveLength(2);
    pending[1]!.resolve(2);
    expect(await second).toBe(2);
  });

  it('gives those who asked while a read was out one read begun after it, not the one they found under way', async () => {
    const { reads, pending } = manualReads();
    const early = reads.fresh();
    const late = [reads.fresh(), reads.fresh(), reads.fresh()];
    expect(pending).toHaveLength(1);

    pending[0]!.resolve(1);
    expect(await early).toBe(1);
    await turn();
    // one more read for the three, begun once the first was back
    expect(pending).toHaveLength(2);
    pending[1]!.resolve(2);
    expect(await Promise.all(late)).toEqual([2, 2, 2]);
  });

  it('a failed read fails those who shared it, and the next caller reads again', async () => {
    const { reads, pending } = manualReads();
    const first = reads.fresh();
    const shared = [reads.fresh(), reads.fresh()];
    pending[0]!.reject(new Error('storage down'));
    await expect(first).rejects.toThrow('storage down');
    await turn();
    pending[1]!.reject(new Error('still down'));
    for (const s of shared) await expect(s).rejects.toThrow('still down');

    const after = reads.fresh();
    expect(pending).toHaveLength(3);
    pending[2]!.resolve(3);
    expect(await after).toBe(3);
  });
});
