import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/vocabulary';
import { formToSubmissionInput } from '../../src/http/formFields';
import { aSubmission, asFormFields } from '../support/builders';
import { CVSS_10, errorsOf, parse, pathsOf } from '../support/submissionResults';

describe('formToSubmissionInput', () => {
  const fromForm = (fields: Array<[string, string]>, defaultLocale: Locale = 'en') => parse(formToSubmissionInput(fields), defaultLocale);

  it('turns the builder body, sent as a form, into the same submission as JSON', () => {
    const body = aSubmission({
      category: 'vulnerability',
      cvssVector: CVSS_10,
      mitigation: { available: true, steps: 'Block port 8443.' },
      customerNotification: { requested: true, message: 'Update now.' },
      reporter: { locale: 'de' },
    });
    const result = fromForm(asFormFields(body));
    expect(result).toEqual(parse(body));
    expect(result.ok).toBe(true);
  });

  it('nests dotted names', () => {
    expect(
      formToSubmissionInput([
        ['reporter.name', 'Ada'],
        ['reporter.email', 'ada@contoso.example'],
        ['summary', 'S'],
      ]),
    ).toEqual({
      reporter: { name: 'Ada', email: 'ada@contoso.example' },
      summary: 'S',
      mitigation: { available: false },
      customerNotification: { requested: false },
    });
  });

  it.each([
    ['on', true],
    ['true', true],
    ['false', false],
  ])('reads the checkbox value %j as %s', (value, expected) => {
    const input = formToSubmissionInput([
      ['mitigation.available', value],
      ['customerNotification.requested', value],
    ]) as Record<string, { [k: string]: unknown }>;
    expect(input.mitigation?.available).toBe(expected);
    expect(input.customerNotification?.requested).toBe(expected);
  });

  it('reads an absent checkbox as false', () => {
    const result = fromForm(asFormFields(aSubmission()));
    expect(result.ok && result.submission.mitigation).toEqual({ available: false });
    expect(result.ok && result.submission.customerNotification).toEqual({ requested: false });
  });

  it('rejects a checkbox value that is not a boolean', () => {
    const result = fromForm([...asFormFields(aSubmission()), ['mitigation.available', 'yes']]);
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'mitigation.available', code: 'wrong_type', params: { expected: 'boolean' }, message: 'Mitigation available must be true or false.' }],
    });
  });

  it('leaves out empty optional fields', () => {
    const fields: Array<[string, string]> = [
      ...asFormFields(aSubmission()),
      ['cveId', ''],
      ['cvssVector', ''],
      ['mitigation.steps', ''],
      ['customerNotification.message', ''],
      ['reporter.locale', ''],
    ];
    expect(formToSubmissionInput(fields)).toEqual(formToSubmissionInput(asFormFields(aSubmission())));
    expect(fromForm(fields, 'de').ok && fromForm(fields, 'de')).toMatchObject({ submission: { reporter: { locale: 'de' } } });
  });

  it('keeps empty required fields, so the form shows "required"', () => {
    const result = fromForm([...asFormFields(aSubmission({ summary: undefined })), ['summary', '']]);
    expect(result).toEqual({ ok: false, errors: [{ path: 'summary', code: 'required', params: {}, message: 'Summary is required.' }] });
  });

  it('keeps unknown field names for the schema to reject', () => {
    const result = fromForm([...asFormFields(aSubmission()), ['status', 'resolved'], ['reporter.phone', '123']]);
    expect(!result.ok && result.errors.map((e) => e.path).sort()).toEqual(['reporter.phone', 'status']);
  });

  it('reports a repeated field name at its path', () => {
    const result = fromForm([...asFormFields(aSubmission()), ['reporter.email', 'eve@evil.example']]);
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'reporter.email', code: 'duplicate_field', params: {}, message: 'Email address was sent more than once; send it once.' }],
    });
  });

  it('reports a repeated checkbox', () => {
    const result = fromForm([...asFormFields(aSubmission()), ['mitigation.available', 'false'], ['mitigation.available', 'on'], ['mitigation.steps', 'x']]);
    expect(!result.ok && result.errors).toEqual([
      { path: 'mitigation.available', code: 'duplicate_field', params: {}, message: 'Mitigation available was sent more than once; send it once.' },
    ]);
  });

  it('reports a field sent both as a value and as a group', () => {
    const result = fromForm([...asFormFields(aSubmission()), ['mitigation', 'on']]);
    expect(!result.ok && result.errors).toEqual([
      { path: 'mitigation', code: 'duplicate_field', params: {}, message: 'Mitigation was sent more than once; send it once.' },
    ]);
  });

  it('keeps a field named __proto__ as an unknown field without polluting prototypes', () => {
    const result = fromForm([...asFormFields(aSubmission()), ['__proto__.polluted', 'yes'], ['constructor.prototype.polluted', 'yes']]);
    expect(!result.ok && result.errors.map((e) => e.path).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('form bodies built to be expensive', () => {
  const times = <T>(n: number, item: T): T[] => Array.from({ length: n }, () => item);

  it('reports a field sent 30,000 times once, as duplicate_field at its path', () => {
    const fields = [...asFormFields(aSubmission()), ...times<[string, string]>(30_000, ['summary', 'a'])];
    expect(errorsOf(formToSubmissionInput(fields))).toEqual([
      { path: 'summary', code: 'duplicate_field', params: {}, message: 'Summary was sent more than once; send it once.' },
    ]);
  });

  it('reports an unknown name sent 30,000 times once', () => {
    const fields = [...asFormFields(aSubmission()), ...times<[string, string]>(30_000, ['x', ''])];
    expect(errorsOf(formToSubmissionInput(fields))).toEqual([{ path: 'x', code: 'unknown_field', params: {}, message: 'There is no field "x"; remove it.' }]);
  });

  it('reports a form name of 30,000 dots as one unknown field at its first segment', () => {
    const fields: Array<[string, string]> = [...asFormFields(aSubmission()), [times(30_000, 'a').join('.'), '1']];
    expect(pathsOf(formToSubmissionInput(fields))).toEqual(['a']);
  });
});
