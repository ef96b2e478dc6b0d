// The support team's business calendar and the "within one business day" acknowledgement
// deadline (README, "Configuration"). Every date here is a civil date in the calendar's
// own zone; the process's TZ is never consulted (luxon and date-holidays are both told the zone).

import type Holidays from 'date-holidays';
import type { HolidaysTypes } from 'date-holidays';
import { IANAZone } from 'luxon';

export interface CalendarSettings {
  /** IANA zone of the support calendar, e.g. 'Europe/Berlin' */
  timeZone: string;
  /** ISO weekday numbers 1 (Monday) .. 7 (Sunday) that are business days */
  workdays: number[];
  /** a date-holidays code ('US', 'DE-BY'); '' for none */
  holidays: string;
  /** extra closed dates, YYYY-MM-DD */
  extraHolidays: string[];
}

export interface BusinessCalendar {
  readonly settings: CalendarSettings;
  /** Whether the civil date `localDate` (YYYY-MM-DD, in the calendar's zone) is a business day. */
  isBusinessDay(localDate: string): boolean;
}

/** The calendar's settings as given are not a calendar: `field` names the setting at fault. */
export class InvalidCalendar extends Error {
  constructor(
    readonly field: keyof CalendarSettings,
    /** the value at fault, quoted as it was given */
    readonly value: string,
    /** what is wrong with it, a phrase that follows the value: 'is not an IANA time zone (…).' */
    readonly problem: string,
  ) {
    super(`The calendar's ${FIELD_NAMES[field]} ${value} ${problem}`);
    this.name = 'InvalidCalendar';
  }
}

const FIELD_NAMES: Record<keyof CalendarSettings, string> = {
  timeZone: 'time zone',
  workdays: 'workdays',
  holidays: 'holiday calendar',
  extraHolidays: 'extra holiday',
};

/** No business day was found within the search bound: the settings close (nearly) every day. */
export class NoBusinessDayFound extends Error {
  constructor(
    readonly from: string,
    readonly days: number,
  ) {
    super(`No business day in the ${days} days after ${from}: check the calendar's workdays, holidays and extra holidays.`);
    this.name = 'NoBusinessDayFound';
  }
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
// Three years: far beyond any real holiday season, small enough to fail fast on a bad setup.
const SEARCH_DAYS = 3 * 366;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---------------------------------------------------------------------------------------------
// Civil dates as 'YYYY-MM-DD' strings; arithmetic in UTC milliseconds, where every day has 24 h.

function civilToUtcMs(date: string): number | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 02-30 over to 03-02 (and maps years 0..99 to 19xx): a real date round-trips.
  const real = back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d;
  return real ? ms : null;
}

function utcMsToCivil(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return utcMsToCivil((civilToUtcMs(date) as number) + days * DAY_MS);
}

function isoWeekday(date: string): number {
  return new Date(civilToUtcMs(date) as number).getUTCDay() || 7;
}

// ---------------------------------------------------------------------------------------------
// Validation

function quoted(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function checkTimeZone(timeZone: string): string {
  if (typeof timeZone !== 'string' || !IANAZone.isValidZone(timeZone)) {
    throw new InvalidCalendar('timeZone', quoted(timeZone), 'is not an IANA time zone (for example UTC or Europe/Berlin).');
  }
  return timeZone;
}

function checkWorkdays(workdays: number[]): number[] {
  const valid = Array.isArray(workdays) && workdays.length > 0 && workdays.every((d) => Number.isInteger(d) && d >= 1 && d <= 7);
  if (!valid) {
    throw new InvalidCalendar(
      'workdays',
      quoted(Array.isArray(workdays) ? workdays.join(',') : workdays),
      'must list ISO weekdays 1 (Monday) to 7 (Sunday), for example 1,2,3,4,5.',
    );
  }
  return [...new Set(workdays)].sort((a, b) => a - b);
}

function findKey(keys: readonly string[], wanted: string): string | undefined {
  return keys.find((k) => k.toUpperCase() === wanted.toUpperCase());
}

/** date-holidays' rules as its parser reads them: each country's under its code (the holidays' names and more beside) */
interface HolidayRules {
  holidays: Record<string, unknown>;
}

/** date-holidays-parser's class, whose types its package does not export: date-holidays' own is it with the rules bound */
interface HolidaysParser {
  new (rules: HolidayRules): Holidays;
  new (rules: HolidayRules, country: string, options?: HolidaysTypes.Options): Holidays;
  new (rules: HolidayRules, country: string, state: string, options?: HolidaysTypes.Options): Holidays;
  new (rules: HolidayRules, country: string, state: string, region: string, options?: HolidaysTypes.Options): Holidays;
}

// date-holidays is two parts, both among the costliest modules of a cold start: the rules of
// every country (date-holidays/data) and the parser that reads them (date-holidays-parser, with
// moment-timezone and astronomia); the package's own class only binds the one to the other. Both
// load when a holiday code is first checked or used, so a calendar without holidays (SLA_HOLIDAYS
// empty) never loads them. In the deployed bundle each country's rules are also parsed only when
// first read, so a calendar reads its own country's (and those they refer to) and no other
// (scripts/build-app.mjs). Synchronous, as the settings are read and checked when the app loads.
function holidaysLibrary(): { Parser: HolidaysParser; rules: HolidayRules } {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use (above) */
  const Parser = (require('date-holidays-parser') as { default: HolidaysParser }).default;
  const { data } = require('date-holidays/data') as { data: HolidayRules };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { Parser, rules: data };
}

// date-holidays' init() accepts any code and then silently knows no holidays, so the code is
// checked against its lists of countries, states and regions; the answer is the canonical code.
// The countries are the rules' keys: listing them by name would read every country's rules.
function checkHolidayCode(code: string): string {
  if (code === '') return '';
  const { Parser, rules } = holidaysLibrary();
  const [country = '', state, region, ...rest] = typeof code === 'string' ? code.split('-') : [];
  // No country given: the lists read the rules, where a country's holidays would be worked out from them first.
  const lists = new Parser(rules);
  const c = findKey(Object.keys(rules.holidays), country);
  const s = c && state !== undefined ? findKey(Object.keys(lists.getStates(c) ?? {}), state) : undefined;
  const r = c && s && region !== undefined ? findKey(Object.keys(lists.getRegions(c, s) ?? {}), region) : undefined;
  const known = c && (state === undefined || s) && (region === undefined || r) && rest.length === 0;
  if (!known) {
    throw new InvalidCalendar('holidays', quoted(code), 'is not a date-holidays country or country-state code (for example US or DE-BY), nor empty for none.');
  }
  return [c, s, r].filter((p) => p !== undefined).join('-');
}

function checkExtraHolidays(dates: string[]): string[] {
  const bad = Array.isArray(dates) ? dates.find((d) => typeof d !== 'string' || civilToUtcMs(d) === null) : dates;
  if (bad !== undefined || !Array.isArray(dates)) {
    throw new InvalidCalendar('extraHolidays', quoted(bad), 'is not a calendar date written YYYY-MM-DD.');
  }
  return [...new Set(dates)].sort();
}

/** The settings checked and in canonical form (workdays and dates sorted, once each; the holiday code as date-holidays spells it); throws InvalidCalendar naming the first bad one. */
export function checkCalendarSettings(settings: CalendarSettings): CalendarSettings {
  return {
    timeZone: checkTimeZone(settings.timeZone),
    workdays: checkWorkdays(settings.workdays),
    holidays: checkHolidayCode(settings.holidays),
    extraHolidays: checkExtraHolidays(settings.extraHolidays),
  };
}

// ---------------------------------------------------------------------------------------------
// Public holidays

function holidaysFor(code: string): Holidays | null {
  if (code === '') return null;
  const [country = '', state, region] = code.split('-');
  // UTC: date-holidays then reports start/end as plain wall-clock spans, free of DST and of the
  // process TZ (which it would use without a zone).
  const options = { timezone: 'UTC' };
  const { Parser, rules } = holidaysLibrary();
  if (region !== undefined && state !== undefined) return new Parser(rules, country, state, region, options);
  if (state !== undefined) return new Parser(rules, country, state, options);
  return new Parser(rules, country, options);
}

// The civil dates closed by the public holidays date-holidays lists under `year`. Substitute
// (observed) days come as their own `public` entries. A holiday may last several days (Eid,
// New Year in some countries) or begin the evening before (`date` then carries an offset such as
// "2026-03-20 00:00:00 -0600"): its first day is the date in `date`, and it closes as many
// days as its span touches.
function publicHolidayDates(holidays: Holidays, year: number): string[] {
  const dates: string[] = [];
  for (const holiday of holidays.getHolidays(year)) {
    if (holiday.type !== 'public') continue;
    const first = holiday.date.slice(0, 10);
    if (civilToUtcMs(first) === null) continue;
    const days = Math.max(1, Math.ceil((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
    for (let i = 0; i < days; i++) dates.push(addDays(first, i));
  }
  return dates;
}

/** A business calendar from its settings; throws InvalidCalendar naming the bad one. Holiday lookups are cached per year. */
export function createBusinessCalendar(settings: CalendarSettings): BusinessCalendar {
  const checked = Object.freeze(checkCalendarSettings(settings));
  const workdays = new Set(checked.workdays);
  const closed = new Set(checked.extraHolidays);
  const holidays = holidaysFor(checked.holidays);
  const loadedYears = new Set<number>();

  function load(year: number): void {
    if (!holidays || loadedYears.has(year)) return;
    loadedYears.add(year);
    for (const date of publicHolidayDates(holidays, year)) closed.add(date);
  }

  return {
    settings: checked,
    isBusinessDay(localDate: string): boolean {
      if (civilToUtcMs(localDate) === null) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${quoted(localDate)}`);
      if (!workdays.has(isoWeekday(localDate))) return false;
      const year = Number(localDate.slice(0, 4));
      // A holiday listed under the year before can close a January date: Eswatini's Incwala
      // runs six days from 28 December. None reaches past January, and each year's list costs a
      // cold start milliseconds, so the year before is read only for January. The year after
      // is read for December as a guard: date-holidays lists a substitute for 1 January under
      // the year it falls in (2027-12-31 in the US), and of its public holidays in 2020-2032
      // none listed under one year closes a date of the year before.
      const month = localDate.slice(5, 7);
      if (month === '01') load(year - 1);
      load(year);
      if (month === '12') load(year + 1);
      return !closed.has(localDate);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The deadline

interface WallTime {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const MIDNIGHT: WallTime = { hour: 0, minute: 0, second: 0, millisecond: 0 };

function firstBusinessDayAfter(calendar: BusinessCalendar, date: string): string {
  for (let i = 1; i <= SEARCH_DAYS; i++) {
    const candidate = addDays(date, i);
    if (calendar.isBusinessDay(candidate)) return candidate;
  }
  throw new NoBusinessDayFound(date, SEARCH_DAYS);
}

// The instant at which `zone` shows `date` `time`. Twice shown (DST overlap): the earlier.
// Never shown (DST gap): the first instant after the gap.
function instantOf(date: string, time: WallTime, zone: ZoneOffsets): number {
  const wall = (civilToUtcMs(date) as number) + ((time.hour * 60 + time.minute) * 60 + time.second) * 1000 + time.millisecond;
  const offsetAt = (instant: number): number => zone.offsetMs(instant);
  // The offsets in force a day either side bracket every candidate (as in Temporal's algorithm).
  const earlier = offsetAt(wall - DAY_MS);
  const later = offsetAt(wall + DAY_MS);
  // No transition within a day either side (nearly always): the one offset places the wall time.
  if (earlier === later && offsetAt(wall - earlier) === earlier) return wall - earlier;
  const offsets = new Set([earlier, later]);
  const candidates = [...offsets].map((offset) => wall - offset).filter((instant) => instant + offsetAt(instant) === wall);
  if (candidates.length > 0) return Math.min(...candidates);

  // In a gap: the transition lies between the wall time read with the later offset and with
  // the earlier one; bisect to the first millisecond of the new offset.
  const reads = [...offsets].map((offset) => wall - offset);
  let before = Math.min(...reads);
  let after = Math.max(...reads);
  const offsetBefore = zone.exactOffsetMs(before);
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    if (zone.exactOffsetMs(mid) === offsetBefore) before = mid;
    else after = mid;
  }
  return after;
}

/**
 * A zone's UTC offsets, remembered per minute. Reading an offset goes through Intl and costs tens
 * of microseconds; every modern time-zone transition falls on a whole minute, so an offset read
 * once holds for its whole minute. The DST-gap bisection reads exact offsets.
 */
class ZoneOffsets {
  private readonly byMinute = new Map<number, number>();
  private readonly zone: IANAZone;

  constructor(name: string) {
    this.zone = IANAZone.create(name);
  }

  offsetMs(instant: number): number {
    const minute = Math.floor(instant / MINUTE_MS);
    let offset = this.byMinute.get(minute);
    if (offset === undefined) {
      if (this.byMinute.size > 50_000) this.byMinute.clear();
      offset = this.exactOffsetMs(minute * MINUTE_MS);
      this.byMinute.set(minute, offset);
    }
    return offset;
  }

  exactOffsetMs(instant: number): number {
    return this.zone.offset(instant) * MINUTE_MS;
  }
}

const zoneOffsets = new Map<string, ZoneOffsets>();

function offsetsOf(timeZone: string): ZoneOffsets {
  let zone = zoneOffsets.get(timeZone);
  if (!zone) zoneOffsets.set(timeZone, (zone = new ZoneOffsets(timeZone)));
  return zone;
}

/** The acknowledgement deadline in the calendar's zone: one business day after the submission (afterBusinessDays). */
export function acknowledgeBy(submittedAt: Date, calendar: BusinessCalendar): Date {
  return afterBusinessDays(submittedAt, 1, calendar);
}

/**
 * The instant `days` business days (1 or more) after `from`, in the calendar's zone: on a business
 * day, the `days`-th business day after it at the same wall-clock time (DST gap: the first instant
 * after it; overlap: the earlier); on a closed day, 00:00 after the `days`-th business day after it.
 * Throws NoBusinessDayFound after 3 years without one.
 */
export function afterBusinessDays(from: Date, days: number, calendar: BusinessCalendar): Date {
  const ms = from.getTime();
  if (Number.isNaN(ms)) throw new RangeError('afterBusinessDays needs a valid instant');
  if (!Number.isInteger(days) || days < 1) throw new RangeError('afterBusinessDays counts 1 or more business days');
  const zone = offsetsOf(calendar.settings.timeZone);
  const shown = new Date(ms + zone.offsetMs(ms)); // the wall clock, read with UTC getters
  const local: WallTime = {
    hour: shown.getUTCHours(),
    minute: shown.getUTCMinutes(),
    second: shown.getUTCSeconds(),
    millisecond: shown.getUTCMilliseconds(),
  };
  const { open, target } = businessDaysAfter(calendar, utcMsToCivil(shown.getTime()), days);
  return open ? new Date(instantOf(target, local, zone)) : new Date(instantOf(target, MIDNIGHT, zone));
}

interface DayAfter {
  /** whether the day counted from is a business day */
  open: boolean;
  /** the day the deadline falls on: the `days`-th business day after, or the day after that when counted from a closed day */
  target: string;
}

// Every submission of a day asks the same question; the answer is remembered per calendar.
const daysAfterByCalendar = new WeakMap<BusinessCalendar, Map<string, DayAfter>>();

function businessDaysAfter(calendar: BusinessCalendar, today: string, days: number): DayAfter {
  let known = daysAfterByCalendar.get(calendar);
  if (!known) daysAfterByCalendar.set(calendar, (known = new Map()));
  const key = `${today}+${days}`;
  let answer = known.get(key);
  if (!answer) {
    let day = today;
    for (let n = 0; n < days; n++) day = firstBusinessDayAfter(calendar, day);
    const open = calendar.isBusinessDay(today);
    answer = { open, target: open ? day : addDays(day, 1) };
    if (known.size >= 1_000) known.clear();
    known.set(key, answer);
  }
  return answer;
}
