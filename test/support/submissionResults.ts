// The schema's verdict on a decoded body, for the tests of the schema and of the form's decoding.

import { type FieldError, parseSubmission, type SubmissionResult } from '../../src/domain/submission';
import type { Locale } from '../../src/domain/vocabulary';

export const CVSS_10 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H';

/** parseSubmission with `defaultLocale` for a reporter who names none (en unless given). */
export function parse(input: unknown, defaultLocale: Locale = 'en'): SubmissionResult {
  return parseSubmission(input, { defaultLocale });
}

/** The errors of an input that must be invalid. */
export function errorsOf(input: unknown): FieldError[] {
  const result = parse(input);
  if (result.ok) throw new Error(`expected errors, got a valid submission: ${JSON.stringify(result.submission)}`);
  return result.errors;
}

/** The paths of an invalid input's errors, in their order. */
export function pathsOf(input: unknown): string[] {
  return errorsOf(input).map((e) => e.path);
}
