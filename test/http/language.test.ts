import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage } from '../../src/http/language';
import { parseSubmission } from '../../src/domain/submission';
import { aSubmission } from '../support/builders';

function localeOf(input: unknown, acceptLanguage: string | null): string {
  const result = parseSubmission(input, { defaultLocale: localeFromAcceptLanguage(acceptLanguage) });
  if (!result.ok) throw new Error(`expected a valid submission, got ${JSON.stringify(result.errors)}`);
  return result.submission.reporter.locale;
}

describe('the reporter locale', () => {
  it('comes from the body when sent', () => {
    expect(localeOf(aSubmission({ reporter: { locale: 'en' } }), 'de-DE,de;q=0.9')).toBe('en');
  });

  it('defaults from Accept-Language', () => {
    expect(localeOf(aSubmission(), 'de-DE,de;q=0.9,en;q=0.5')).toBe('de');
  });

  it('defaults to en without Accept-Language', () => {
    expect(localeOf(aSubmission(), null)).toBe('en');
  });

  it.each([
    ['de-DE,de;q=0.9', 'de'],
    ['de', 'de'],
    ['DE-at', 'de'],
    ['en-US,en;q=0.9,de;q=0.8', 'en'],
    ['fr, de;q=0.5', 'de'],
    ['fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5', 'en'],
    ['de;q=0.5, en;q=0.6', 'en'],
    ['en;q=0.5, de;q=0.6', 'de'],
    ['de, en', 'de'],
    ['en, de', 'en'],
    ['*', 'en'],
    ['de;q=0.5, *', 'en'],
    ['*;q=0.1, de;q=0.5', 'de'],
    ['de;q=0', 'en'],
    ['fr, it', 'en'],
    ['', 'en'],
    [null, 'en'],
    [undefined, 'en'],
    ['de;q=abc', 'en'],
    ['de;q=2', 'en'],
    ['deutsch', 'en'],
    [',,;;;', 'en'],
  ])('Accept-Language %j gives %s', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });
});
