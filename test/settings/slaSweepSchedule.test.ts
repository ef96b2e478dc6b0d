// SLA_SWEEP_SCHEDULE is checked as Azure's timer trigger checks a schedule (NCrontab, through
// packages/timer-schedule; see packages/timer-schedule/test/timerSchedule.test.ts for the grammar and its
// sources): a value that passes here must also start slaSweep in Azure.
import { describe, expect, it } from 'vitest';
import { SettingError, readSettings } from '../../src/settings';

function refusal(schedule: string): SettingError {
  try {
    readSettings({ SLA_SWEEP_SCHEDULE: schedule });
  } catch (error) {
    if (error instanceof SettingError) return error;
    throw error;
  }
  throw new Error(`readSettings accepted SLA_SWEEP_SCHEDULE=${schedule}`);
}

describe('SLA_SWEEP_SCHEDULE', () => {
  it('takes six-field NCRONTAB, names included, and defaults to every five minutes', () => {
    expect(readSettings({}).slaSweepSchedule).toBe('0 */5 * * * *');
    expect(readSettings({ SLA_SWEEP_SCHEDULE: '0 30 8 * * Mon-Fri' }).slaSweepSchedule).toBe('0 30 8 * * Mon-Fri');
  });

  it.each([
    ['0 0 9 * * 1#1', 'the first Monday: croner reads it, NCrontab does not'],
    ['0 0 0 L * *', 'the last day of the month'],
    ['0 0 9 15W * *', 'the weekday nearest the 15th'],
    ['0 0 9 ? * 1', 'no specific day'],
    ['0 0 9 * * 7', 'Sunday as 7'],
    ['*/5 * * * *', 'five fields'],
    ['00:05:00', 'a TimeSpan, which Microsoft documents for the App Service plan only'],
  ])('refuses %s (%s) with one line naming the setting', (schedule) => {
    const error = refusal(schedule);
    expect(error.setting).toBe('SLA_SWEEP_SCHEDULE');
    expect(error.message).toMatch(/^SLA_SWEEP_SCHEDULE ".*" is not a six-field NCRONTAB expression: /);
    expect(error.message).not.toContain('\n');
  });
});
