import { describe, expect, it } from 'vitest';
import { HOUR_MS, secondsUntilHourlyRoom } from '../../src/domain/hourlyLimit';

const now = Date.parse('2026-12-01T12:00:00Z');

describe('secondsUntilHourlyRoom', () => {
  it('leaves room while fewer than the limit fall within the last hour, ignoring older ones', () => {
    expect(secondsUntilHourlyRoom([now - HOUR_MS - 1, now - 10_000], 2, now)).toBeNull();
  });

  it('answers when the earliest counted instant leaves the hour, whatever their order', () => {
    expect(secondsUntilHourlyRoom([now - 1_000, now - 30 * 60_000, now - 10_000], 3, now)).toBe(30 * 60);
    // Beyond the limit, the instant that frees the next place is the limit-th latest, not the oldest.
    expect(secondsUntilHourlyRoom([now - 50 * 60_000, now - 20 * 60_000, now - 1_000], 2, now)).toBe(40 * 60);
  });

  it('never answers less than a second', () => {
    expect(secondsUntilHourlyRoom([now - HOUR_MS + 1], 1, now)).toBe(1);
  });
});
