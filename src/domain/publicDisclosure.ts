// The day a reporter plans to publish what they found (coordinated disclosure). A day, not an
// instant: reporters name a date, in no particular time zone.
//
// A date on or before the day of the report (UTC) is accepted, not refused: it says the details are
// public already (the reporter, or someone else, published them), which is worth more to operators
// than a form that would not take it. The schema cannot refuse it anyway without a clock, and the
// domain has none.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is an ISO 8601 calendar date `YYYY-MM-DD` that exists (no 2025-02-30), year 1000 to 9999. */
export function isCalendarDate(s: string): boolean {
  const match = ISO_DATE.exec(s);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one (UTC, so no zone or DST moves it).
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Where a planned disclosure stood when the report came in: none named, still ahead, or already public. */
export type DisclosureState = 'none' | 'planned' | 'public';

/**
 * `none` without a date; `public` for a date on or before the UTC day of `submittedAt` (ISO 8601
 * instant): published already; otherwise `planned`.
 */
export function disclosureState(publicDisclosure: string | null, submittedAt: string): DisclosureState {
  if (publicDisclosure === null) return 'none';
  return publicDisclosure <= submittedAt.slice(0, 10) ? 'public' : 'planned';
}
