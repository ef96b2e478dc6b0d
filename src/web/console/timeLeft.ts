// How long until a deadline, or how long past it, in the operator's words: "3 h left", "overdue by
// 40 min", "noch 3 Std.", "40 Min. überfällig". Wall-clock time from the current instant to the
// deadline the business calendar set (the calendar already made it "one business day"). Pure: the
// instant is given, never read.

import type { Locale } from '../../domain/vocabulary';

const MINUTE_MS = 60_000;
const HOUR_MINUTES = 60;
const DAY_MINUTES = 24 * HOUR_MINUTES;

/** Where a deadline stands at an instant: still ahead, or passed, by whole minutes (rounded down). */
export interface TimeLeft {
  /** true once the instant is after the deadline (as the SLA sweep counts it: the deadline itself is still in time) */
  overdue: boolean;
  /** whole minutes between the two, rounded down: 0 for less than a minute */
  minutes: number;
}

/** Where `deadline` (ISO 8601) stands at `now`. */
export function timeLeft(deadline: string, now: Date): TimeLeft {
  const difference = Date.parse(deadline) - now.getTime();
  return { overdue: difference < 0, minutes: Math.floor(Math.abs(difference) / MINUTE_MS) };
}

const UNITS: Record<Locale, { min: string; h: string; day: string; days: string }> = {
  en: { min: 'min', h: 'h', day: 'day', days: 'days' },
  de: { min: 'Min.', h: 'Std.', day: 'Tag', days: 'Tage' },
};

/**
 * A span of whole minutes in words, the two largest units that matter: under an hour in minutes
 * ("40 min"), under a day in hours and minutes ("3 h", "3 h 20 min"), else in days and hours
 * ("1 day 3 h", "2 Tage"). 0 is "0 min"; a caller says "less than a minute" itself where it means that.
 */
export function durationWords(minutes: number, locale: Locale): string {
  const u = UNITS[locale];
  const whole = Math.max(0, Math.floor(minutes));
  if (whole < HOUR_MINUTES) return `${whole} ${u.min}`;
  if (whole < DAY_MINUTES) {
    const hours = Math.floor(whole / HOUR_MINUTES);
    const rest = whole % HOUR_MINUTES;
    return rest === 0 ? `${hours} ${u.h}` : `${hours} ${u.h} ${rest} ${u.min}`;
  }
  const days = Math.floor(whole / DAY_MINUTES);
  const hours = Math.floor((whole % DAY_MINUTES) / HOUR_MINUTES);
  const dayWord = `${days} ${days === 1 ? u.day : u.days}`;
  return hours === 0 ? dayWord : `${dayWord} ${hours} ${u.h}`;
}

const PHRASES: Record<Locale, { left: string; overdue: string; underMinuteLeft: string; underMinuteOverdue: string }> = {
  en: { left: '{span} left', overdue: 'overdue by {span}', underMinuteLeft: 'less than a minute left', underMinuteOverdue: 'overdue by less than a minute' },
  de: {
    left: 'noch {span}',
    overdue: '{span} überfällig',
    underMinuteLeft: 'noch weniger als eine Minute',
    underMinuteOverdue: 'seit weniger als einer Minute überfällig',
  },
};

/** The time left until `deadline` at `now` in words ("3 h left", "overdue by 40 min"). */
export function timeLeftWords(deadline: string, now: Date, locale: Locale): string {
  const { overdue, minutes } = timeLeft(deadline, now);
  const p = PHRASES[locale];
  if (minutes === 0) return overdue ? p.underMinuteOverdue : p.underMinuteLeft;
  return (overdue ? p.overdue : p.left).replace('{span}', durationWords(minutes, locale));
}
