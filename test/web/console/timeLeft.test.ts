import { describe, expect, it } from 'vitest';
import { durationWords, timeLeft, timeLeftWords } from '../../../src/web/console/timeLeft';

const DEADLINE = '2026-12-01T15:00:00.000Z';
const at = (offsetMs: number): Date => new Date(Date.parse(DEADLINE) + offsetMs);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('timeLeft', () => {
  it('counts the deadline itself as still in time, as the SLA sweep does, and the next millisecond as overdue', () => {
    expect(timeLeft(DEADLINE, at(0))).toEqual({ overdue: false, minutes: 0 });
    expect(timeLeft(DEADLINE, at(1))).toEqual({ overdue: true, minutes: 0 });
    expect(timeLeft(DEADLINE, at(-1))).toEqual({ overdue: false, minutes: 0 });
  });

  it('rounds down to whole minutes on both sides of the deadline', () => {
    expect(timeLeft(DEADLINE, at(-(MIN - 1)))).toEqual({ overdue: false, minutes: 0 });
    expect(timeLeft(DEADLINE, at(-MIN))).toEqual({ overdue: false, minutes: 1 });
    expect(timeLeft(DEADLINE, at(40 * MIN + 59_999))).toEqual({ overdue: true, minutes: 40 });
  });
});

describe('durationWords', () => {
  it('says minutes under an hour, hours and minutes under a day, days and hours beyond', () => {
    expect(durationWords(0, 'en')).toBe('0 min');
    expect(durationWords(59, 'en')).toBe('59 min');
    expect(durationWords(60, 'en')).toBe('1 h');
    expect(durationWords(61, 'en')).toBe('1 h 1 min');
    expect(durationWords(23 * 60 + 59, 'en')).toBe('23 h 59 min');
    expect(durationWords(24 * 60, 'en')).toBe('1 day');
    expect(durationWords(24 * 60 + 59, 'en')).toBe('1 day');
    expect(durationWords(27 * 60, 'en')).toBe('1 day 3 h');
    expect(durationWords(48 * 60, 'en')).toBe('2 days');
  });

  it('has the German units', () => {
    expect(durationWords(40, 'de')).toBe('40 Min.');
    expect(durationWords(3 * 60 + 20, 'de')).toBe('3 Std. 20 Min.');
    expect(durationWords(24 * 60, 'de')).toBe('1 Tag');
    expect(durationWords(50 * 60, 'de')).toBe('2 Tage 2 Std.');
  });
});

describe('timeLeftWords', () => {
  it('says the time left, and how long overdue, in English', () => {
    expect(timeLeftWords(DEADLINE, at(-3 * HOUR), 'en')).toBe('3 h left');
    expect(timeLeftWords(DEADLINE, at(40 * MIN), 'en')).toBe('overdue by 40 min');
    expect(timeLeftWords(DEADLINE, at(-(3 * HOUR + 20 * MIN)), 'en')).toBe('3 h 20 min left');
    expect(timeLeftWords(DEADLINE, at(26 * HOUR), 'en')).toBe('overdue by 1 day 2 h');
  });

  it('says it in German', () => {
    expect(timeLeftWords(DEADLINE, at(-3 * HOUR), 'de')).toBe('noch 3 Std.');
    expect(timeLeftWords(DEADLINE, at(40 * MIN), 'de')).toBe('40 Min. überfällig');
  });

  it('says "less than a minute" at the deadline and just after it, never "0 min"', () => {
    expect(timeLeftWords(DEADLINE, at(0), 'en')).toBe('less than a minute left');
    expect(timeLeftWords(DEADLINE, at(-59_999), 'en')).toBe('less than a minute left');
    expect(timeLeftWords(DEADLINE, at(1), 'en')).toBe('overdue by less than a minute');
    expect(timeLeftWords(DEADLINE, at(1), 'de')).toBe('seit weniger als einer Minute überfällig');
    expect(timeLeftWords(DEADLINE, at(MIN), 'en')).toBe('overdue by 1 min');
    expect(timeLeftWords(DEADLINE, at(-60 * MIN), 'en')).toBe('1 h left');
    expect(timeLeftWords(DEADLINE, at(-(60 * MIN - 1)), 'en')).toBe('59 min left');
  });
});
