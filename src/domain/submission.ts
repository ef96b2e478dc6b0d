// The intake schema for POST /api/tickets (openapi/openapi.json, Submission): what a reporter may
// send, in JSON or from the HTML form. Each problem is a FieldError: a stable `code` with its
// `params` for clients that word it themselves (the web form, in German or English:
// src/web/i18n.ts), and a clear English `message` for everyone else.
//
// Decisions, so the web form and the API agree:
// - Single-line fields (offerId, summary, reporter.name, reporter.email, cveId, cvssVector, weakness,
//   publicDisclosure) refuse
//   control characters, direction controls and invisible format characters anywhere (checked
//   before trimming: a pasted line break is a mistake worth telling), then are stored trimmed and
//   in Unicode NFC, so two values that look the same are the same. Multi-line fields are stored
//   exactly as sent; only the blank check trims.
// - A summary needs five visible characters: spaces and invisible characters do not count.
// - An optional field that is null, empty or blank counts as absent, in JSON as in the form.
// - Lengths count Unicode code points, never more than the UTF-16 units an HTML maxlength
//   counts: whatever the form lets through, the API accepts.
// - Strings must be well-formed Unicode (no lone surrogates): they end up in UTF-8 emails.

import { z } from 'zod';
import { type CvssScore, scoreCvssVector } from './cvss';
import { isCveId } from './cveId';
import { isCweId } from './cweId';
import { isCalendarDate } from './publicDisclosure';
import { CATEGORIES, EXPLOITATIONS, LOCALES, type Locale } from './vocabulary';

export const LIMITS = {
  summaryMin: 5,
  summaryMax: 200,
  descriptionMax: 20000,
  offerIdMax: 100,
  nameMax: 200,
  emailMax: 254,
  cveIdMax: 28,
  cvssVectorMax: 500,
  stepsMax: 20000,
  messageMax: 5000,
  affectedVersionsMax: 1000,
  /** "CWE-" and up to six digits */
  weaknessMax: 10,
  /** YYYY-MM-DD */
  publicDisclosureMax: 10,
} as const;

/** Every kind of problem parseSubmission reports; a client words a code it does not know by the error's `message`. */
export const FIELD_ERROR_CODES = [
  'required',
  'blank',
  'too_short',
  'too_long',
  'wrong_type',
  'unknown_field',
  'duplicate_field',
  'control_characters',
  'bidi_controls',
  'invisible_characters',
  'too_few_visible_characters',
  'invalid_unicode',
  'invalid_email',
  'invalid_offer_id',
  'invalid_cve',
  'invalid_cvss',
  'invalid_cwe',
  'invalid_date',
  'vulnerability_needs_cve_or_cvss',
  'steps_required',
  'not_an_object',
] as const;

export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

/** What a wrong_type value should have been: text, true/false, an object, or one of `options`. */
export type ExpectedValue = 'text' | 'boolean' | 'object' | 'one_of';

/** The params of each code: the numbers and names its message mentions. Lengths count code points. */
export type FieldErrorParams = {
  required: Record<string, never>;
  blank: Record<string, never>;
  too_short: { min: number };
  too_long: { max: number; length: number };
  /** `expected` is absent only for a kind of wrong value this version does not name */
  wrong_type: { expected?: ExpectedValue; options?: string[] };
  unknown_field: Record<string, never>;
  duplicate_field: Record<string, never>;
  control_characters: Record<string, never>;
  bidi_controls: Record<string, never>;
  invisible_characters: Record<string, never>;
  /** `min` visible characters at least: spaces, joiners and other invisible characters do not count */
  too_few_visible_characters: { min: number };
  invalid_unicode: Record<string, never>;
  invalid_email: Record<string, never>;
  invalid_offer_id: Record<string, never>;
  invalid_cve: Record<string, never>;
  /** the metric at fault by abbreviation (`AV`), `CVSS` for the version prefix; absent for a vector that is no list of METRIC:VALUE pairs */
  invalid_cvss: { metric?: string };
  invalid_cwe: Record<string, never>;
  invalid_date: Record<string, never>;
  vulnerability_needs_cve_or_cvss: Record<string, never>;
  steps_required: Record<string, never>;
  not_an_object: Record<string, never>;
};

/** A problem's code with its params, as a pair TypeScript narrows by the code. */
export type FieldErrorDetail = { [C in FieldErrorCode]: { code: C; params: FieldErrorParams[C] } }[FieldErrorCode];

export type FieldError = FieldErrorDetail & {
  /** dotted JSON path of the field, e.g. 'reporter.email'; '' for the body itself */
  path: string;
  /** in English, naming the field; unchanged since before codes existed, so API clients may show it */
  message: string;
};

type Problem = FieldErrorDetail & { message: string };

const NO_PARAMS: Record<string, never> = {};

// ---------------------------------------------------------------------------------------------
// A field sent more than once (or as both `x` and `x.y`) reaches the schema as this value from
// the form's decoder (src/http/formFields.ts), so the error lands on the field's path with a
// message saying what happened. A symbol, because every schema type refuses it (an object marker
// would pass for a nested object).

/** The value of a field the decoder saw more than once: parseSubmission reports it as duplicate_field at its path. */
export const REPEATED_FIELD: unique symbol = Symbol('repeated field');

function typeMessage(label: string, expected: string): (issue: { input?: unknown }) => string {
  return (issue) => {
    if (issue.input === undefined) return `${label} is required.`;
    if (issue.input === REPEATED_FIELD) return `${label} was sent more than once; send it once.`;
    return `${label} must be ${expected}.`;
  };
}

// ---------------------------------------------------------------------------------------------
// Text

// Unicode Cc (C0, DEL, C1: CR, LF, TAB, NEL ...) and the line/paragraph separators.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
// With the u flag, \p{Cs} matches only surrogates that are not part of a pair.
const LONE_SURROGATE = /\p{Cs}/u;
// The marks, embeddings, overrides and isolates that reorder how a line is shown (U+061C,
// U+200E–U+200F, U+202A–U+202E, U+2066–U+2069): one can make a summary read backwards.
const BIDI_CONTROL = /\p{Bidi_Control}/u;
// Format characters (Cf: zero-width space, soft hyphen, word joiner, BOM, tag characters ...) and
// the other default-ignorable ones (Hangul fillers ...) show as nothing, so two single-line values
// that look the same would differ, and invisible text could ride along. Variation selectors stay:
// emoji and CJK text need them (❤️ is U+2764 U+FE0F).
const INVISIBLE = /(?!\p{Variation_Selector})[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
// Zero-width non-joiner and joiner between two visible characters are spelling, not tricks:
// Persian writes می‌شود with U+200C, Indic scripts choose ligatures with them, and emoji
// sequences (🧑‍💻) are joined by U+200D. Only elsewhere (leading, trailing, beside a space or
// another invisible character) are they refused with the rest.
// (No lookbehind: Safari before 16.4 cannot parse it, and the form runs this schema too.)
const JOINER_BETWEEN_VISIBLE =
  /([^\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]|\p{Variation_Selector})[\u200C\u200D](?=[^\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}])/gu;
const VISIBLE = /[^\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

interface TextRule {
  label: string;
  singleLine: boolean;
  min?: number;
  /** visible characters at least (single-line fields): not spaces, not invisible ones */
  minVisible?: number;
  max: number;
  /** a further check on the trimmed, NFC-normalised value; returns the problem or null */
  check?: (value: string) => Problem | null;
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** What makes `raw` unfit for one line of text (control, direction-control or invisible characters), or null; `label` names it in the message. */
export function singleLineProblem(raw: string, label: string): Problem | null {
  if (CONTROL.test(raw)) {
    return {
      code: 'control_characters',
      params: NO_PARAMS,
      message: `${label} must be a single line: line breaks, tabs and other control characters are not allowed.`,
    };
  }
  if (BIDI_CONTROL.test(raw)) {
    return {
      code: 'bidi_controls',
      params: NO_PARAMS,
      message: `${label} contains text-direction control characters (such as U+202E), which change how it is shown; remove them.`,
    };
  }
  if (INVISIBLE.test(raw.replace(JOINER_BETWEEN_VISIBLE, '$1'))) {
    return {
      code: 'invisible_characters',
      params: NO_PARAMS,
      message: `${label} contains invisible characters (such as a zero-width space or a soft hyphen); remove them.`,
    };
  }
  return null;
}

// Printable ASCII (with tabs and line breaks where many lines are allowed) holds none of the
// characters the Unicode checks look for, is its own NFC form and has one code point per
// character: most reports are such text, and skip those scans.
const PLAIN_LINE = /^[\x20-\x7e]*$/;
const PLAIN_TEXT = /^[\t\n\r\x20-\x7e]*$/;

function isPlainAscii(raw: string, singleLine: boolean): boolean {
  return (singleLine ? PLAIN_LINE : PLAIN_TEXT).test(raw);
}

function textProblem(raw: string, rule: TextRule): Problem | null {
  const { label } = rule;
  const plain = isPlainAscii(raw, rule.singleLine);
  if (!plain && LONE_SURROGATE.test(raw)) {
    return { code: 'invalid_unicode', params: NO_PARAMS, message: `${label} contains characters that are not valid Unicode text.` };
  }
  const lineProblem = rule.singleLine && !plain ? singleLineProblem(raw, label) : null;
  if (lineProblem) return lineProblem;
  const value = raw.trim();
  if (value === '') {
    return raw === ''
      ? { code: 'required', params: NO_PARAMS, message: `${label} is required.` }
      : { code: 'blank', params: NO_PARAMS, message: `${label} must not be blank.` };
  }
  // As sent, not normalised: NFC may lengthen a few characters, and the form's maxlength saw them unnormalised.
  const length = plain ? (rule.singleLine ? value : raw).length : codePoints(rule.singleLine ? value : raw);
  if (rule.min !== undefined && length < rule.min) {
    return { code: 'too_short', params: { min: rule.min }, message: `${label} must be at least ${rule.min} characters long.` };
  }
  if (length > rule.max) {
    return { code: 'too_long', params: { max: rule.max, length }, message: `${label} must be at most ${rule.max} characters long; it has ${length}.` };
  }
  const normalized = rule.singleLine && !plain ? value.normalize('NFC') : value;
  if (rule.minVisible !== undefined && (normalized.match(VISIBLE)?.length ?? 0) < rule.minVisible) {
    return {
      code: 'too_few_visible_characters',
      params: { min: rule.minVisible },
      message: `${label} must have at least ${rule.minVisible} visible characters; spaces and invisible characters do not count.`,
    };
  }
  return rule.check?.(normalized) ?? null;
}

/**
 * What is wrong with a free text of many lines (a message, a notice): text that is not valid
 * Unicode, empty or blank, or longer than `max` code points; null when there is nothing. `label`
 * names it in the English message.
 */
export function freeTextProblem(raw: string, label: string, max: number): (FieldErrorDetail & { message: string }) | null {
  return textProblem(raw, { label, singleLine: false, max });
}

// zod keeps the code and params of a custom issue in its `params`; fieldErrors reads them back.
function issueOf({ message, ...detail }: Problem) {
  return { code: 'custom' as const, message, params: { fieldError: detail } };
}

function text(rule: TextRule) {
  // The value is rewritten by a check (overwrite), not a transform: a transform is a pipe of two
  // schemas, which zod runs (and allocates for) on every text field of every submission.
  return z
    .string({ error: typeMessage(rule.label, 'text') })
    .superRefine((raw, ctx) => {
      const problem = textProblem(raw, rule);
      if (problem) ctx.addIssue(issueOf(problem));
    })
    .overwrite((raw) => (!rule.singleLine ? raw : isPlainAscii(raw, true) ? raw.trim() : raw.trim().normalize('NFC')));
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (isAbsent(value) ? undefined : value), schema.optional());
}

const OFFER_ID = /^[A-Za-z0-9._-]+$/;

const offerId = text({
  label: 'Offer ID',
  singleLine: true,
  max: LIMITS.offerIdMax,
  check: (v) =>
    OFFER_ID.test(v)
      ? null
      : {
          code: 'invalid_offer_id',
          params: NO_PARAMS,
          message: 'Offer ID may contain only letters A–Z, digits, ".", "_" and "-", for example contoso-firewall.',
        },
});

// Built once: a zod schema costs far more to build than to run.
const EMAIL_ADDRESS = z.email();

const email = text({
  label: 'Email address',
  singleLine: true,
  max: LIMITS.emailMax,
  check: (v) =>
    EMAIL_ADDRESS.safeParse(v).success
      ? null
      : { code: 'invalid_email', params: NO_PARAMS, message: 'Email address must be a valid address such as ada@contoso.example.' },
});

const cveId = text({
  label: 'CVE ID',
  singleLine: true,
  max: LIMITS.cveIdMax,
  check: (v) =>
    isCveId(v)
      ? null
      : {
          code: 'invalid_cve',
          params: NO_PARAMS,
          message: 'CVE ID must look like CVE-2021-44228: "CVE-", a year from 1999, "-" and four or more digits.',
        },
});

const cvssVector = text({
  label: 'CVSS vector',
  singleLine: true,
  max: LIMITS.cvssVectorMax,
  check: (v) => {
    const result = scoreCvssVector(v);
    if (result.ok) return null;
    return { code: 'invalid_cvss', params: result.metric === undefined ? {} : { metric: result.metric }, message: result.message };
  },
});

const weakness = text({
  label: 'Weakness',
  singleLine: true,
  max: LIMITS.weaknessMax,
  check: (v) =>
    isCweId(v)
      ? null
      : {
          code: 'invalid_cwe',
          params: NO_PARAMS,
          message: 'Weakness must be a CWE ID such as CWE-79: "CWE-" in capitals and the weakness\'s number, from 1, without leading zeros.',
        },
});

const publicDisclosure = text({
  label: 'Public disclosure date',
  singleLine: true,
  max: LIMITS.publicDisclosureMax,
  check: (v) =>
    isCalendarDate(v)
      ? null
      : {
          code: 'invalid_date',
          params: NO_PARAMS,
          message: 'Public disclosure date must be a calendar date written YYYY-MM-DD, such as 2025-09-30.',
        },
});

// ---------------------------------------------------------------------------------------------
// The schema

const bool = (label: string) => z.boolean({ error: typeMessage(label, 'true or false') });

const mitigation = z.strictObject(
  {
    available: bool('Mitigation available'),
    steps: optional(text({ label: 'Mitigation steps', singleLine: false, max: LIMITS.stepsMax })),
  },
  { error: typeMessage('Mitigation', 'an object with "available" and "steps"') },
);

const customerNotification = z.strictObject(
  {
    requested: bool('Customer notification requested'),
    message: optional(text({ label: 'Customer notification message', singleLine: false, max: LIMITS.messageMax })),
  },
  { error: typeMessage('Customer notification', 'an object with "requested" and "message"') },
);

const reporter = z.strictObject(
  {
    name: text({ label: 'Name', singleLine: true, max: LIMITS.nameMax }),
    email,
    locale: optional(z.enum(LOCALES, { error: typeMessage('Language', '"de" or "en"') })),
  },
  { error: typeMessage('Reporter', 'an object with "name", "email" and "locale"') },
);

// Cross-field rules read the partly parsed value: `when` runs them even when other fields
// failed, so the reporter sees every problem at once.
type Loose = { [key: string]: unknown };
const asLoose = (value: unknown): Loose => (typeof value === 'object' && value !== null ? (value as Loose) : {});
const always = { when: () => true };

export const submissionSchema = z
  .strictObject(
    {
      category: z.enum(CATEGORIES, { error: typeMessage('Category', '"incident" or "vulnerability"') }),
      offerId,
      summary: text({ label: 'Summary', singleLine: true, min: LIMITS.summaryMin, minVisible: LIMITS.summaryMin, max: LIMITS.summaryMax }),
      description: text({ label: 'Description', singleLine: false, max: LIMITS.descriptionMax }),
      cveId: optional(cveId),
      cvssVector: optional(cvssVector),
      mitigation: optional(mitigation),
      customerNotification: optional(customerNotification),
      affectedVersions: optional(text({ label: 'Affected versions', singleLine: false, max: LIMITS.affectedVersionsMax })),
      weakness: optional(weakness),
      exploitation: optional(z.enum(EXPLOITATIONS, { error: typeMessage('Exploitation', '"unknown", "none-known", "suspected" or "active"') })),
      publicDisclosure: optional(publicDisclosure),
      reporter,
    },
    { error: typeMessage('The submission', 'a JSON object') },
  )
  .refine(
    (value) => {
      const v = asLoose(value);
      return v.category !== 'vulnerability' || !isAbsent(v.cveId) || !isAbsent(v.cvssVector);
    },
    {
      ...always,
      path: ['cveId'],
      ...issueOf({ code: 'vulnerability_needs_cve_or_cvss', params: NO_PARAMS, message: 'A vulnerability needs a CVE ID or a CVSS vector (or both).' }),
    },
  )
  .refine(
    (value) => {
      const m = asLoose(asLoose(value).mitigation);
      return m.available !== true || !isAbsent(m.steps);
    },
    {
      ...always,
      path: ['mitigation', 'steps'],
      ...issueOf({ code: 'steps_required', params: NO_PARAMS, message: 'Mitigation steps are required when a mitigation is available.' }),
    },
  );

type Parsed = z.output<typeof submissionSchema>;

/** A valid submission; the reporter's locale is always known (sent, or the caller's default). */
export type Submission = Omit<Parsed, 'reporter'> & { reporter: Omit<Parsed['reporter'], 'locale'> & { locale: Locale } };

export type SubmissionResult = { ok: true; submission: Submission; cvss: CvssScore | null } | { ok: false; errors: FieldError[] };

// ---------------------------------------------------------------------------------------------

function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const errors: FieldError[] = [];
  // zod may report one problem twice; a Set keeps this linear in a body of thousands of unknown names.
  const seen = new Set<string>();
  const add = (error: FieldError): void => {
    const key = `${error.path}\u0000${error.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    errors.push(error);
  };
  for (const issue of issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const full = [...path, shownName(key)].join('.');
        add({ path: full, code: 'unknown_field', params: NO_PARAMS, message: `There is no field "${full}"; remove it.` });
      }
    } else {
      add({ path: path.join('.'), ...detailOf(issue), message: issue.message });
    }
  }
  return errors;
}

const SHOWN_NAME_MAX = 100;

// An unknown name comes back in the path and the message: a 60 KiB name is cut, not sent back twice.
function shownName(name: string): string {
  if (name.length <= SHOWN_NAME_MAX) return name;
  const cut = /[\ud800-\udbff]/.test(name.charAt(SHOWN_NAME_MAX - 1)) ? SHOWN_NAME_MAX - 1 : SHOWN_NAME_MAX;
  return `${name.slice(0, cut)}…`;
}

// The schema's own issues (custom ones carry their detail); a type issue needs the input
// (parseSubmission asks zod to report it) to tell a missing or repeated field from a wrong value.
function detailOf(issue: z.core.$ZodIssue): FieldErrorDetail {
  if (issue.code === 'custom') {
    const detail = (issue.params as { fieldError?: FieldErrorDetail } | undefined)?.fieldError;
    if (detail) return detail;
  }
  if (issue.input === undefined) return { code: 'required', params: NO_PARAMS };
  if (issue.input === REPEATED_FIELD) return { code: 'duplicate_field', params: NO_PARAMS };
  if (issue.code === 'invalid_value') return { code: 'wrong_type', params: { expected: 'one_of', options: issue.values.map(String) } };
  if (issue.code === 'invalid_type') {
    const expected = EXPECTED[issue.expected];
    return { code: 'wrong_type', params: expected ? { expected } : {} };
  }
  return { code: 'wrong_type', params: {} };
}

const EXPECTED: Partial<Record<string, ExpectedValue>> = { string: 'text', boolean: 'boolean', object: 'object' };

function withoutUndefined<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (field !== undefined) copy[key] = withoutUndefined(field);
  return copy as T;
}

/** Validates a decoded POST /api/tickets body (a JSON value, or a form's fields as src/http/formFields.ts decodes them), collecting every field error; a reporter who names no locale gets `defaultLocale`. */
export function parseSubmission(input: unknown, options: { defaultLocale: Locale }): SubmissionResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [{ path: '', code: 'not_an_object', params: NO_PARAMS, message: 'The submission must be a JSON object with the fields of the form.' }],
    };
  }
  const parsed = submissionSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues) };
  // Absent optional fields leave `key: undefined` behind in zod's output; drop them so an
  // absent field is absent (`'cveId' in submission` is false), as the type says.
  const data = withoutUndefined(parsed.data);
  const submission: Submission = {
    ...data,
    reporter: { ...data.reporter, locale: data.reporter.locale ?? options.defaultLocale },
  };
  const score = data.cvssVector === undefined ? null : scoreCvssVector(data.cvssVector);
  return { ok: true, submission, cvss: score?.ok ? score.score : null };
}
