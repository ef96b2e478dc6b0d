// What test/domain/calendar.test.ts leaves open: its monotonicity property excludes submissions in
// a repeated (DST overlap) hour, where "the earlier instant counts" lets a later submission get an
// earlier deadline. This bounds that documented exception: the deadline never moves back by more
// than the zone's repeated span, and outside such a span it never moves back at all, even for
// submissions milliseconds apart around midnight and the gap.

import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { acknowledgeBy, createBusinessCalendar, type BusinessCalendar } from '../../src/domain/calendar';

const ZONES = ['America/Los_Angeles', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/Havana', 'America/St_Johns'];
const calendars = new Map<string, BusinessCalendar>();
const calendarIn = (zone: string) => {
  const found = calendars.get(zone) ?? createBusinessCalendar({ timeZone: zone, workdays: [1, 2, 3, 4, 5], holidays: '', extraHolidays: [] });
  calendars.set(zone, found);
  return found;
};

/** The largest clock change (ms) of the zone around this instant: how far a repeated wall time can reach back. */
function largestShiftMs(zone: string, at: number): number {
  const z = IANAZone.create(zone);
  const offsets = [-2, -1, 0, 1, 2].map((d) => z.offset(at + d * 86_400_000));
  return (Math.max(...offsets) - Math.min(...offsets)) * 60_000;
}

// Instants near the DST changes of 2026-2027 in the northern and southern hemispheres.
const transitions = [
  '2026-03-08',
  '2026-03-29',
  '2026-04-05',
  '2026-10-04',
  '2026-10-25',
  '2026-11-01',
  '2027-03-14',
  '2027-04-04',
  '2027-10-31',
  '2027-11-07',
];
const nearTransition = fc
  .tuple(fc.constantFrom(...transitions), fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }))
  .map(([day, offset]) => Date.parse(`${day}T00:00:00Z`) + offset);

describe('acknowledgeBy around DST changes', () => {
  it('moves back by at most the repeated span when a later submission falls in a repeated hour', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), nearTransition, fc.integer({ min: 0, max: 3 * 3_600_000 }), (zone, first, delta) => {
        const cal = calendarIn(zone);
        const a = acknowledgeBy(new Date(first), cal).getTime();
        const b = acknowledgeBy(new Date(first + delta), cal).getTime();
        expect(b).toBeGreaterThanOrEqual(a - largestShiftMs(zone, first));
      }),
      { numRuns: 2_000 },
    );
  });

  it('never moves back for submissions a few milliseconds apart outside a repeated span', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), nearTransition, fc.integer({ min: 1, max: 5_000 }), (zone, first, delta) => {
        const z = IANAZone.create(zone);
        // Both instants show a wall time that occurs once: the same offset a span before and after.
        const once = (at: number) => z.offset(at - largestShiftMs(zone, at)) === z.offset(at + largestShiftMs(zone, at));
        fc.pre(once(first) && once(first + delta));
        const cal = calendarIn(zone);
        expect(acknowledgeBy(new Date(first + delta), cal).getTime()).toBeGreaterThanOrEqual(acknowledgeBy(new Date(first), cal).getTime());
      }),
      { numRuns: 2_000 },
    );
  });
});
