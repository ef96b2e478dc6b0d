import { describe, expect, it } from 'vitest';
import { disclosureState, isCalendarDate } from '../../src/domain/publicDisclosure';

describe('isCalendarDate', () => {
  it('knows the days of each month, leap years included', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2100-02-29')).toBe(false);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('2025-04-30')).toBe(true);
    expect(isCalendarDate('2025-04-31')).toBe(false);
    expect(isCalendarDate('2025-12-31')).toBe(true);
    expect(isCalendarDate('2025-12-32')).toBe(false);
  });
});

describe('disclosureState', () => {
  const submittedAt = '2025-06-10T23:30:00.000Z';
  it('is none without a date', () => {
    expect(disclosureState(null, submittedAt)).toBe('none');
  });
  it('is public for a date before the UTC day of the report, and for that day itself', () => {
    expect(disclosureState('2024-12-31', submittedAt)).toBe('public');
    expect(disclosureState('2025-06-10', submittedAt)).toBe('public');
  });
  it('is planned for the next day on', () => {
    expect(disclosureState('2025-06-11', submittedAt)).toBe('planned');
  });
});
