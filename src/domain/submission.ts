// The intake schema for POST /api/tickets (CONTRACT.md): what a reporter may send, in JSON or
// from the HTML form, and the clear English messages the form shows beside each field.
//
// Decisions, so the web form and the API agree:
// - Single-line fields (offerId, summary, reporter.name, reporter.email) refuse control
//   characters anywhere (checked before trimming: a pasted line break is a mistake worth
//   telling), then are stored trimmed. Multi-line fields are stored exactly as sent; only the
//   blank check trims. cveId and cvssVector are trimmed.
// - An optional field that is null, empty or blank counts as absent, in JSON as in the form.
// - Lengths count Unicode code points, never more than the UTF-16 units an HTML maxlength
//   counts: whatever the form lets through, the API accepts.
// - Strings must be well-formed Unicode (no lone surrogates): they end up in UTF-8 emails.

import { z } from 'zod';
import { type CvssScore, scoreCvssVector } from './cvss';
import { isCveId } from './cveId';
import type { Locale } from './ticket';

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
} as const;

export interface FieldError {
  /** dotted JSON path of the field, e.g. 'reporter.email'; '' for the body itself */
  path: string;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Form fields sent more than once (or as both `x` and `x.y`) reach the schema as this value, so
// the error lands on the field's path with a message saying what happened. A symbol, because
// every schema type refuses it (an object marker would pass for a nested object).

const REPEATED_FORM_FIELD = Symbol('repeated form field');

function typeMessage(label: string, expected: string): (issue: { input?: unknown }) => string {
  return (issue) => {
    if (issue.input === undefined) return `${label} is required.`;
    if (issue.input === REPEATED_FORM_FIELD) return `${label} was sent more than once; send it once.`;
    return `${label} must be ${expected}.`;
  };
}

// ---------------------------------------------------------------------------------------------
// Text

// Unicode Cc (C0, DEL, C1: CR, LF, TAB, NEL ...) and the line/paragraph separators.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
// With the u flag, \p{Cs} matches only surrogates that are not part of a pair.
const LONE_SURROGATE = /\p{Cs}/u;

interface TextRule {
  label: string;
  singleLine: boolean;
  min?: number;
  max: number;
  /** a further check on the trimmed value; returns the problem or null */
  check?: (value: string) => string | null;
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function textProblem(raw: string, rule: TextRule): string | null {
  const { label } = rule;
  if (LONE_SURROGATE.test(raw)) return `${label} contains characters that are not valid Unicode text.`;
  if (rule.singleLine && CONTROL.test(raw)) {
    return `${label} must be a single line: line breaks, tabs and other control characters are not allowed.`;
  }
  const value = raw.trim();
  if (value === '') return raw === '' ? `${label} is required.` : `${label} must not be blank.`;
  const length = codePoints(rule.singleLine ? value : raw);
  if (rule.min !== undefined && length < rule.min) return `${label} must be at least ${rule.min} characters long.`;
  if (length > rule.max) return `${label} must be at most ${rule.max} characters long; it has ${length}.`;
  return rule.check?.(value) ?? null;
}

function text(rule: TextRule) {
  return z
    .string({ error: typeMessage(rule.label, 'text') })
    .superRefine((raw, ctx) => {
      const problem = textProblem(raw, rule);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((raw) => (rule.singleLine ? raw.trim() : raw));
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
  check: (v) => (OFFER_ID.test(v) ? null : 'Offer ID may contain only letters A–Z, digits, ".", "_" and "-", for example contoso-firewall.'),
});

const email = text({
  label: 'Email address',
  singleLine: true,
  max: LIMITS.emailMax,
  check: (v) => (z.email().safeParse(v).success ? null : 'Email address must be a valid address such as ada@contoso.example.'),
});

const cveId = text({
  label: 'CVE ID',
  singleLine: true,
  max: LIMITS.cveIdMax,
  check: (v) => (isCveId(v) ? null : 'CVE ID must look like CVE-2021-44228: "CVE-", a year from 1999, "-" and four or more digits.'),
});

const cvssVector = text({
  label: 'CVSS vector',
  singleLine: true,
  max: LIMITS.cvssVectorMax,
  check: (v) => {
    const result = scoreCvssVector(v);
    return result.ok ? null : result.message;
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
    locale: optional(z.enum(['de', 'en'], { error: typeMessage('Language', '"de" or "en"') })),
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
      category: z.enum(['incident', 'vulnerability'], { error: typeMessage('Category', '"incident" or "vulnerability"') }),
      offerId,
      summary: text({ label: 'Summary', singleLine: true, min: LIMITS.summaryMin, max: LIMITS.summaryMax }),
      description: text({ label: 'Description', singleLine: false, max: LIMITS.descriptionMax }),
      cveId: optional(cveId),
      cvssVector: optional(cvssVector),
      mitigation: optional(mitigation),
      customerNotification: optional(customerNotification),
      reporter,
    },
    { error: typeMessage('The submission', 'a JSON object') },
  )
  .refine(
    (value) => {
      const v = asLoose(value);
      return v.category !== 'vulnerability' || !isAbsent(v.cveId) || !isAbsent(v.cvssVector);
    },
    { ...always, path: ['cveId'], message: 'A vulnerability needs a CVE ID or a CVSS vector (or both).' },
  )
  .refine(
    (value) => {
      const m = asLoose(asLoose(value).mitigation);
      return m.available !== true || !isAbsent(m.steps);
    },
    { ...always, path: ['mitigation', 'steps'], message: 'Mitigation steps are required when a mitigation is available.' },
  );

type Parsed = z.output<typeof submissionSchema>;

/** A valid submission; the reporter's locale is always known (sent, or from Accept-Language). */
export type Submission = Omit<Parsed, 'reporter'> & { reporter: Omit<Parsed['reporter'], 'locale'> & { locale: Locale } };

export type SubmissionResult = { ok: true; submission: Submission; cvss: CvssScore | null } | { ok: false; errors: FieldError[] };

// ---------------------------------------------------------------------------------------------

function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const full = [...path, key].join('.');
        errors.push({ path: full, message: `There is no field "${full}"; remove it.` });
      }
    } else {
      errors.push({ path: path.join('.'), message: issue.message });
    }
  }
  return errors.filter((e, i) => errors.findIndex((o) => o.path === e.path && o.message === e.message) === i);
}

function withoutUndefined<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.map(([k, v]) => [k, withoutUndefined(v)])) as T;
}

/** Validates a POST /api/tickets body (JSON value or formToSubmissionInput result), collecting every field error; the locale defaults from Accept-Language. */
export function parseSubmission(input: unknown, options: { acceptLanguage?: string | null }): SubmissionResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '', message: 'The submission must be a JSON object with the fields of the form.' }] };
  }
  const parsed = submissionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues) };
  // Absent optional fields leave `key: undefined` behind in zod's output; drop them so an
  // absent field is absent (`'cveId' in submission` is false), as the type says.
  const data = withoutUndefined(parsed.data);
  const submission: Submission = {
    ...data,
    reporter: { ...data.reporter, locale: data.reporter.locale ?? localeFromAcceptLanguage(options.acceptLanguage) },
  };
  const score = data.cvssVector === undefined ? null : scoreCvssVector(data.cvssVector);
  return { ok: true, submission, cvss: score?.ok ? score.score : null };
}

// ---------------------------------------------------------------------------------------------
// Accept-Language (RFC 9110 §12.5.4)

const Q_VALUE = /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/i;

/** 'de' or 'en': whichever of the two Accept-Language rates higher (q-values; '*' counts for both; a tie goes to the one listed first); 'en' when neither is acceptable. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  const rating: Record<Locale | '*', { q: number; position: number } | undefined> = { de: undefined, en: undefined, '*': undefined };
  (header ?? '').split(',').forEach((item, position) => {
    const [range = '', ...params] = item.split(';').map((p) => p.trim());
    const primary = range.toLowerCase().split('-')[0] ?? '';
    if (primary !== 'de' && primary !== 'en' && primary !== '*') return;
    const qParam = params.find((p) => /^q=/i.test(p));
    if (qParam !== undefined && !Q_VALUE.test(qParam)) return; // malformed: ignore the item
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    // 'de-CH;q=0.2, de;q=0.9': the best-rated range of a language counts.
    const known = rating[primary];
    if (!known || q > known.q) rating[primary] = { q, position: known?.position ?? position };
  });
  const star = rating['*'];
  const score = (locale: Locale) => rating[locale] ?? (star ? { q: star.q, position: Number.POSITIVE_INFINITY } : { q: 0, position: Number.POSITIVE_INFINITY });
  const de = score('de');
  const en = score('en');
  const prefersGerman = de.q > en.q || (de.q === en.q && de.q > 0 && de.position < en.position);
  return prefersGerman ? 'de' : 'en';
}

// ---------------------------------------------------------------------------------------------
// application/x-www-form-urlencoded

const BOOLEAN_FIELDS = ['mitigation.available', 'customerNotification.requested'] as const;
const OPTIONAL_FIELDS = new Set(['cveId', 'cvssVector', 'mitigation.steps', 'customerNotification.message', 'reporter.locale']);

function setOwn(target: Loose, key: string, value: unknown): void {
  // defineProperty: a field named "__proto__" becomes a plain (unknown, rejected) field.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function formValue(name: string, value: string): unknown {
  if ((BOOLEAN_FIELDS as readonly string[]).includes(name)) {
    if (value === 'true' || value === 'on') return true;
    if (value === 'false') return false;
  }
  return value;
}

/** Form pairs -> the nested object parseSubmission expects: dotted names become paths, checkboxes become booleans (absent: false), empty optional fields are left out, unknown names are kept (for the schema to reject), a repeated name is an error at its path. */
export function formToSubmissionInput(fields: Array<[string, string]>): unknown {
  const counts = new Map<string, string[]>();
  for (const [name, value] of fields) counts.set(name, [...(counts.get(name) ?? []), value]);
  // An unchecked checkbox is simply not sent.
  for (const name of BOOLEAN_FIELDS) if (!counts.has(name)) counts.set(name, ['false']);

  const root: Loose = {};
  for (const [name, values] of counts) {
    const [first = ''] = values;
    if (values.length === 1 && OPTIONAL_FIELDS.has(name) && first.trim() === '') continue;
    const value = values.length > 1 ? REPEATED_FORM_FIELD : formValue(name, first);
    const segments = name.split('.');
    let target = root;
    for (let i = 0; i < segments.length - 1; i++) {
      const key = segments[i] as string;
      const next = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
      if (next === undefined) {
        const child: Loose = {};
        setOwn(target, key, child);
        target = child;
      } else if (typeof next === 'object' && next !== null) {
        target = next as Loose;
      } else {
        // 'x' and 'x.y' both sent: the field x came twice in two shapes.
        setOwn(target, key, REPEATED_FORM_FIELD);
        target = {};
      }
    }
    const last = segments[segments.length - 1] as string;
    const existing = Object.prototype.hasOwnProperty.call(target, last) ? target[last] : undefined;
    setOwn(target, last, existing === undefined ? value : REPEATED_FORM_FIELD);
  }
  return root;
}
