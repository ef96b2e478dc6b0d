// Which of the two languages a request asks for (RFC 9110 §12.5.4, Accept-Language): the default
// for a submission that names no locale, and the language of a page the request gets.

import type { Locale } from '../domain/vocabulary';

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
