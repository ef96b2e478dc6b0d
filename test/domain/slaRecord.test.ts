import { describe, expect, it } from 'vitest';
import { medianOf, slaReport, slaWindow, type AcknowledgementFacts } from '../../src/domain/slaRecord';

const now = new Date('2027-01-05T12:00:00.000Z');
const MINUTE = 60_000;
const at = (offsetMinutes: number) => new Date(now.getTime() + offsetMinutes * MINUTE).toISOString();
const window30 = { days: 30, ...slaWindow(30, now) };

let seq = 0;
function aTicket(overrides: Partial<AcknowledgementFacts> = {}): AcknowledgementFacts {
  seq++;
  return {
    confirmationNumber: `SE-${String(seq).padStart(4, '0')}`,
    category: 'incident',
    offerId: 'contoso-firewall',
    submittedAt: at(-24 * 60),
    acknowledgeBy: at(-60),
    acknowledgedAt: at(-23 * 60),
    ...overrides,
  };
}

describe('the window', () => {
  it('is the last days × 24 hours up to the instant, both ends included', () => {
    expect(slaWindow(30, now).from.toISOString()).toBe('2026-12-06T12:00:00.000Z');
    const atStart = aTicket({ submittedAt: window30.from.toISOString() });
    const before = aTicket({ submittedAt: new Date(window30.from.getTime() - 1).toISOString() });
    const atEnd = aTicket({ submittedAt: now.toISOString(), acknowledgeBy: at(24 * 60), acknowledgedAt: null });
    expect(slaReport([atStart, before, atEnd], window30).submitted).toBe(2);
  });
});

describe('the record', () => {
  it('has no share and no median when nothing is due yet', () => {
    const report = slaReport([aTicket({ acknowledgeBy: at(60), acknowledgedAt: null })], window30);
    expect(report).toMatchObject({ submitted: 1, due: 0, acknowledgedInTime: 0, shareInTime: null, medianMinutesToAcknowledge: null, breaches: [] });
    expect(slaReport([], window30)).toMatchObject({ submitted: 0, due: 0, shareInTime: null, medianMinutesToAcknowledge: null });
  });

  it('does not count a ticket whose deadline is exactly now as due, nor as a breach', () => {
    const report = slaReport([aTicket({ acknowledgeBy: now.toISOString(), acknowledgedAt: null })], window30);
    expect(report).toMatchObject({ due: 0, breaches: [] });
    const aMomentLater = slaReport([aTicket({ acknowledgeBy: new Date(now.getTime() - 1).toISOString(), acknowledgedAt: null })], window30);
    expect(aMomentLater.due).toBe(1);
    expect(aMomentLater.breaches).toHaveLength(1);
  });

  it('counts an acknowledgement at the deadline’s instant as in time, and one a minute later as a breach', () => {
    const inTime = aTicket({ acknowledgedAt: at(-60) });
    const late = aTicket({ acknowledgedAt: at(-59) });
    const report = slaReport([inTime, late], window30);
    expect(report).toMatchObject({ due: 2, acknowledgedInTime: 1, shareInTime: 0.5 });
    expect(report.breaches.map((b) => b.confirmationNumber)).toEqual([late.confirmationNumber]);
    expect(report.breaches[0]).toEqual(late);
  });

  it('lists a ticket never acknowledged and overdue among the breaches, with no acknowledgement', () => {
    const never = aTicket({ acknowledgedAt: null });
    const report = slaReport([never, aTicket()], window30);
    expect(report).toMatchObject({ due: 2, acknowledgedInTime: 1, shareInTime: 0.5 });
    expect(report.breaches).toEqual([{ ...never, acknowledgedAt: null }]);
  });

  it('counts an acknowledged ticket as due even before its deadline, and in time', () => {
    const early = aTicket({ submittedAt: at(-30), acknowledgeBy: at(24 * 60), acknowledgedAt: at(-10) });
    expect(slaReport([early], window30)).toMatchObject({ due: 1, acknowledgedInTime: 1, shareInTime: 1, medianMinutesToAcknowledge: 20 });
  });

  it('takes the median time to acknowledge over the acknowledged ones: the middle one for an odd count, the mean of the middle two for an even one', () => {
    const after = (minutes: number) => aTicket({ submittedAt: at(-1000), acknowledgeBy: at(-10), acknowledgedAt: at(-1000 + minutes) });
    expect(slaReport([after(30), after(10), after(20)], window30).medianMinutesToAcknowledge).toBe(20);
    expect(slaReport([after(30), after(10), after(20), after(41)], window30).medianMinutesToAcknowledge).toBe(25);
    // The unacknowledged one has no time to acknowledge: it is left out of the median.
    expect(slaReport([after(10), aTicket({ acknowledgedAt: null })], window30).medianMinutesToAcknowledge).toBe(10);
    // Wall-clock minutes, to one decimal.
    expect(
      slaReport(
        [aTicket({ submittedAt: at(-10), acknowledgeBy: at(60), acknowledgedAt: new Date(now.getTime() - 10 * MINUTE + 90_500).toISOString() })],
        window30,
      ).medianMinutesToAcknowledge,
    ).toBe(1.5);
  });

  it('lists the breaches latest submission first and says its window', () => {
    const older = aTicket({ submittedAt: at(-3000), acknowledgedAt: null });
    const newer = aTicket({ submittedAt: at(-2000), acknowledgedAt: null });
    const report = slaReport([older, newer], window30);
    expect(report.breaches.map((b) => b.confirmationNumber)).toEqual([newer.confirmationNumber, older.confirmationNumber]);
    expect(report).toMatchObject({ days: 30, from: '2026-12-06T12:00:00.000Z', to: now.toISOString() });
  });
});

describe('the median', () => {
  it('is null for no values, the middle for an odd count, the mean of the middle two for an even count', () => {
    expect(medianOf([])).toBeNull();
    expect(medianOf([5])).toBe(5);
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
  });
});
