import { describe, expect, it } from 'vitest';
import { FIELD_ERROR_CODES, type FieldError, type FieldErrorCode, parseSubmission } from '../../src/domain/submission';
import type { Locale } from '../../src/domain/ticket';
import { fieldErrorKey, fieldErrorMessage, fieldSubject, localizedFieldError, MESSAGES, type MessageKey } from '../../src/web/i18n';
import { aSubmission } from '../support/builders';
import { EVIDENCE_LIMITS } from '../../src/domain/evidenceFile';
import { MAX_REPORT_FORM_BYTES } from '../../src/http/reportForm';

const LOCALES: Locale[] = ['de', 'en'];

/** An error of each code as the schema makes it, with the params its message needs. */
const SAMPLES: Record<FieldErrorCode, FieldError> = {
  required: { path: 'summary', code: 'required', params: {}, message: 'Summary is required.' },
  blank: { path: 'description', code: 'blank', params: {}, message: 'Description must not be blank.' },
  too_short: { path: 'summary', code: 'too_short', params: { min: 5 }, message: 'Summary must be at least 5 characters long.' },
  too_long: {
    path: 'mitigation.steps',
    code: 'too_long',
    params: { max: 20000, length: 20001 },
    message: 'Mitigation steps must be at most 20000 characters long; it has 20001.',
  },
  wrong_type: {
    path: 'category',
    code: 'wrong_type',
    params: { expected: 'one_of', options: ['incident', 'vulnerability'] },
    message: 'Category must be "incident" or "vulnerability".',
  },
  unknown_field: { path: 'reporter.phone', code: 'unknown_field', params: {}, message: 'There is no field "reporter.phone"; remove it.' },
  duplicate_field: { path: 'reporter.email', code: 'duplicate_field', params: {}, message: 'Email address was sent more than once; send it once.' },
  control_characters: {
    path: 'reporter.name',
    code: 'control_characters',
    params: {},
    message: 'Name must be a single line: line breaks, tabs and other control characters are not allowed.',
  },
  bidi_controls: {
    path: 'summary',
    code: 'bidi_controls',
    params: {},
    message: 'Summary contains text-direction control characters (such as U+202E), which change how it is shown; remove them.',
  },
  invisible_characters: {
    path: 'reporter.name',
    code: 'invisible_characters',
    params: {},
    message: 'Name contains invisible characters (such as a zero-width space or a soft hyphen); remove them.',
  },
  too_few_visible_characters: {
    path: 'summary',
    code: 'too_few_visible_characters',
    params: { min: 5 },
    message: 'Summary must have at least 5 visible characters; spaces and invisible characters do not count.',
  },
  invalid_unicode: { path: 'description', code: 'invalid_unicode', params: {}, message: 'Description contains characters that are not valid Unicode text.' },
  invalid_email: { path: 'reporter.email', code: 'invalid_email', params: {}, message: 'Email address must be a valid address such as ada@contoso.example.' },
  invalid_offer_id: {
    path: 'offerId',
    code: 'invalid_offer_id',
    params: {},
    message: 'Offer ID may contain only letters A–Z, digits, ".", "_" and "-", for example contoso-firewall.',
  },
  invalid_cve: {
    path: 'cveId',
    code: 'invalid_cve',
    params: {},
    message: 'CVE ID must look like CVE-2021-44228: "CVE-", a year from 1999, "-" and four or more digits.',
  },
  invalid_cvss: {
    path: 'cvssVector',
    code: 'invalid_cvss',
    params: { metric: 'AV' },
    message: '"Q" is not a value of the metric AV (Attack Vector) in CVSS 3.1; use one of N, A, L, P.',
  },
  invalid_cwe: {
    path: 'weakness',
    code: 'invalid_cwe',
    params: {},
    message: 'Weakness must be a CWE ID such as CWE-79: "CWE-" in capitals and the weakness\'s number, from 1, without leading zeros.',
  },
  invalid_date: {
    path: 'publicDisclosure',
    code: 'invalid_date',
    params: {},
    message: 'Public disclosure date must be a calendar date written YYYY-MM-DD, such as 2025-09-30.',
  },
  vulnerability_needs_cve_or_cvss: {
    path: 'cveId',
    code: 'vulnerability_needs_cve_or_cvss',
    params: {},
    message: 'A vulnerability needs a CVE ID or a CVSS vector (or both).',
  },
  steps_required: { path: 'mitigation.steps', code: 'steps_required', params: {}, message: 'Mitigation steps are required when a mitigation is available.' },
  not_an_object: { path: '', code: 'not_an_object', params: {}, message: 'The submission must be a JSON object with the fields of the form.' },
};

/** What a German and an English reader see for each code: our wording, naming the field and the limit. */
const EXPECTED: Record<FieldErrorCode, Record<Locale, string>> = {
  required: { de: 'Die Kurzbeschreibung wird noch benötigt.', en: 'The summary is required.' },
  blank: {
    de: 'Die Beschreibung des Problems enthält nur Leerzeichen; bitte geben Sie Text ein.',
    en: 'The description of the problem contains only spaces; please enter some text.',
  },
  too_short: { de: 'Die Kurzbeschreibung braucht mindestens 5 Zeichen.', en: 'The summary needs at least 5 characters.' },
  too_long: {
    de: 'Die Beschreibung der Schritte darf höchstens 20.000 Zeichen haben; jetzt sind es 20.001.',
    en: 'The description of the steps may have at most 20,000 characters; it has 20,001 now.',
  },
  wrong_type: { de: 'Die Art des Ereignisses muss „incident“ oder „vulnerability“ sein.', en: 'The kind of event must be “incident” or “vulnerability”.' },
  unknown_field: { de: 'Ein Feld „reporter.phone“ gibt es nicht; bitte entfernen Sie es.', en: 'There is no field “reporter.phone”; please remove it.' },
  duplicate_field: {
    de: 'Die E-Mail-Adresse wurde mehrfach gesendet; bitte nur einmal senden.',
    en: 'The email address was sent more than once; please send it once.',
  },
  control_characters: {
    de: 'Ihr Name muss eine einzige Zeile sein, ohne Zeilenumbrüche oder Tabulatoren.',
    en: 'Your name must be a single line, without line breaks or tabs.',
  },
  bidi_controls: {
    de: 'Die Kurzbeschreibung enthält Zeichen, die die Schreibrichtung ändern; bitte entfernen Sie sie.',
    en: 'The summary contains characters that change the direction of the text; please remove them.',
  },
  invisible_characters: {
    de: 'Ihr Name enthält unsichtbare Zeichen, etwa ein Leerzeichen ohne Breite oder einen weichen Trennstrich; bitte entfernen Sie sie.',
    en: 'Your name contains invisible characters, such as a zero-width space or a soft hyphen; please remove them.',
  },
  too_few_visible_characters: {
    de: 'Die Kurzbeschreibung braucht mindestens 5 sichtbare Zeichen; Leerzeichen zählen nicht.',
    en: 'The summary needs at least 5 visible characters; spaces do not count.',
  },
  invalid_unicode: {
    de: 'Die Beschreibung des Problems enthält Zeichen, die kein gültiger Text sind; bitte geben Sie sie neu ein.',
    en: 'The description of the problem contains characters that are not valid text; please type them again.',
  },
  invalid_email: { de: 'Bitte geben Sie eine E-Mail-Adresse wie ada@contoso.example an.', en: 'Please enter an email address such as ada@contoso.example.' },
  invalid_cwe: {
    de: 'Der Schwachstellentyp muss eine CWE-ID wie CWE-79 sein: „CWE-“ in Großbuchstaben und die Nummer der Schwachstelle, ohne führende Nullen.',
    en: 'The weakness must be a CWE ID such as CWE-79: “CWE-” in capitals and the number of the weakness, without leading zeros.',
  },
  invalid_date: {
    de: 'Das Datum der geplanten Veröffentlichung muss ein Datum sein, das es gibt, geschrieben JJJJ-MM-TT, zum Beispiel 2025-09-30.',
    en: 'The planned disclosure date must be a date that exists, written YYYY-MM-DD, for example 2025-09-30.',
  },
  invalid_offer_id: {
    de: 'Die Angebots-ID darf nur Buchstaben A–Z, Ziffern, „.“, „_“ und „-“ enthalten, zum Beispiel contoso-firewall.',
    en: 'The offer ID may contain only letters A–Z, digits, “.”, “_” and “-”, for example contoso-firewall.',
  },
  invalid_cve: {
    de: 'Die CVE-ID muss wie CVE-2021-44228 aufgebaut sein: „CVE-“, eine Jahreszahl ab 1999, „-“ und mindestens vier Ziffern.',
    en: 'The CVE ID must look like CVE-2021-44228: “CVE-”, a year from 1999, “-” and at least four digits.',
  },
  invalid_cvss: {
    de: 'Der CVSS-Vektor ist ungültig: Die Metrik AV fehlt, steht doppelt, steht an falscher Stelle, ist unbekannt oder hat einen Wert, den sie nicht kennt.',
    en: 'The CVSS vector is not valid: the metric AV is missing, repeated, out of order, unknown or has a value it does not allow.',
  },
  vulnerability_needs_cve_or_cvss: {
    de: 'Eine Schwachstelle braucht eine CVE-ID oder einen CVSS-Vektor (oder beides).',
    en: 'A vulnerability needs a CVE ID or a CVSS vector (or both).',
  },
  steps_required: {
    de: 'Bitte beschreiben Sie die Schritte, denn es gibt eine Lösung oder Abhilfe.',
    en: 'Please describe the steps, since a fix or mitigation is available.',
  },
  not_an_object: {
    de: 'Die Meldung muss ein JSON-Objekt mit den Feldern des Formulars sein.',
    en: 'The report must be a JSON object with the fields of the form.',
  },
};

describe('fieldErrorMessage', () => {
  it('has a German and an English template for every code, each different', () => {
    for (const code of FIELD_ERROR_CODES) {
      const key = fieldErrorKey(code);
      expect(MESSAGES.en[key], code).toBeTruthy();
      expect(MESSAGES.de[key], code).toBeTruthy();
      expect(MESSAGES.de[key], code).not.toBe(MESSAGES.en[key]);
    }
  });

  for (const code of FIELD_ERROR_CODES) {
    it.each(LOCALES)(`words ${code} in %s`, (locale) => {
      expect(fieldErrorMessage(SAMPLES[code], locale)).toBe(EXPECTED[code][locale]);
    });
  }

  it.each([
    [{ expected: 'text' }, 'Die Kurzbeschreibung muss Text sein.', 'The summary must be text.'],
    [{ expected: 'boolean' }, 'Die Kurzbeschreibung muss true oder false sein.', 'The summary must be true or false.'],
    [{ expected: 'object' }, 'Die Kurzbeschreibung muss ein JSON-Objekt sein.', 'The summary must be a JSON object.'],
    [{}, 'Die Kurzbeschreibung hat einen Wert der falschen Art.', 'The summary has a value of the wrong kind.'],
  ])('words wrong_type %j by what was expected', (params, de, en) => {
    const error = { path: 'summary', code: 'wrong_type', params, message: 'Summary must be text.' };
    expect(fieldErrorMessage(error, 'de')).toBe(de);
    expect(fieldErrorMessage(error, 'en')).toBe(en);
  });

  it.each([
    [{ metric: 'CVSS' }, 'Der CVSS-Vektor muss mit seiner Version beginnen: CVSS:3.0/, CVSS:3.1/ oder CVSS:4.0/.'],
    [{}, 'Der CVSS-Vektor ist ungültig: Er besteht aus Paaren METRIK:WERT, getrennt durch „/“, zum Beispiel CVSS:3.1/AV:N/AC:L/….'],
  ])('words invalid_cvss %j: the version prefix, or a vector that is no list of pairs', (params, de) => {
    expect(fieldErrorMessage({ path: 'cvssVector', code: 'invalid_cvss', params, message: 'English.' }, 'de')).toBe(de);
  });

  it('words what the schema itself reports, for each error of a bad submission', () => {
    const result = parseSubmission(aSubmission({ category: 'vulnerability', summary: 'abc', cvssVector: 'CVSS:3.1/AV:Q', reporter: { email: 'x' } }), {
      defaultLocale: 'en',
    });
    if (result.ok) throw new Error('expected errors');
    expect(result.errors.map((e) => fieldErrorMessage(e, 'de'))).toEqual([
      'Die Kurzbeschreibung braucht mindestens 5 Zeichen.',
      expect.stringMatching(/^Der CVSS-Vektor ist ungültig: Die Metrik AV /),
      'Bitte geben Sie eine E-Mail-Adresse wie ada@contoso.example an.',
    ]);
  });

  it.each([
    ['no code', { path: 'summary', message: 'Summary is required.' }],
    ['an unknown code', { path: 'summary', code: 'too_shouty', params: {}, message: 'Summary is too shouty.' }],
    ['a code without the param its template needs', { path: 'summary', code: 'too_short', params: {}, message: 'Summary must be at least 5 characters long.' }],
    ['params that are no object', { path: 'summary', code: 'too_long', params: 'max=5', message: 'Summary is too long.' }],
    [
      'a list of options that is no list of strings',
      { path: 'category', code: 'wrong_type', params: { expected: 'one_of', options: [1] }, message: 'Category is wrong.' },
    ],
  ])('falls back to the English message for %s, and says it is English', (_, error) => {
    expect(fieldErrorMessage(error, 'de')).toBe(error.message);
    expect(localizedFieldError(error, 'de')).toEqual({ message: error.message, locale: 'en' });
  });

  it('says a worded message is in the language asked for', () => {
    expect(localizedFieldError(SAMPLES.required, 'de').locale).toBe('de');
  });
});

describe('fieldSubject', () => {
  it('names every field of the form in both languages, and any other path as a field', () => {
    for (const path of ['category', 'summary', 'reporter.email', 'customerNotification.message']) {
      for (const locale of LOCALES) expect(fieldSubject(path, locale)).not.toMatch(/„|“|”/);
    }
    expect(fieldSubject('status', 'de')).toBe('Das Feld „status“');
    expect(fieldSubject('status', 'en')).toBe('The field “status”');
  });

  it('has a German subject for every English one', () => {
    const keys = (Object.keys(MESSAGES.en) as MessageKey[]).filter((k) => k.startsWith('field.'));
    expect(keys.length).toBeGreaterThan(10);
    for (const key of keys) expect(MESSAGES.de[key], key).toBeTruthy();
  });
});

describe('the reporter’s texts about files', () => {
  // The limits are written into the sentences (they read better so than with placeholders): they must be the service's.
  const MiB = 1024 * 1024;
  it.each(['en', 'de'] as const)('name the limits the service enforces (%s)', (locale) => {
    const t = MESSAGES[locale];
    const fileMiB = `${EVIDENCE_LIMITS.fileBytes / MiB} MiB`;
    expect(t['files.refused.file_too_large']).toContain(fileMiB);
    expect(t['files.refused.ticket_full']).toContain(`${EVIDENCE_LIMITS.ticketBytes / MiB} MiB`);
    expect(t['files.refused.too_many_files']).toContain(String(EVIDENCE_LIMITS.filesPerTicket));
    expect(t['evidence.hint']).toContain(fileMiB);
    expect(t['evidence.hint']).toContain(`${EVIDENCE_LIMITS.filesPerTicket} `);
    // Sent with the report without JavaScript: as many file bytes as the request may carry.
    expect(t['evidence.noScript']).toContain(`${(MAX_REPORT_FORM_BYTES - (MAX_REPORT_FORM_BYTES % MiB)) / MiB} MiB`);
    expect(t['evidence.noScript']).toContain(`${EVIDENCE_LIMITS.ticketBytes / MiB} MiB`);
    expect(t['fieldError.report_too_many_files']).toContain(String(EVIDENCE_LIMITS.filesPerTicket));
    expect(t['fieldError.report_files_too_large']).toContain(fileMiB);
  });
});
