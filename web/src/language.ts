// Which language the page speaks, and switching it in place: every element with data-i18n gets
// its text from the shared table, so what the reporter typed stays where it is.

import type { Locale } from '../../src/domain/ticket';
import { formPath, localeFromLanguageTag, type MessageKey, type Messages, messagesFor } from '../../src/web/i18n';

const STORAGE_KEY = 'security-event-form.locale';

/** The language to start in: the page's own (/de.html), an earlier choice, else the browser's. */
export function initialLocale(): Locale {
  if (/\/de(\.html)?$/.test(location.pathname)) return 'de';
  const stored = readStored();
  if (stored) return stored;
  const preferred = navigator.languages?.[0] ?? navigator.language;
  return localeFromLanguageTag(preferred);
}

/** Puts every text of the page into `locale` and remembers the choice. */
export function applyLocale(locale: Locale, title: MessageKey): Messages {
  const t = messagesFor(locale);
  document.documentElement.lang = locale;
  document.title = t[title];
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = el.dataset.i18n as MessageKey;
    if (key in t) el.textContent = t[key];
  }
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')) {
    const key = el.dataset.i18nAriaLabel as MessageKey;
    if (key in t) el.setAttribute('aria-label', t[key]);
  }
  const other: Locale = locale === 'de' ? 'en' : 'de';
  const link = document.getElementById('lang-switch');
  if (link) {
    link.setAttribute('href', formPath(other));
    link.setAttribute('hreflang', other);
    link.setAttribute('lang', other);
  }
  document.getElementById('another-report')?.setAttribute('href', formPath(locale));
  const hidden = document.querySelector<HTMLInputElement>('input[name="reporter.locale"]');
  if (hidden) hidden.value = locale;
  return t;
}

/** Records an explicit choice, and makes the address match it so a reload keeps the language. */
export function rememberLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage may be off (private mode); the choice then lasts for this page only.
  }
  history.replaceState(history.state, '', formPath(locale));
}

function readStored(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'de' || value === 'en' ? value : null;
  } catch {
    return null;
  }
}
