// Schedules as Azure's timer trigger reads them. Sources:
// - Azure/azure-webjobs-sdk-extensions src/WebJobs.Extensions/Extensions/Timers/Scheduling/TimerSchedule.cs
//   (`Create`: NCrontab first, then TimeSpan.TryParse, else "was not recognized as a valid cron
//   expression or timespan string") and CronSchedule.cs (`HasSeconds`: five fields are read without
//   seconds, any other count with seconds);
// - atifaziz/NCrontab NCrontab/CrontabFieldImpl.cs and CrontabField.cs (the field grammar: `*`, `,`,
//   `-`, `/`, name prefixes; weekday 0-6; a reversed range is swapped) and CrontabSchedule.cs
//   (split on spaces, day of month AND day of week).
import { Cron } from 'croner';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNcrontab, parseTimerSchedule, parseTimeSpanMs } from '../src/timerSchedule';

const at = (iso: string) => new Date(iso);

describe('NCRONTAB as NCrontab parses it (atifaziz/NCrontab CrontabFieldImpl.cs)', () => {
  it.each([
    ['0 0 0 L * *', 'L (last day): not in NCrontab'],
    ['0 0 0 15W * *', 'W (nearest weekday)'],
    ['0 0 9 * * 1#1', '# (nth weekday)'],
    ['0 0 9 ? * 1', '? (no specific value)'],
    ['0 0 9 * * 7', '7 for Sunday: weekdays are 0-6'],
    ['0 0 9 * * MON-FRI-SAT', 'a range of three'],
    ['0 0 24 * * *', 'hour 24'],
    ['0 0 0 0 * *', 'day 0'],
    ['0 0 0 1 13 *', 'month 13'],
    ['0 0 0 1 * Mondays', 'a name longer than the weekday'],
    ['0 0 0 1,, * *', 'an empty list element'],
    ['0 */ * * * *', 'a step without a number'],
    ['@daily', 'a macro'],
    ['0 0 0 * *', 'five fields are minutes first: 0 is not a month'],
    ['0 0 0 * * * *', 'seven fields'],
  ])('refuses %s (%s), which croner accepts or reads otherwise', (expression) => {
    expect(() => parseNcrontab(expression)).toThrow(/crontab/);
  });

  it('names the field that is wrong', () => {
    expect(() => parseNcrontab('0 0 9 * * 1#1')).toThrow("'1#1' is not a valid [DayOfWeek] crontab field expression");
    expect(() => parseNcrontab('0 0 0 L * *')).toThrow("'L' is not a valid [Day] crontab field expression");
  });

  it('accepts names by any prefix, case-insensitively, first match (Ju is June)', () => {
    expect(parseNcrontab('0 0 12 1 ju *').next(at('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-06-01T12:00:00.000Z');
    expect(parseNcrontab('0 0 12 * * mon-FRI').next(at('2026-11-28T00:00:00Z')).toISOString()).toBe('2026-11-30T12:00:00.000Z');
  });

  it('swaps a reversed range, as CrontabField.Accumulate does', () => {
    expect(parseNcrontab('0 0 10-8 * * *').next(at('2026-01-01T08:30:00Z')).toISOString()).toBe('2026-01-01T09:00:00.000Z');
  });

  it('reads five fields without seconds and six with seconds (CronSchedule.HasSeconds)', () => {
    expect(parseNcrontab('30 9 * * 1-5').next(at('2026-11-27T10:00:00Z')).toISOString()).toBe('2026-11-30T09:30:00.000Z');
    expect(parseNcrontab('15 30 9 * * 1-5').next(at('2026-11-27T10:00:00Z')).toISOString()).toBe('2026-11-30T09:30:15.000Z');
    expect(() => parseNcrontab('30 9 * * 1-5', { fields: 6 })).toThrow(/6 components/);
  });

  it('needs day of month and day of week both (the 13th that is a Friday)', () => {
    expect(parseNcrontab('0 0 0 13 * 5').next(at('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-02-13T00:00:00.000Z');
  });

  it('gives the occurrence strictly after the instant, at whole seconds', () => {
    const everyFive = parseNcrontab('*/5 * * * * *');
    expect(everyFive.next(at('2026-01-01T00:00:05.000Z')).toISOString()).toBe('2026-01-01T00:00:10.000Z');
    expect(everyFive.next(at('2026-01-01T00:00:04.999Z')).toISOString()).toBe('2026-01-01T00:00:05.000Z');
  });

  it('finds the 29th of February and ends the search for a day that never comes', () => {
    expect(parseNcrontab('0 0 0 29 2 *').next(at('2026-03-01T00:00:00Z')).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(() => parseNcrontab('0 0 0 30 2 *').next(at('2026-01-01T00:00:00Z'))).toThrow(/no next occurrence/);
  });

  it('computes the same next occurrences as croner for the syntax both understand', () => {
    const value = (min: number, max: number) => fc.integer({ min, max });
    // [NCRONTAB, croner] pairs: croner spells NCrontab's `5/10` (from 5 to the maximum) as `5-max/10`.
    const field = (min: number, max: number): fc.Arbitrary<[string, string]> =>
      fc.oneof(
        fc.constant<[string, string]>(['*', '*']),
        value(min, max).map((v): [string, string] => [String(v), String(v)]),
        fc
          .tuple(value(min, max), value(min, max))
          .map(([a, b]): [string, string] => [`${Math.min(a, b)}-${Math.max(a, b)}`, `${Math.min(a, b)}-${Math.max(a, b)}`]),
        fc.tuple(value(min, max), value(1, max)).map(([a, step]): [string, string] => [`${a}/${step}`, `${a}-${max}/${step}`]),
        value(1, max).map((step): [string, string] => [`*/${step}`, `*/${step}`]),
        fc.uniqueArray(value(min, max), { minLength: 2, maxLength: 4 }).map((values): [string, string] => [values.join(','), values.join(',')]),
      );
    const expression = fc.tuple(field(0, 59), field(0, 59), field(0, 23), field(1, 31), field(1, 12), field(0, 6));
    const instant = fc.date({ min: at('2020-01-01T00:00:00Z'), max: at('2030-01-01T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(expression, instant, (fields, after) => {
        const cron = fields.map(([ours]) => ours).join(' ');
        const expected = new Cron(fields.map(([, theirs]) => theirs).join(' '), { timezone: 'UTC', domAndDow: true, paused: true }).nextRun(after);
        if (!expected) return;
        expect(parseNcrontab(cron).next(after).toISOString(), cron).toBe(expected.toISOString());
      }),
      { numRuns: 300 },
    );
  });
});

describe('TimeSpan schedules (TimerSchedule.Create: TimeSpan.TryParse after NCrontab)', () => {
  it.each([
    ['00:05:00', 5 * 60_000],
    ['1:30', 90 * 60_000],
    ['1.02:00', 26 * 3600_000],
    ['1:02:03:04', ((26 * 60 + 3) * 60 + 4) * 1000],
    ['00:00:01.5', 1500],
    ['2', 2 * 86_400_000],
  ])('reads %s as .NET does', (text, ms) => {
    expect(parseTimeSpanMs(text)).toBe(ms);
  });

  it.each(['24:00:00', '00:60:00', '1:2:3:4:5', 'five minutes', ''])('refuses %j', (text) => {
    expect(parseTimeSpanMs(text)).toBeUndefined();
  });

  it("tries NCRONTAB first, then TimeSpan, then refuses with the host's message", () => {
    expect(parseTimerSchedule('0 */5 * * * *').kind).toBe('cron');
    expect(parseTimerSchedule('00:05:00').next(at('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-01-01T00:05:00.000Z');
    expect(() => parseTimerSchedule('0 0 9 * * 1#1')).toThrow(
      "The schedule expression '0 0 9 * * 1#1' was not recognized as a valid cron expression or timespan string",
    );
  });
});
