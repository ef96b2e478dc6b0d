import { describe, expect, it } from 'vitest';
import { randomBytes } from '../../src/services/randomBytes';

describe('pooled random bytes', () => {
  it('hands out every byte once: no two draws alike across many pool refills', () => {
    const seen = new Set<string>();
    // 12 bytes at a time, 5,000 times: about 15 refills of the pool.
    for (let i = 0; i < 5_000; i++) seen.add(randomBytes(12).toString('hex'));
    expect(seen.size).toBe(5_000);
  });

  it('gives each caller a buffer of its own that later draws do not change', () => {
    const first = randomBytes(32);
    const kept = Buffer.from(first);
    for (let i = 0; i < 300; i++) randomBytes(32);
    expect(first.equals(kept)).toBe(true);
    expect(first.length).toBe(32);
  });

  it('draws uniform bytes: every value turns up about as often as the others', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 1_000; i++) for (const b of randomBytes(64)) counts[b]!++;
    // 64,000 bytes: 250 of each value expected; a pool handing out zeros or repeats would be far off.
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(350);
  });

  it('serves requests larger than the pool and refuses nonsense sizes', () => {
    expect(randomBytes(10_000).length).toBe(10_000);
    expect(randomBytes(0).length).toBe(0);
    expect(() => randomBytes(-1)).toThrow(RangeError);
    expect(() => randomBytes(1.5)).toThrow(RangeError);
  });
});
