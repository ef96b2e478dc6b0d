// Timer schedules as Azure Functions reads them, so a schedule that passes here starts in Azure
// too. The timer trigger (azure-webjobs-sdk-extensions, Timers/Scheduling/TimerSchedule.cs
// `Create`) tries NCrontab first (CronSchedule.cs `TryCreate`: five fields without seconds, any
// other count with seconds), then a .NET TimeSpan, and refuses anything else. NCrontab
// (atifaziz/NCrontab, CrontabFieldImpl.cs and CrontabField.cs) knows `*`, lists `,`, ranges `-`,
// steps `/` and month and weekday names; it has no `L`, `W`, `#` or `?`, and weekdays run 0-6.
// Pure: the settings validate SLA_SWEEP_SCHEDULE with it and the local host runs timers with it.

/** A parsed schedule; occurrences are in UTC (Flex Consumption has no time zone setting). */
export interface TimerSchedule {
  readonly expression: string;
  /** `cron` for NCRONTAB, `interval` for a TimeSpan. */
  readonly kind: 'cron' | 'interval';
  /** The first occurrence strictly after `after` (whole seconds for NCRONTAB). */
  next(after: Date): Date;
}

/** The expression is not one Azure's timer trigger accepts; the message says why. */
export class ScheduleSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleSyntaxError';
  }
}

interface FieldSpec {
  readonly kind: 'Second' | 'Minute' | 'Hour' | 'Day' | 'Month' | 'DayOfWeek';
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const SECOND: FieldSpec = { kind: 'Second', min: 0, max: 59 };
const MINUTE: FieldSpec = { kind: 'Minute', min: 0, max: 59 };
const HOUR: FieldSpec = { kind: 'Hour', min: 0, max: 23 };
const DAY: FieldSpec = { kind: 'Day', min: 1, max: 31 };
const MONTH: FieldSpec = {
  kind: 'Month',
  min: 1,
  max: 12,
  names: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
const DAY_OF_WEEK: FieldSpec = { kind: 'DayOfWeek', min: 0, max: 6, names: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] };

const INT32_MAX = 2 ** 31 - 1;

/** .NET `int.Parse` with the invariant culture: optional sign, digits, optional whitespace around. */
function parseInt32(text: string, field: FieldSpec, whole: string): number {
  const match = /^[\t\n\v\f\r ]*([+-]?)(\d+)[\t\n\v\f\r ]*$/.exec(text);
  const value = match ? Number(`${match[1]}${match[2]}`) : NaN;
  if (!Number.isSafeInteger(value) || Math.abs(value) > INT32_MAX) throw fieldError(whole, field);
  return value;
}

function fieldError(text: string, field: FieldSpec, why?: string): ScheduleSyntaxError {
  return new ScheduleSyntaxError(`'${text}' is not a valid [${field.kind}] crontab field expression${why ? `: ${why}` : ''}.`);
}

/** One value: a number, or (months, weekdays) any prefix of a name, case-insensitive, first match wins. */
function fieldValue(text: string, field: FieldSpec, whole: string): number {
  if (text.length === 0) throw fieldError(whole, field, 'a crontab field value cannot be empty');
  if (text[0]! >= '0' && text[0]! <= '9') return parseInt32(text, field, whole);
  const lower = text.toLowerCase();
  const index = field.names?.findIndex((name) => name.toLowerCase().startsWith(lower)) ?? -1;
  if (index < 0) {
    throw fieldError(whole, field, field.names ? `'${text}' is not a known value name` : `'${text}' must be a number from ${field.min} to ${field.max}`);
  }
  return index + field.min;
}

function accumulate(bits: boolean[], field: FieldSpec, whole: string, start: number, end: number, every: number): void {
  let from = start;
  let to = end;
  if (from > to) [from, to] = [to, from]; // NCrontab swaps a reversed range
  if (from < field.min) throw fieldError(whole, field, `${from} is lower than the minimum ${field.min}`);
  if (to > field.max) throw fieldError(whole, field, `${to} is higher than the maximum ${field.max}`);
  for (let value = from; value <= to; value += Math.max(1, every)) bits[value] = true;
}

function parseFieldInto(bits: boolean[], text: string, field: FieldSpec, whole: string): void {
  if (text.length === 0) throw fieldError(whole, field, 'a crontab field value cannot be empty');
  if (text.indexOf(',') > 0) {
    for (const part of text.split(',')) parseFieldInto(bits, part, field, whole);
    return;
  }
  let every: number | undefined;
  let base = text;
  const slash = text.indexOf('/');
  if (slash > 0) {
    every = parseInt32(text.slice(slash + 1), field, whole);
    base = text.slice(0, slash);
  }
  if (base === '*') {
    accumulate(bits, field, whole, field.min, field.max, every ?? 1);
    return;
  }
  const dash = base.indexOf('-');
  if (dash > 0) {
    accumulate(bits, field, whole, fieldValue(base.slice(0, dash), field, whole), fieldValue(base.slice(dash + 1), field, whole), every ?? 1);
    return;
  }
  const value = fieldValue(base, field, whole);
  if (every === undefined) accumulate(bits, field, whole, value, value, 1);
  else accumulate(bits, field, whole, value, field.max, every);
}

function parseField(text: string, field: FieldSpec): readonly boolean[] {
  const bits = new Array<boolean>(field.max + 1).fill(false);
  parseFieldInto(bits, text, field, text);
  return bits;
}

/** The first value in `bits` at or after `from`, or -1. */
function firstFrom(bits: readonly boolean[], from: number): number {
  for (let value = from; value < bits.length; value++) if (bits[value]) return value;
  return -1;
}

const DAY_MS = 86_400_000;
// Long enough for any date that exists (the 29th of February on a given weekday recurs within 28
// years); an expression with no real date (the 30th of February) ends the search here.
const SEARCH_DAYS = 400 * 366;

/**
 * Parses an NCRONTAB expression as Azure does: six fields `{second} {minute} {hour} {day}
 * {month} {day-of-week}` (or five, without seconds, when `fields` allows it), separated by spaces.
 * Day of month and day of week must both match. Throws ScheduleSyntaxError saying which field is wrong.
 */
export function parseNcrontab(expression: string, options: { fields: 6 | 'five-or-six' } = { fields: 'five-or-six' }): TimerSchedule {
  const tokens = expression.split(' ').filter((token) => token !== '');
  const withSeconds = !(options.fields === 'five-or-six' && tokens.length === 5);
  const expected = withSeconds ? 6 : 5;
  if (tokens.length !== expected) {
    throw new ScheduleSyntaxError(
      withSeconds
        ? `'${expression}' is an invalid crontab expression. It must contain 6 components of a schedule in the sequence of seconds, minutes, hours, days, months, and days of week.`
        : `'${expression}' is an invalid crontab expression. It must contain 5 components of a schedule in the sequence of minutes, hours, days, months, and days of week.`,
    );
  }
  const specs = withSeconds ? [SECOND, MINUTE, HOUR, DAY, MONTH, DAY_OF_WEEK] : [MINUTE, HOUR, DAY, MONTH, DAY_OF_WEEK];
  const parsed = tokens.map((token, i) => parseField(token, specs[i]!));
  const [seconds, minutes, hours, days, months, weekdays] = withSeconds
    ? (parsed as [readonly boolean[], readonly boolean[], readonly boolean[], readonly boolean[], readonly boolean[], readonly boolean[]])
    : [parseField('0', SECOND), ...(parsed as [readonly boolean[], readonly boolean[], readonly boolean[], readonly boolean[], readonly boolean[]])];

  /** The first time on `day` (UTC midnight, ms) at or after hh:mm:ss, or undefined. */
  const firstTimeOn = (day: number, h0: number, m0: number, s0: number): number | undefined => {
    for (let h = firstFrom(hours, h0); h >= 0; h = firstFrom(hours, h + 1)) {
      const mFrom = h === h0 ? m0 : 0;
      for (let m = firstFrom(minutes, mFrom); m >= 0; m = firstFrom(minutes, m + 1)) {
        const s = firstFrom(seconds, h === h0 && m === m0 ? s0 : 0);
        if (s >= 0) return day + ((h * 60 + m) * 60 + s) * 1000;
      }
    }
    return undefined;
  };

  return {
    expression,
    kind: 'cron',
    next(after: Date): Date {
      const start = Math.floor(after.getTime() / 1000) * 1000 + 1000;
      const firstDay = Math.floor(start / DAY_MS) * DAY_MS;
      for (let i = 0; i < SEARCH_DAYS; i++) {
        const day = firstDay + i * DAY_MS;
        const date = new Date(day);
        if (!months[date.getUTCMonth() + 1] || !days[date.getUTCDate()] || !weekdays[date.getUTCDay()]) continue;
        const secondsOfDay = i === 0 ? (start - day) / 1000 : 0;
        const found = firstTimeOn(day, Math.floor(secondsOfDay / 3600), Math.floor(secondsOfDay / 60) % 60, secondsOfDay % 60);
        if (found !== undefined) return new Date(found);
      }
      throw new ScheduleSyntaxError(`'${expression}' has no next occurrence`);
    },
  };
}

/**
 * A .NET TimeSpan as `TimeSpan.TryParse` reads it with the invariant culture: `d`, `hh:mm`,
 * `hh:mm:ss`, `d.hh:mm[:ss]`, `d:hh:mm:ss`, each with an optional `.fffffff` after the seconds
 * and an optional leading `-`. Returns milliseconds, or undefined when it is no TimeSpan.
 */
export function parseTimeSpanMs(text: string): number | undefined {
  const trimmed = /^\s*(-?)(.*?)\s*$/.exec(text)!;
  const sign = trimmed[1] === '-' ? -1 : 1;
  const body = trimmed[2]!;
  if (/^\d+$/.test(body)) {
    const days = Number(body);
    return days > 10_675_199 ? undefined : sign * days * DAY_MS;
  }
  // d.hh:mm[:ss[.f]], d:hh:mm:ss[.f] (four parts need the seconds), hh:mm[:ss[.f]]
  const parts =
    /^(\d+)\.(\d+):(\d+)(?::(\d+)(?:\.(\d{1,7}))?)?$/.exec(body) ??
    /^(\d+):(\d+):(\d+):(\d+)(?:\.(\d{1,7}))?$/.exec(body) ??
    /^()(\d+):(\d+)(?::(\d+)(?:\.(\d{1,7}))?)?$/.exec(body);
  if (!parts) return undefined;
  const [, days, hours, minutes, seconds, fraction] = parts;
  const [h, m, s] = [Number(hours), Number(minutes), Number(seconds ?? 0)];
  if (h > 23 || m > 59 || s > 59) return undefined;
  const ms = ((Number(days || 0) * 24 + h) * 60 + m) * 60_000 + s * 1000 + (fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0);
  return sign * ms;
}

/**
 * A timer trigger's schedule as the Functions host reads it (TimerSchedule.Create): NCRONTAB
 * first, then a TimeSpan interval; otherwise the host's own refusal. (Microsoft documents TimeSpan
 * schedules for the App Service plan only; the trigger's code accepts them wherever it runs.)
 */
export function parseTimerSchedule(expression: string): TimerSchedule {
  let cronError: ScheduleSyntaxError;
  try {
    return parseNcrontab(expression);
  } catch (error) {
    if (!(error instanceof ScheduleSyntaxError)) throw error;
    cronError = error;
  }
  const interval = parseTimeSpanMs(expression);
  if (interval === undefined) {
    throw new ScheduleSyntaxError(
      `The schedule expression '${expression}' was not recognized as a valid cron expression or timespan string (${cronError.message})`,
    );
  }
  if (interval <= 0) throw new ScheduleSyntaxError(`The schedule expression '${expression}' is a TimeSpan that is not positive`);
  return { expression, kind: 'interval', next: (after) => new Date(after.getTime() + interval) };
}
