// The console's start until its queue page exists (issue 16, part C, replaces this file): who is
// signed in and the sign-out.

import type { Locale } from '../../domain/vocabulary';
import { escapeHtml } from '../html';
import { fill } from '../i18n';
import { renderDocument } from '../layout';
import { renderSignOutForm, signInText } from './signInPage';

const TEXTS = {
  en: { intro: 'The queue of open reports will be shown here.' },
  de: { intro: 'Hier wird die Liste der offenen Meldungen gezeigt.' },
} as const satisfies Record<Locale, Record<string, string>>;

/** The console's start page for the signed-in operator. */
export function renderConsoleStartPage(session: { csrf: string; operator: string; language: Locale }): string {
  const locale = session.language;
  const body = `<section aria-labelledby="console-title">
<h1 id="console-title">${escapeHtml(signInText(locale, 'console.name'))}</h1>
<p id="signed-in-as">${escapeHtml(fill(signInText(locale, 'session.signedInAs'), { operator: session.operator }))}</p>
<p>${escapeHtml(TEXTS[locale].intro)}</p>
${renderSignOutForm(session.csrf, locale)}
</section>`;
  return renderDocument({ locale, title: signInText(locale, 'console.name'), body, stylesheet: 'embed' });
}
