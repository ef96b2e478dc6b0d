// The SLA_* settings of the business calendar (README, "Configuration"): read here, checked by the
// calendar (src/domain/calendar.ts), refused with one line naming the setting and the bad value.
import { describe, expect, it } from 'vitest';
import { readSettings, SettingError } from '../../src/settings';

const calendarOf = (env: Record<string, string>) => readSettings(env).calendar;

describe('the calendar settings', () => {
  it('default to UTC, Monday to Friday, no holidays', () => {
    expect(calendarOf({})).toEqual({ timeZone: 'UTC', workdays: [1, 2, 3, 4, 5], holidays: '', extraHolidays: [] });
  });

  it('treat blank values as unset', () => {
    expect(calendarOf({ SLA_TIME_ZONE: ' ', SLA_WORKDAYS: '', SLA_HOLIDAYS: '', SLA_EXTRA_HOLIDAYS: '' })).toEqual(calendarOf({}));
  });

  it('read every setting, tolerating spaces around list items', () => {
    expect(
      calendarOf({
        SLA_TIME_ZONE: 'Europe/Berlin',
        SLA_WORKDAYS: '2, 1,3',
        SLA_HOLIDAYS: 'de-by',
        SLA_EXTRA_HOLIDAYS: '2026-12-31, 2026-12-24',
      }),
    ).toEqual({ timeZone: 'Europe/Berlin', workdays: [1, 2, 3], holidays: 'DE-BY', extraHolidays: ['2026-12-24', '2026-12-31'] });
  });

  it.each([
    [{ SLA_TIME_ZONE: 'Mars/Olympus_Mons' }, 'SLA_TIME_ZONE', 'Mars/Olympus_Mons'],
    [{ SLA_WORKDAYS: '1,2,8' }, 'SLA_WORKDAYS', '1,2,8'],
    [{ SLA_WORKDAYS: 'mon,tue' }, 'SLA_WORKDAYS', 'mon,tue'],
    [{ SLA_WORKDAYS: ',' }, 'SLA_WORKDAYS', ','],
    [{ SLA_WORKDAYS: '1.5' }, 'SLA_WORKDAYS', '1.5'],
    [{ SLA_HOLIDAYS: 'XX' }, 'SLA_HOLIDAYS', 'XX'],
    [{ SLA_HOLIDAYS: 'DE-ZZ' }, 'SLA_HOLIDAYS', 'DE-ZZ'],
    [{ SLA_HOLIDAYS: 'US-CA-XX-YY' }, 'SLA_HOLIDAYS', 'US-CA-XX-YY'],
    [{ SLA_EXTRA_HOLIDAYS: '2026-02-30' }, 'SLA_EXTRA_HOLIDAYS', '2026-02-30'],
    [{ SLA_EXTRA_HOLIDAYS: '2026-12-24,24.12.2026' }, 'SLA_EXTRA_HOLIDAYS', '24.12.2026'],
  ] as const)('reject %j with one line naming %s and the bad value', (env, setting, value) => {
    let error: unknown;
    try {
      readSettings(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingError);
    const e = error as SettingError;
    expect(e.setting).toBe(setting);
    expect(e.message).toContain(setting);
    expect(e.message).toContain(value);
    expect(e.message).not.toContain('\n');
  });

  it('word the refusal as README shows it', () => {
    expect(() => readSettings({ SLA_TIME_ZONE: 'Mars/Olympus' })).toThrow(
      'SLA_TIME_ZONE "Mars/Olympus" is not an IANA time zone (for example UTC or Europe/Berlin).',
    );
    expect(() => readSettings({ SLA_EXTRA_HOLIDAYS: '2026-12-24;2026-12-31' })).toThrow(
      'SLA_EXTRA_HOLIDAYS "2026-12-24;2026-12-31" is not a calendar date written YYYY-MM-DD (dates are separated by commas).',
    );
  });
});
