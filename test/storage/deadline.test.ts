import { getMaxListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { deadline } from '../../src/storage/storageClients';

describe('storage deadlines', () => {
  it('aborts an operation with a TimeoutError once its deadline has passed', async () => {
    const signal = deadline(40);
    expect(signal.aborted).toBe(false);
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    expect((signal.reason as Error).name).toBe('TimeoutError');
  });

  it('gives an operation started after a shared deadline fired a fresh one', async () => {
    const first = deadline(30);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(first.aborted).toBe(true);
    expect(deadline(30).aborted).toBe(false);
  });

  it('lets many operations in flight wait on one deadline without a listener-leak warning', () => {
    const signals = Array.from({ length: 50 }, () => deadline());
    // Operations started together share one signal rather than a timer each,
    expect(new Set(signals).size).toBeLessThan(5);
    // and Node's limit of ten listeners (a MaxListenersExceededWarning in the log) is lifted on it.
    // (vitest's workers swallow process warnings, so the limit is read rather than the warning awaited.)
    for (const signal of signals) expect(getMaxListeners(signal)).toBe(0);
  });
});
