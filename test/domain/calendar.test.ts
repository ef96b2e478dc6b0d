import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  acknowledgeBy,
  afterBusinessDays,
  type BusinessCalendar,
  type CalendarSettings,
  checkCalendarSettings,
  createBusinessCalendar,
  InvalidCalendar,
  NoBusinessDayFound,
} from '../../src/domain/calendar';

const HOUR = 3_600_000;

function calendar(settings: Partial<CalendarSettings> = {}): BusinessCalendar {
  return createBusinessCalendar({ timeZone: 'UTC', workdays: [1, 2, 3, 4, 5], holidays: '', extraHolidays: [], ...settings });
}

function due(submittedAt: string, cal: BusinessCalendar): string {
  return acknowledgeBy(new Date(submittedAt), cal).toISOString();
}

function hoursBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / HOUR;
}

describe('acknowledgeBy on a plain Monday-to-Friday calendar', () => {
  const utc = calendar();

  it('is due the next day at the same time when submitted on a weekday before another weekday', () => {
    expect(due('2026-03-05T10:15:30.250Z', utc)).toBe('2026-03-06T10:15:30.250Z');
  });

  it('skips the weekend: Friday afternoon is due Monday afternoon', () => {
    expect(due('2026-03-06T16:00:00Z', utc)).toBe('2026-03-09T16:00:00.000Z');
  });

  it('gives a Saturday submission until the end of Monday (00:00 Tuesday)', () => {
    expect(due('2026-03-07T10:00:00Z', utc)).toBe('2026-03-10T00:00:00.000Z');
  });

  it('gives a Sunday submission just before midnight the same deadline as Saturday', () => {
    expect(due('2026-03-08T23:59:59.999Z', utc)).toBe('2026-03-10T00:00:00.000Z');
  });

  it('keeps a submission at the very end of Friday ahead of one at the start of Saturday', () => {
    expect(due('2026-03-06T23:59:59.999Z', utc)).toBe('2026-03-09T23:59:59.999Z');
    expect(due('2026-03-07T00:00:00.000Z', utc)).toBe('2026-03-10T00:00:00.000Z');
  });

  it('reads weekdays in the calendar zone, not in UTC', () => {
    // Friday 23:30 in Los Angeles is already Saturday in UTC.
    const la = calendar({ timeZone: 'America/Los_Angeles' });
    expect(due('2026-03-14T06:30:00Z', la)).toBe('2026-03-17T06:30:00.000Z');
  });
});

describe('afterBusinessDays: several business days on', () => {
  const utc = calendar();
  const after = (from: string, days: number, cal = utc): string => afterBusinessDays(new Date(from), days, cal).toISOString();

  it('is acknowledgeBy for one day, whatever the day', () => {
    for (const at of ['2026-03-05T10:15:30.250Z', '2026-03-06T16:00:00Z', '2026-03-07T10:00:00Z']) expect(after(at, 1)).toBe(due(at, utc));
  });

  it('counts business days only: two from a Thursday is Monday, five from a Monday is the next Monday, at the same time', () => {
    expect(after('2026-03-05T10:00:00Z', 2)).toBe('2026-03-09T10:00:00.000Z');
    expect(after('2026-03-09T10:00:00Z', 5)).toBe('2026-03-16T10:00:00.000Z');
  });

  it('gives a weekend start until the end of the n-th business day after it', () => {
    expect(after('2026-03-07T10:00:00Z', 2)).toBe('2026-03-11T00:00:00.000Z');
  });

  it('skips holidays and keeps the wall-clock time across a DST change', () => {
    // Berlin: Good Friday 2026-04-03 and Easter Monday 2026-04-06 are closed; DST began on 29 March.
    const berlin = calendar({ timeZone: 'Europe/Berlin', holidays: 'DE' });
    expect(after('2026-03-27T09:00:00Z', 2, berlin)).toBe('2026-03-31T08:00:00.000Z'); // Friday 10:00 CET -> Tuesday 10:00 CEST
    expect(after('2026-04-02T08:00:00Z', 2, berlin)).toBe('2026-04-08T08:00:00.000Z'); // Thursday -> Wednesday after Easter
  });

  it('refuses to count fewer than one day or a date that is none', () => {
    expect(() => afterBusinessDays(new Date('2026-03-05T10:00:00Z'), 0, utc)).toThrow(RangeError);
    expect(() => afterBusinessDays(new Date('2026-03-05T10:00:00Z'), 1.5, utc)).toThrow(RangeError);
    expect(() => afterBusinessDays(new Date(Number.NaN), 2, utc)).toThrow(RangeError);
  });
});

describe('public holidays', () => {
  const newYork = calendar({ timeZone: 'America/New_York', holidays: 'US' });

  it('closes Thanksgiving 2026-11-26: Wednesday is due Friday', () => {
    expect(due('2026-11-25T14:00:00Z', newYork)).toBe('2026-11-27T14:00:00.000Z');
  });

  it('treats a submission on Thanksgiving like one on a weekend', () => {
    expect(due('2026-11-26T15:00:00Z', newYork)).toBe('2026-11-28T05:00:00.000Z');
  });

  it('closes the observed Independence Day, Friday 2026-07-03, when July 4th is a Saturday', () => {
    expect(newYork.isBusinessDay('2026-07-03')).toBe(false);
    expect(due('2026-07-02T14:00:00Z', newYork)).toBe('2026-07-06T14:00:00.000Z');
  });

  it('closes the observed Independence Day, Monday 2027-07-05, when July 4th is a Sunday', () => {
    expect(due('2027-07-02T14:00:00Z', newYork)).toBe('2027-07-06T14:00:00.000Z');
  });

  it('closes 2027-12-31, the Friday observed for New Year 2028, listed under the earlier year', () => {
    expect(newYork.isBusinessDay('2027-12-31')).toBe(false);
  });

  it('closes 2 January 2024 in Eswatini, the last day of Incwala, listed under 2023 from 28 December, asked first of all', () => {
    // A fresh calendar: the January date is the first it is asked, so 2023's list comes only as January's neighbour.
    const mbabane = calendar({ timeZone: 'Africa/Mbabane', holidays: 'SZ' });
    expect(mbabane.isBusinessDay('2024-01-02')).toBe(false);
    expect(mbabane.isBusinessDay('2024-01-03')).toBe(true);
  });

  it('keeps non-public days open: the optional Christmas Eve and the day after Thanksgiving', () => {
    expect(newYork.isBusinessDay('2026-12-24')).toBe(true);
    expect(newYork.isBusinessDay('2026-11-27')).toBe(true);
  });

  it('closes Bavarian public holidays: Epiphany and Corpus Christi', () => {
    const munich = calendar({ timeZone: 'Europe/Berlin', holidays: 'DE-BY' });
    expect(due('2026-01-05T09:00:00Z', munich)).toBe('2026-01-07T09:00:00.000Z');
    expect(due('2026-06-03T08:00:00Z', munich)).toBe('2026-06-05T08:00:00.000Z');
  });

  it('keeps Corpus Christi open for the whole of Germany, where it is not a national holiday', () => {
    expect(calendar({ holidays: 'DE' }).isBusinessDay('2026-06-04')).toBe(true);
  });

  it('keeps Bavarian school, bank and observance days open', () => {
    const munich = calendar({ timeZone: 'Europe/Berlin', holidays: 'DE-BY' });
    expect(munich.isBusinessDay('2026-11-18')).toBe(true); // Buß- und Bettag: school
    expect(munich.isBusinessDay('2026-12-24')).toBe(true); // Heiliger Abend: bank
    expect(munich.isBusinessDay('2026-02-16')).toBe(true); // Rosenmontag: observance
  });

  it('closes every day of a multi-day public holiday', () => {
    // Eid al-Fitr 2026 in the UAE: three days from 20 March, starting the evening before.
    const dubai = calendar({ timeZone: 'Asia/Dubai', holidays: 'AE', workdays: [1, 2, 3, 4, 5, 6, 7] });
    expect(['2026-03-19', '2026-03-20', '2026-03-21', '2026-03-22', '2026-03-23'].map(dubai.isBusinessDay)).toEqual([true, false, false, false, true]);
  });

  it('closes the dates in SLA_EXTRA_HOLIDAYS', () => {
    const cal = calendar({ extraHolidays: ['2026-03-09'] });
    expect(due('2026-03-06T10:00:00Z', cal)).toBe('2026-03-10T10:00:00.000Z');
  });
});

describe('daylight saving time', () => {
  const la = calendar({ timeZone: 'America/Los_Angeles' });
  const berlin = calendar({ timeZone: 'Europe/Berlin' });

  it.each([
    // Friday 10:00 local -> Monday 10:00 local across each change.
    ['Los Angeles', 'spring-forward', la, '2026-03-06T18:00:00Z', '2026-03-09T17:00:00.000Z', 71],
    ['Los Angeles', 'fall-back', la, '2026-10-30T17:00:00Z', '2026-11-02T18:00:00.000Z', 73],
    ['Berlin', 'spring-forward', berlin, '2026-03-27T09:00:00Z', '2026-03-30T08:00:00.000Z', 71],
    ['Berlin', 'fall-back', berlin, '2026-10-23T08:00:00Z', '2026-10-26T09:00:00.000Z', 73],
  ] as const)('in %s, moves a Friday-before-%s deadline to the same wall-clock time on Monday', (_, __, cal, submitted, expected, hours) => {
    const deadline = due(submitted, cal);
    expect(deadline).toBe(expected);
    expect(hoursBetween(submitted, deadline)).toBe(hours);
  });

  it('gives the first instant after the gap when the time does not exist on the due day', () => {
    const everyDayLa = calendar({ timeZone: 'America/Los_Angeles', workdays: [1, 2, 3, 4, 5, 6, 7] });
    // Saturday 02:30 PST; Sunday 2026-03-08 jumps from 02:00 PST to 03:00 PDT.
    expect(due('2026-03-07T10:30:00Z', everyDayLa)).toBe('2026-03-08T10:00:00.000Z');
    const everyDayBerlin = calendar({ timeZone: 'Europe/Berlin', workdays: [1, 2, 3, 4, 5, 6, 7] });
    // Saturday 02:30 CET; Sunday 2026-03-29 jumps from 02:00 CET to 03:00 CEST.
    expect(due('2026-03-28T01:30:00Z', everyDayBerlin)).toBe('2026-03-29T01:00:00.000Z');
  });

  it('gives the earlier instant when the time occurs twice on the due day', () => {
    const everyDayLa = calendar({ timeZone: 'America/Los_Angeles', workdays: [1, 2, 3, 4, 5, 6, 7] });
    // Saturday 01:30 PDT; Sunday 2026-11-01 shows 01:30 first in PDT (08:30Z), then in PST (09:30Z).
    expect(due('2026-10-31T08:30:00Z', everyDayLa)).toBe('2026-11-01T08:30:00.000Z');
    const everyDayBerlin = calendar({ timeZone: 'Europe/Berlin', workdays: [1, 2, 3, 4, 5, 6, 7] });
    // Saturday 02:30 CEST; Sunday 2026-10-25 shows 02:30 first in CEST (00:30Z), then in CET.
    expect(due('2026-10-24T00:30:00Z', everyDayBerlin)).toBe('2026-10-25T00:30:00.000Z');
  });

  it('keeps the wall-clock time shown at submission in a repeated hour, so the second 01:10 is due before the first 01:50', () => {
    const everyDayLa = calendar({ timeZone: 'America/Los_Angeles', workdays: [1, 2, 3, 4, 5, 6, 7] });
    expect(due('2026-11-01T08:50:00Z', everyDayLa)).toBe('2026-11-02T09:50:00.000Z'); // 01:50 PDT -> 01:50 PST
    expect(due('2026-11-01T09:10:00Z', everyDayLa)).toBe('2026-11-02T09:10:00.000Z'); // 01:10 PST -> 01:10 PST
  });

  it('runs a weekend team (Saturday and Sunday) across spring-forward: 23 elapsed hours', () => {
    const weekendLa = calendar({ timeZone: 'America/Los_Angeles', workdays: [6, 7] });
    const deadline = due('2026-03-07T18:00:00Z', weekendLa); // Saturday 10:00 PST
    expect(deadline).toBe('2026-03-08T17:00:00.000Z'); // Sunday 10:00 PDT
    expect(hoursBetween('2026-03-07T18:00:00Z', deadline)).toBe(23);
    expect(due('2026-03-08T17:00:00Z', weekendLa)).toBe('2026-03-14T17:00:00.000Z'); // Sunday -> next Saturday, 10:00 PDT
  });

  it('ends a deadline at the first instant after the gap when 00:00 does not exist', () => {
    // Havana skips from 00:00 to 01:00 on Sunday 2026-03-08; Saturday is the only business day.
    const havana = calendar({ timeZone: 'America/Havana', workdays: [6] });
    expect(due('2026-03-06T15:00:00Z', havana)).toBe('2026-03-08T05:00:00.000Z');
    // Santiago does the same on Sunday 2026-09-06.
    const santiago = calendar({ timeZone: 'America/Santiago', workdays: [6] });
    expect(due('2026-09-04T15:00:00Z', santiago)).toBe('2026-09-06T04:00:00.000Z');
  });
});

describe('a calendar that never opens', () => {
  it('stops after a bounded search with a clear error', () => {
    const start = DateTime.fromISO('2026-01-01', { zone: 'UTC' });
    const everyMonday = Array.from({ length: 200 }, (_, i) => start.plus({ weeks: i }).set({ weekday: 1 }).toISODate() as string);
    const cal = calendar({ workdays: [1], extraHolidays: everyMonday });
    expect(() => acknowledgeBy(new Date('2026-01-02T10:00:00Z'), cal)).toThrow(NoBusinessDayFound);
    expect(() => acknowledgeBy(new Date('2026-01-02T10:00:00Z'), cal)).toThrow(/workdays, holidays and extra holidays/);
  });
});

describe('settings', () => {
  it.each([
    [{ timeZone: 'Nowhere/Special' }, 'timeZone', '"Nowhere/Special"'],
    [{ workdays: [] }, 'workdays', '""'],
    [{ workdays: [0] }, 'workdays', '"0"'],
    [{ holidays: 'Atlantis' }, 'holidays', '"Atlantis"'],
    [{ holidays: 'DE-XX' }, 'holidays', '"DE-XX"'],
    [{ holidays: 'DE-BY-ZZ' }, 'holidays', '"DE-BY-ZZ"'],
    [{ extraHolidays: ['2026-13-01'] }, 'extraHolidays', '"2026-13-01"'],
  ] as const)('createBusinessCalendar rejects %j naming %s and the bad value', (settings, field, value) => {
    expect(() => calendar(settings as Partial<CalendarSettings>)).toThrow(expect.objectContaining({ name: 'InvalidCalendar', field, value }));
    expect(() => calendar(settings as Partial<CalendarSettings>)).toThrow(InvalidCalendar);
  });

  it('checks the settings and gives them in canonical form: workdays and dates sorted, once each; the holiday code as date-holidays spells it', () => {
    expect(
      checkCalendarSettings({
        timeZone: 'Europe/Berlin',
        workdays: [2, 1, 3, 1],
        holidays: 'de-by',
        extraHolidays: ['2026-12-31', '2026-12-24', '2026-12-31'],
      }),
    ).toEqual({ timeZone: 'Europe/Berlin', workdays: [1, 2, 3], holidays: 'DE-BY', extraHolidays: ['2026-12-24', '2026-12-31'] });
  });

  it('accepts a country-state-region code date-holidays knows', () => {
    expect(calendar({ holidays: 'DE-BY-A' }).settings.holidays).toBe('DE-BY-A');
  });
});

// ------------------------------------------------------------------------------------------------
// Properties

const ZONES = ['UTC', 'America/Los_Angeles', 'Europe/Berlin', 'America/Havana', 'Australia/Lord_Howe', 'Asia/Kolkata'];
const HOLIDAY_CODES = ['', 'US', 'DE-BY'];

const settingsArb = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  workdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
  holidays: fc.constantFrom(...HOLIDAY_CODES),
  extraHolidays: fc.uniqueArray(
    fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    { maxLength: 20 },
  ),
});

// Calendars are built once per settings value: the properties exercise acknowledgeBy, and a
// cache keeps the run fast.
const calendars = new Map<string, BusinessCalendar>();
function calendarOf(settings: CalendarSettings): BusinessCalendar {
  const key = JSON.stringify(settings);
  const cached = calendars.get(key) ?? createBusinessCalendar(settings);
  calendars.set(key, cached);
  return cached;
}

const instantArb = fc.integer({ min: Date.parse('2025-06-01T00:00:00Z'), max: Date.parse('2028-06-01T00:00:00Z') }).map((ms) => new Date(ms));

function local(instant: Date | number, zone: string): DateTime {
  return DateTime.fromMillis(typeof instant === 'number' ? instant : instant.getTime(), { zone });
}

function wallMs(dt: DateTime): number {
  return ((dt.hour * 60 + dt.minute) * 60 + dt.second) * 1000 + dt.millisecond;
}

function businessDaysBetween(cal: BusinessCalendar, fromExclusive: string, toExclusive: string): string[] {
  const found: string[] = [];
  for (let d = DateTime.fromISO(fromExclusive, { zone: 'UTC' }).plus({ days: 1 }); (d.toISODate() as string) < toExclusive; d = d.plus({ days: 1 })) {
    if (cal.isBusinessDay(d.toISODate() as string)) found.push(d.toISODate() as string);
  }
  return found;
}

// Whether the deadline is the first instant after a DST gap that swallowed `wall` on its day.
function isFirstInstantAfterGapOver(deadline: Date, zone: string, wall: number): boolean {
  const at = local(deadline, zone);
  const just = local(deadline.getTime() - 1, zone);
  return at.offset !== just.offset && wallMs(at) > wall && (just.toISODate() !== at.toISODate() || wallMs(just) < wall);
}

// Whether the zone shows this instant's wall-clock time twice (a DST overlap).
function isRepeatedWallTime(instant: number, zone: string): boolean {
  const z = IANAZone.create(zone);
  const offsetNow = z.offset(instant);
  return [z.offset(instant - 86_400_000), z.offset(instant + 86_400_000)].some((other) => {
    if (other === offsetNow) return false;
    const twin = instant + (offsetNow - other) * 60_000;
    return z.offset(twin) === other;
  });
}

describe('acknowledgeBy properties', () => {
  it('is always after the submission', () => {
    fc.assert(
      fc.property(settingsArb, instantArb, (settings, submittedAt) => {
        expect(acknowledgeBy(submittedAt, calendarOf(settings)).getTime()).toBeGreaterThan(submittedAt.getTime());
      }),
    );
  });

  it('falls on the next business day at the submission wall-clock time, or at 00:00 after it for a closed day', () => {
    fc.assert(
      fc.property(settingsArb, instantArb, (settings, submittedAt) => {
        const cal = calendarOf(settings);
        const zone = settings.timeZone;
        const deadline = acknowledgeBy(submittedAt, cal);
        const submitted = local(submittedAt, zone);
        const today = submitted.toISODate() as string;
        const at = local(deadline, zone);
        if (cal.isBusinessDay(today)) {
          const day = at.toISODate() as string;
          expect(cal.isBusinessDay(day)).toBe(true);
          expect(businessDaysBetween(cal, today, day)).toEqual([]);
          const wall = wallMs(submitted);
          expect(wallMs(at) === wall || isFirstInstantAfterGapOver(deadline, zone, wall)).toBe(true);
        } else {
          const businessDay = DateTime.fromISO(at.toISODate() as string, { zone: 'UTC' })
            .minus({ days: 1 })
            .toISODate() as string;
          expect(cal.isBusinessDay(businessDay)).toBe(true);
          expect(businessDaysBetween(cal, today, businessDay)).toEqual([]);
          expect(wallMs(at) === 0 || isFirstInstantAfterGapOver(deadline, zone, 0)).toBe(true);
        }
      }),
    );
  });

  it('never moves backwards when the submission moves forwards (outside a repeated DST hour)', () => {
    fc.assert(
      fc.property(settingsArb, instantArb, fc.integer({ min: 0, max: 4 * 86_400_000 }), (settings, first, delta) => {
        const later = first.getTime() + delta;
        fc.pre(!isRepeatedWallTime(first.getTime(), settings.timeZone) && !isRepeatedWallTime(later, settings.timeZone));
        const cal = calendarOf(settings);
        expect(acknowledgeBy(new Date(later), cal).getTime()).toBeGreaterThanOrEqual(acknowledgeBy(first, cal).getTime());
      }),
    );
  });
});

describe('the process time zone', () => {
  it('does not change any deadline or business day', () => {
    const cases: Array<[string, Partial<CalendarSettings>]> = [
      ['2026-03-06T18:00:00Z', { timeZone: 'America/Los_Angeles', holidays: 'US' }],
      ['2026-11-25T14:00:00Z', { timeZone: 'America/New_York', holidays: 'US' }],
      ['2026-03-28T01:30:00Z', { timeZone: 'Europe/Berlin', holidays: 'DE-BY', workdays: [1, 2, 3, 4, 5, 6, 7] }],
      ['2026-12-31T23:30:00Z', { timeZone: 'Pacific/Kiritimati', holidays: 'DE-BY' }],
      ['2027-12-30T20:00:00Z', { timeZone: 'Pacific/Pago_Pago', holidays: 'US' }],
    ];
    const run = () =>
      cases.map(([at, settings]) => {
        // A fresh calendar each time: the holiday cache must not hide a TZ dependency.
        const cal = calendar(settings);
        return [due(at, cal), cal.isBusinessDay('2027-12-31'), cal.isBusinessDay('2026-01-06')];
      });
    const original = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const baseline = run();
      for (const tz of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/St_Johns', 'Asia/Kathmandu', 'Europe/Berlin']) {
        process.env.TZ = tz;
        expect(new Date(2026, 0, 1).getTimezoneOffset(), `TZ=${tz} took effect`).not.toBe(0);
        expect(run(), `TZ=${tz}`).toEqual(baseline);
      }
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });
});
