import { describe, expect, it } from 'vitest';
import { FIELD_ERROR_CODES, type FieldError, type FieldErrorCode, LIMITS } from '../../src/domain/submission';
import type { Locale } from '../../src/domain/vocabulary';
import { formToSubmissionInput } from '../../src/http/formFields';
import { aSubmission, asFormFields, type Overrides } from '../support/builders';
import { CVSS_10, errorsOf, parse, pathsOf } from '../support/submissionResults';

function valid(input: unknown, defaultLocale: Locale = 'en') {
  const result = parse(input, defaultLocale);
  if (!result.ok) throw new Error(`expected a valid submission, got ${JSON.stringify(result.errors)}`);
  return result;
}

/** The single error of an invalid input, as path, code and params. */
function onlyErrorOf(input: unknown): Omit<FieldError, 'message'> {
  const errors = errorsOf(input);
  expect(errors).toHaveLength(1);
  const { message: _, ...rest } = errors[0] as FieldError;
  return rest;
}

describe('a valid submission', () => {
  it('accepts the builder default incident, with no CVSS score', () => {
    const { submission, cvss } = valid(aSubmission());
    expect(submission).toMatchObject({ category: 'incident', offerId: 'contoso-firewall', reporter: { locale: 'en' } });
    expect(cvss).toBeNull();
  });

  it('scores a vulnerability with a CVSS vector', () => {
    const { cvss } = valid(aSubmission({ category: 'vulnerability', cvssVector: CVSS_10 }));
    expect(cvss).toEqual({ version: '3.1', baseScore: 10, baseSeverity: 'critical', score: 10, severity: 'critical' });
  });

  it('accepts a vulnerability with only a CVE ID', () => {
    const { submission, cvss } = valid(aSubmission({ category: 'vulnerability', cveId: 'CVE-2021-44228' }));
    expect(submission.cveId).toBe('CVE-2021-44228');
    expect(cvss).toBeNull();
  });

  it('accepts every optional part', () => {
    const { submission } = valid(
      aSubmission({
        category: 'vulnerability',
        cveId: 'CVE-2021-44228',
        cvssVector: CVSS_10,
        mitigation: { available: true, steps: 'Block port 8443.' },
        customerNotification: { requested: true, message: 'Please update to 2.4.1.' },
        reporter: { locale: 'de' },
      }),
    );
    expect(submission.mitigation).toEqual({ available: true, steps: 'Block port 8443.' });
    expect(submission.customerNotification).toEqual({ requested: true, message: 'Please update to 2.4.1.' });
    expect(submission.reporter.locale).toBe('de');
  });

  it('stores single-line fields, CVE ID and CVSS vector trimmed, multi-line fields exactly as sent', () => {
    const { submission } = valid(
      aSubmission({
        category: 'vulnerability',
        offerId: '  contoso-firewall ',
        summary: '  Admin console open  ',
        description: '  indented\n    code\n',
        cveId: ' CVE-2021-44228 ',
        cvssVector: ` ${CVSS_10} `,
        reporter: { name: ' Ada ', email: ' ada@contoso.example ' },
      }),
    );
    expect(submission).toMatchObject({
      offerId: 'contoso-firewall',
      summary: 'Admin console open',
      description: '  indented\n    code\n',
      cveId: 'CVE-2021-44228',
      cvssVector: CVSS_10,
      reporter: { name: 'Ada', email: 'ada@contoso.example' },
    });
  });

  it('treats null, empty and blank optional fields as absent', () => {
    const { submission } = valid(
      aSubmission({ cveId: null, cvssVector: '', mitigation: { available: false, steps: '  ' }, customerNotification: null, reporter: { locale: null } }),
    );
    expect(submission).not.toHaveProperty('cveId');
    expect(submission).not.toHaveProperty('cvssVector');
    expect(submission.mitigation).toEqual({ available: false });
    expect(submission).not.toHaveProperty('customerNotification');
  });

  it.each([
    ['markup characters, newlines and non-Latin text', 'Payload: <script>alert("x")</script> & \'quotes\'\r\nZeile 2: Grüße 🚨 \u2028 مرحبا\ttab'],
    ['direction controls, zero-width characters and unnormalised accents', 'Admin\u200bconsole \u202e\u2066reversed\u2069\u202c\u00ad e\u0301'],
  ])('accepts any Unicode text in multi-line fields, exactly as sent: %s', (_, text) => {
    const { submission } = valid(
      aSubmission({ description: text, mitigation: { available: true, steps: text }, customerNotification: { requested: true, message: text } }),
    );
    expect(submission.description).toBe(text);
    expect(submission.mitigation?.steps).toBe(text);
    expect(submission.customerNotification?.message).toBe(text);
  });

  it('accepts markup characters and non-Latin text in single-line fields', () => {
    const { submission } = valid(aSubmission({ summary: 'XSS via <img onerror=""> & \'q\' — 日本語', reporter: { name: "Zoë O'Brien-Müller" } }));
    expect(submission.summary).toBe('XSS via <img onerror=""> & \'q\' — 日本語');
  });

  it.each(["' or 1 eq 1", "PartitionKey eq 'x' or RowKey ne ''", "'; DROP TABLE tickets; --", '$filter=true'])(
    'treats injection-looking text %j as plain text',
    (text) => {
      const { submission } = valid(aSubmission({ summary: `Summary ${text}`, description: text, reporter: { name: text } }));
      expect(submission.description).toBe(text);
      expect(submission.reporter.name).toBe(text.trim());
    },
  );

  it('counts lengths in characters, not UTF-16 units: 200 emoji make a valid summary', () => {
    expect(valid(aSubmission({ summary: '🚨'.repeat(LIMITS.summaryMax) })).submission.summary).toHaveLength(400);
  });

  it('accepts the exact limits', () => {
    valid(
      aSubmission({
        offerId: 'o'.repeat(LIMITS.offerIdMax),
        summary: 's'.repeat(LIMITS.summaryMin),
        description: 'd'.repeat(LIMITS.descriptionMax),
        mitigation: { available: true, steps: 's'.repeat(LIMITS.stepsMax) },
        customerNotification: { requested: true, message: 'm'.repeat(LIMITS.messageMax) },
        reporter: { name: 'n'.repeat(LIMITS.nameMax), email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(53)}.example` },
      }),
    );
  });
});

describe('the reporter locale', () => {
  it('comes from the body when sent', () => {
    expect(valid(aSubmission({ reporter: { locale: 'en' } }), 'de').submission.reporter.locale).toBe('en');
  });

  it.each(['de', 'en'] as const)('defaults to the locale the caller gives (%s)', (locale) => {
    expect(valid(aSubmission(), locale).submission.reporter.locale).toBe(locale);
  });
});

describe('missing and unknown fields', () => {
  it.each([
    ['category', { category: undefined }],
    ['offerId', { offerId: undefined }],
    ['summary', { summary: undefined }],
    ['description', { description: undefined }],
    ['reporter', { reporter: undefined }],
    ['reporter.name', { reporter: { name: undefined } }],
    ['reporter.email', { reporter: { email: undefined } }],
    ['mitigation.available', { mitigation: { steps: 'x' } }],
    ['customerNotification.requested', { customerNotification: { message: 'x' } }],
  ] as Array<[string, Overrides]>)('reports a missing %s as required', (path, overrides) => {
    expect(errorsOf(aSubmission(overrides))).toEqual([{ path, code: 'required', params: {}, message: expect.stringMatching(/is required\.$/) }]);
  });

  it('reports every missing field of an empty object at once', () => {
    expect(pathsOf({}).sort()).toEqual(['category', 'description', 'offerId', 'reporter', 'summary']);
  });

  it.each([
    ['status', { status: 'resolved' }],
    ['priority', { priority: 'p1' }],
    ['acknowledgeBy', { acknowledgeBy: '2030-01-01T00:00:00Z' }],
    ['reporter.phone', { reporter: { phone: '+49 30 1234' } }],
    ['mitigation.verified', { mitigation: { available: false, verified: true } }],
    ['customerNotification.sendAt', { customerNotification: { requested: false, sendAt: 'now' } }],
  ] as Array<[string, Overrides]>)('rejects the unknown field %s', (path, overrides) => {
    expect(errorsOf(aSubmission(overrides))).toEqual([{ path, code: 'unknown_field', params: {}, message: `There is no field "${path}"; remove it.` }]);
  });

  it('rejects an unknown field that looks like __proto__ without touching prototypes', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(pathsOf({ ...aSubmission(), ...input })).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('wrong types', () => {
  const CATEGORIES = { expected: 'one_of', options: ['incident', 'vulnerability'] };
  const LOCALES = { expected: 'one_of', options: ['de', 'en'] };
  it.each([
    ['category', { category: 'bug' }, 'Category must be "incident" or "vulnerability".', CATEGORIES],
    ['category', { category: 5 }, 'Category must be "incident" or "vulnerability".', CATEGORIES],
    ['summary', { summary: 42 }, 'Summary must be text.', { expected: 'text' }],
    ['description', { description: ['a'] }, 'Description must be text.', { expected: 'text' }],
    ['offerId', { offerId: { id: 'x' } }, 'Offer ID must be text.', { expected: 'text' }],
    ['cveId', { cveId: 44228 }, 'CVE ID must be text.', { expected: 'text' }],
    ['mitigation', { mitigation: true }, 'Mitigation must be an object with "available" and "steps".', { expected: 'object' }],
    ['mitigation', { mitigation: [] }, 'Mitigation must be an object with "available" and "steps".', { expected: 'object' }],
    ['mitigation.available', { mitigation: { available: 'yes' } }, 'Mitigation available must be true or false.', { expected: 'boolean' }],
    [
      'customerNotification.requested',
      { customerNotification: { requested: 1 } },
      'Customer notification requested must be true or false.',
      { expected: 'boolean' },
    ],
    ['reporter', { reporter: 'ada@contoso.example' }, 'Reporter must be an object with "name", "email" and "locale".', { expected: 'object' }],
    ['reporter.locale', { reporter: { locale: 'fr' } }, 'Language must be "de" or "en".', LOCALES],
    ['reporter.locale', { reporter: { locale: 'DE' } }, 'Language must be "de" or "en".', LOCALES],
  ] as Array<[string, Overrides, string, object]>)('rejects a wrong %s as wrong_type, saying what it should be', (path, overrides, message, params) => {
    expect(errorsOf(aSubmission(overrides))).toEqual([{ path, code: 'wrong_type', params, message }]);
  });

  it.each([
    ['an array', [aSubmission()]],
    ['null', null],
    ['a string', 'category=incident'],
    ['a number', 42],
    ['a boolean', true],
    ['undefined', undefined],
  ])('answers one error at the root for %s', (_, input) => {
    expect(errorsOf(input)).toEqual([{ path: '', code: 'not_an_object', params: {}, message: expect.stringContaining('JSON object') }]);
  });
});

describe('text rules', () => {
  it.each([
    ['summary', { summary: '   ' }],
    ['description', { description: ' \n\t ' }],
    ['offerId', { offerId: ' ' }],
    ['reporter.name', { reporter: { name: '  ' } }],
    ['reporter.email', { reporter: { email: ' ' } }],
  ] as Array<[string, Overrides]>)('rejects a blank %s', (path, overrides) => {
    expect(errorsOf(aSubmission(overrides))).toEqual([{ path, code: 'blank', params: {}, message: expect.stringMatching(/must not be blank\.$/) }]);
  });

  it('says an empty required field is required', () => {
    expect(errorsOf(aSubmission({ summary: '' }))).toEqual([{ path: 'summary', code: 'required', params: {}, message: 'Summary is required.' }]);
  });

  it('rejects a summary shorter than five characters, counting after trimming', () => {
    expect(errorsOf(aSubmission({ summary: '  abcd  ' }))).toEqual([
      { path: 'summary', code: 'too_short', params: { min: 5 }, message: 'Summary must be at least 5 characters long.' },
    ]);
  });

  it.each([
    ['summary', { summary: 's'.repeat(LIMITS.summaryMax + 1) }, LIMITS.summaryMax],
    ['description', { description: 'd'.repeat(LIMITS.descriptionMax + 1) }, LIMITS.descriptionMax],
    ['offerId', { offerId: 'o'.repeat(LIMITS.offerIdMax + 1) }, LIMITS.offerIdMax],
    ['reporter.name', { reporter: { name: 'n'.repeat(LIMITS.nameMax + 1) } }, LIMITS.nameMax],
    ['reporter.email', { reporter: { email: `${'a'.repeat(250)}@x.de` } }, LIMITS.emailMax],
    ['mitigation.steps', { mitigation: { available: true, steps: 's'.repeat(LIMITS.stepsMax + 1) } }, LIMITS.stepsMax],
    ['customerNotification.message', { customerNotification: { requested: true, message: 'm'.repeat(LIMITS.messageMax + 1) } }, LIMITS.messageMax],
  ] as Array<[string, Overrides, number]>)('rejects an over-long %s, with the limit and the length in characters', (path, overrides, max) => {
    const length = path === 'reporter.email' ? 255 : max + 1;
    expect(errorsOf(aSubmission(overrides))).toEqual([
      { path, code: 'too_long', params: { max, length }, message: expect.stringContaining(`at most ${max} characters`) },
    ]);
  });

  it('counts the length of an over-long single-line field after trimming, in code points', () => {
    expect(onlyErrorOf(aSubmission({ summary: ` ${'🚨'.repeat(LIMITS.summaryMax + 2)} ` }))).toEqual({
      path: 'summary',
      code: 'too_long',
      params: { max: LIMITS.summaryMax, length: LIMITS.summaryMax + 2 },
    });
  });

  const controls: Array<[string, string]> = [
    ['LF', '\n'],
    ['CR', '\r'],
    ['TAB', '\t'],
    ['NUL', '\u0000'],
    ['ESC', '\u001b'],
    ['DEL', '\u007f'],
    ['NEL', '\u0085'],
    ['LINE SEPARATOR', '\u2028'],
    ['PARAGRAPH SEPARATOR', '\u2029'],
  ];
  const singleLine: Array<[string, (bad: string) => Overrides]> = [
    ['summary', (bad) => ({ summary: `Admin console${bad}open` })],
    ['offerId', (bad) => ({ offerId: `contoso${bad}firewall` })],
    ['reporter.name', (bad) => ({ reporter: { name: `Ada${bad}Lovelace` } })],
    ['reporter.email', (bad) => ({ reporter: { email: `ada@contoso.example${bad}` } })],
  ];
  for (const [path, make] of singleLine) {
    it.each(controls)(`refuses %s in the single-line field ${path}`, (_, bad) => {
      expect(errorsOf(aSubmission(make(bad)))).toEqual([
        { path, code: 'control_characters', params: {}, message: expect.stringContaining('must be a single line') },
      ]);
    });
  }

  it('refuses a trailing line break in a single-line field rather than trimming it away', () => {
    expect(pathsOf(aSubmission({ summary: 'Admin console open\r\n' }))).toEqual(['summary']);
  });

  it('refuses text that is not well-formed Unicode (a lone surrogate)', () => {
    expect(errorsOf(aSubmission({ description: 'broken \ud800 text' }))).toEqual([
      { path: 'description', code: 'invalid_unicode', params: {}, message: 'Description contains characters that are not valid Unicode text.' },
    ]);
  });

  const directionControls: Array<[string, string]> = [
    ['LEFT-TO-RIGHT MARK', '\u200e'],
    ['RIGHT-TO-LEFT MARK', '\u200f'],
    ['ARABIC LETTER MARK', '\u061c'],
    ['LEFT-TO-RIGHT EMBEDDING', '\u202a'],
    ['RIGHT-TO-LEFT OVERRIDE', '\u202e'],
    ['LEFT-TO-RIGHT ISOLATE', '\u2066'],
    ['POP DIRECTIONAL ISOLATE', '\u2069'],
  ];
  const invisibles: Array<[string, string]> = [
    ['ZERO WIDTH SPACE', '\u200b'],
    ['SOFT HYPHEN', '\u00ad'],
    ['WORD JOINER', '\u2060'],
    ['INVISIBLE PLUS', '\u2064'],
    ['BOM / ZERO WIDTH NO-BREAK SPACE', '\ufeff'],
    ['MONGOLIAN VOWEL SEPARATOR', '\u180e'],
    ['INHIBIT SYMMETRIC SWAPPING', '\u206a'],
    ['INTERLINEAR ANNOTATION ANCHOR', '\ufff9'],
    ['TAG LATIN CAPITAL LETTER A', '\u{e0041}'],
    ['HANGUL FILLER', '\u3164'],
    ['ZERO WIDTH JOINER beside a space', ' \u200d'],
    ['ZERO WIDTH NON-JOINER beside a space', '\u200c '],
  ];
  for (const [path, make] of singleLine) {
    it.each(directionControls)(`refuses the direction control %s in the single-line field ${path}`, (_, bad) => {
      expect(onlyErrorOf(aSubmission(make(bad)))).toEqual({ path, code: 'bidi_controls', params: {} });
    });
    it.each(invisibles)(`refuses the invisible %s in the single-line field ${path}`, (_, bad) => {
      expect(onlyErrorOf(aSubmission(make(bad)))).toEqual({ path, code: 'invisible_characters', params: {} });
    });
  }

  it('does not take five zero-width spaces for a summary', () => {
    expect(onlyErrorOf(aSubmission({ summary: '\u200b'.repeat(5) }))).toEqual({ path: 'summary', code: 'invisible_characters', params: {} });
  });

  it.each([
    ['a zero-width joiner leading the name', { reporter: { name: '\u200dAda' } }, 'reporter.name'],
    ['a zero-width non-joiner ending the summary', { summary: 'Admin console open\u200c' }, 'summary'],
    ['two joiners in a row', { summary: 'Admin con\u200d\u200dsole' }, 'summary'],
  ] as Array<[string, Overrides, string]>)('refuses %s', (_, overrides, path) => {
    expect(onlyErrorOf(aSubmission(overrides))).toEqual({ path, code: 'invisible_characters', params: {} });
  });

  it.each([
    ['a Persian name with the non-joiner its spelling needs', { reporter: { name: 'علی\u200cمحمدی' } }],
    ['a Hindi name with a joiner after the virama', { reporter: { name: 'क्\u200dष' } }],
    ['emoji joined into one (technologist)', { summary: 'Admin console open 🧑\u200d💻' }],
    ['an emoji with its variation selector, joined (heart on fire)', { summary: 'Admin console open ❤\ufe0f\u200d🔥' }],
    ['Arabic, Japanese and Greek text', { summary: 'مرحبا 日本語のテキスト Ελληνικά', reporter: { name: 'Σωκράτης' } }],
  ] as Array<[string, Overrides]>)('accepts %s', (_, overrides) => {
    valid(aSubmission(overrides));
  });

  it('stores single-line fields in Unicode NFC, so what looks the same is the same', () => {
    const { submission } = valid(aSubmission({ summary: 'Cafe\u0301 console open', reporter: { name: 'Zoe\u0308 Mu\u0308ller' } }));
    expect(submission.summary).toBe('Caf\u00e9 console open');
    expect(submission.reporter.name).toBe('Zo\u00eb M\u00fcller');
  });

  it('counts the length as sent, so NFC lengthening a character never makes a full field too long', () => {
    // U+0958 (DEVANAGARI LETTER QA) is excluded from composition: NFC makes it two code points.
    const summary = '\u0958'.repeat(LIMITS.summaryMax);
    expect(valid(aSubmission({ summary })).submission.summary).toBe(summary.normalize('NFC'));
  });

  it.each([
    ['five characters with spaces among them', 'a b c'],
    ['no-break spaces between', 'ab\u00a0\u00a0\u00a0c'],
    ['ideographic spaces between', '日\u3000本\u3000語'],
    ['letters joined by zero-width joiners', 'a\u200db\u200dc'],
  ])('asks for five visible characters in a summary of %s', (_, summary) => {
    expect(errorsOf(aSubmission({ summary }))).toEqual([
      {
        path: 'summary',
        code: 'too_few_visible_characters',
        params: { min: 5 },
        message: 'Summary must have at least 5 visible characters; spaces and invisible characters do not count.',
      },
    ]);
  });

  it.each([
    ['five emoji', '🚨🚨🚨🚨🚨'],
    ['five kanji', '日本語です'],
    ['a Hindi word', 'नमस्ते'],
    ['five letters inside spaces', '  abcde  '],
  ])('takes %s for a summary', (_, summary) => {
    valid(aSubmission({ summary }));
  });

  it.each(['contoso firewall', 'contoso/firewall', 'contoso#1', "' or 1 eq 1", 'äpfel'])('refuses the offer ID %j', (offerId) => {
    expect(errorsOf(aSubmission({ offerId }))).toEqual([
      { path: 'offerId', code: 'invalid_offer_id', params: {}, message: expect.stringContaining('may contain only letters') },
    ]);
  });

  it.each(['contoso.firewall-preview', 'Contoso_Firewall_2', 'x'])('accepts the offer ID %j', (offerId) => {
    expect(valid(aSubmission({ offerId })).submission.offerId).toBe(offerId);
  });

  it.each(['ada', 'ada@', '@contoso.example', 'ada@contoso', 'Ada <ada@contoso.example>', 'ada@@contoso.example', 'ada@contoso .example'])(
    'refuses the email address %j',
    (email) => {
      expect(errorsOf(aSubmission({ reporter: { email } }))).toEqual([
        { path: 'reporter.email', code: 'invalid_email', params: {}, message: expect.stringContaining('valid address') },
      ]);
    },
  );
});

describe('vulnerability details', () => {
  it.each(['CVE-21-44228', 'cve-2021-44228', 'CVE-2021-442', 'CVE-1998-0001', 'CVE 2021 44228', 'CVE-2021-44228a'])(
    'rejects the malformed CVE ID %j',
    (cveId) => {
      expect(errorsOf(aSubmission({ category: 'vulnerability', cveId }))).toEqual([
        { path: 'cveId', code: 'invalid_cve', params: {}, message: expect.stringContaining('CVE-2021-44228') },
      ]);
    },
  );

  it.each([
    ['AV', 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H'],
    ['AC', 'CVSS:3.1/AV:N/PR:N/UI:N/S:C/C:H/I:H/A:H'],
    ['XX', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/XX:1'],
    ['VC', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:Q/VI:H/VA:H/SC:N/SI:N/SA:N'],
  ])('rejects an invalid CVSS vector naming the metric %s', (metric, cvssVector) => {
    const errors = errorsOf(aSubmission({ category: 'vulnerability', cvssVector }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'cvssVector', code: 'invalid_cvss', params: { metric } });
    expect(errors[0]?.message).toMatch(new RegExp(`\\b${metric}\\b`));
  });

  it('rejects a CVSS vector without its version prefix, naming the prefix as the metric CVSS', () => {
    expect(errorsOf(aSubmission({ cvssVector: 'AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' }))).toEqual([
      { path: 'cvssVector', code: 'invalid_cvss', params: { metric: 'CVSS' }, message: expect.stringContaining('CVSS:3.1/') },
    ]);
  });

  it('rejects a CVSS vector that is no list of METRIC:VALUE pairs without naming a metric', () => {
    expect(onlyErrorOf(aSubmission({ cvssVector: 'CVSS:3.1/AV:N//AC:L' }))).toEqual({ path: 'cvssVector', code: 'invalid_cvss', params: {} });
  });

  it('validates the CVE ID and the CVSS vector of an incident too', () => {
    expect(pathsOf(aSubmission({ cveId: 'CVE-XXXX', cvssVector: 'CVSS:3.1/AV:Q' })).sort()).toEqual(['cveId', 'cvssVector']);
  });

  it.each([
    ['neither field', {}],
    ['empty fields', { cveId: '', cvssVector: '' }],
    ['null fields', { cveId: null, cvssVector: null }],
  ] as Array<[string, Overrides]>)('requires a CVE ID or a CVSS vector for a vulnerability with %s', (_, fields) => {
    expect(errorsOf(aSubmission({ category: 'vulnerability', ...fields }))).toEqual([
      { path: 'cveId', code: 'vulnerability_needs_cve_or_cvss', params: {}, message: 'A vulnerability needs a CVE ID or a CVSS vector (or both).' },
    ]);
  });

  it('does not also ask for a CVE ID when the CVSS vector was sent but is invalid', () => {
    expect(pathsOf(aSubmission({ category: 'vulnerability', cvssVector: 'CVSS:3.1/AV:Q' }))).toEqual(['cvssVector']);
  });

  it.each([
    ['without steps', { available: true }],
    ['with blank steps', { available: true, steps: ' \n ' }],
    ['with null steps', { available: true, steps: null }],
  ] as Array<[string, Overrides]>)('requires mitigation steps when a mitigation is available, %s', (_, mitigation) => {
    expect(errorsOf(aSubmission({ mitigation }))).toEqual([
      { path: 'mitigation.steps', code: 'steps_required', params: {}, message: 'Mitigation steps are required when a mitigation is available.' },
    ]);
  });

  it('does not require steps when no mitigation is available', () => {
    expect(valid(aSubmission({ mitigation: { available: false } })).submission.mitigation).toEqual({ available: false });
  });
});

describe('collecting every error', () => {
  it('reports field, cross-field and unknown-field errors together', () => {
    const errors = errorsOf(
      aSubmission({
        category: 'vulnerability',
        summary: 'x',
        status: 'resolved',
        mitigation: { available: true },
        reporter: { email: 'not-an-email', name: 'Ada\nLovelace' },
      }),
    );
    expect(errors.map((e) => e.path).sort()).toEqual(['cveId', 'mitigation.steps', 'reporter.email', 'reporter.name', 'status', 'summary']);
    for (const e of errors) expect(e.message).toMatch(/^[A-Z"].*[.]$/);
  });

  it('gives every error a code of the exported list', () => {
    const errors = errorsOf(
      aSubmission({
        category: 'bug',
        summary: 'x\ny',
        offerId: 'a b',
        cvssVector: 'CVSS:3.1/AV:Q',
        mitigation: { available: true },
        zzz: 1,
        reporter: { email: ' ' },
      }),
    );
    for (const e of errors) expect(FIELD_ERROR_CODES, e.path).toContain(e.code);
  });

  it('reaches every code of the exported list from some input', () => {
    const inputs: unknown[] = [
      42,
      {},
      aSubmission({ summary: '   ', offerId: 'a b', cveId: 'CVE-1', cvssVector: 'x', description: '\ud800', zzz: 1 }),
      aSubmission({ category: 'vulnerability', summary: 'abc', reporter: { email: 'x', name: 'A\tB' }, mitigation: { available: true } }),
      aSubmission({ summary: 's'.repeat(LIMITS.summaryMax + 1), category: 5 }),
      formToSubmissionInput([...asFormFields(aSubmission()), ['summary', 'again']]),
      aSubmission({ summary: 'a b c', offerId: 'contoso\u200bfirewall', reporter: { name: '\u202eAda' } }),
    ];
    const seen = new Set<FieldErrorCode>(inputs.flatMap((input) => errorsOf(input).map((e) => e.code)));
    expect([...seen].sort()).toEqual([...FIELD_ERROR_CODES].sort());
  });

  it('still applies cross-field rules when the category is fine but other fields have wrong types', () => {
    expect(pathsOf(aSubmission({ category: 'vulnerability', summary: 7, reporter: 'x' })).sort()).toEqual(['cveId', 'reporter', 'summary']);
  });
});

describe('bodies built to be expensive', () => {
  it('reports each of 10,000 unknown names once, in the order sent', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `k${i}`);
    const body = { ...aSubmission(), ...Object.fromEntries(names.map((n) => [n, 1])) };
    expect(pathsOf(body)).toEqual(names);
  });

  it('cuts an unknown name of 60,000 characters to 100 and an ellipsis, in the path and in the message', () => {
    const name = 'k'.repeat(60_000);
    const [error] = errorsOf({ ...aSubmission(), [name]: 1 });
    expect(error).toEqual({ path: `${'k'.repeat(100)}…`, code: 'unknown_field', params: {}, message: `There is no field "${'k'.repeat(100)}…"; remove it.` });
  });

  it('cuts a long unknown name between characters, never inside a surrogate pair', () => {
    const [error] = errorsOf({ ...aSubmission(), [`${'k'.repeat(99)}${'🚨'.repeat(10)}`]: 1 });
    expect(error?.path).toBe(`${'k'.repeat(99)}…`);
  });

  it("reports JSON nested 10,000 deep under a known field as that field's wrong type, without walking it", () => {
    const deep = JSON.parse(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`) as unknown;
    const body = aSubmission();
    expect(onlyErrorOf({ ...body, summary: deep })).toEqual({ path: 'summary', code: 'wrong_type', params: { expected: 'text' } });
    expect(onlyErrorOf({ ...body, reporter: { ...body.reporter, a: deep } })).toEqual({ path: 'reporter.a', code: 'unknown_field', params: {} });
  });

  it('keeps JSON __proto__ and constructor.prototype keys as unknown fields without touching prototypes', () => {
    const input = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}') as Record<string, unknown>;
    expect(pathsOf({ ...aSubmission(), ...input }).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
