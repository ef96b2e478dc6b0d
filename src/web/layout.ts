// The frame every page shares: language, viewport, the one stylesheet, the masthead. No inline
// script or style anywhere, so the Content-Security-Policy can stay at 'self'.

import type { Locale } from '../domain/ticket';
import { escapeHtml } from './html';
import { messagesFor } from './i18n';

export interface DocumentParts {
  locale: Locale;
  /** plain text; escaped here */
  title: string;
  /** markup, already escaped by the caller */
  body: string;
  /** markup for the end of <head> (meta elements, module scripts) */
  head?: string;
  /** markup for the masthead's right side, e.g. the language switch */
  masthead?: string;
}

/** A complete HTML document around `body`, with the stylesheet from /styles.css. */
export function renderDocument(parts: DocumentParts): string {
  const t = messagesFor(parts.locale);
  return `<!doctype html>
<html lang="${parts.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(parts.title)}</title>
<link rel="stylesheet" href="/styles.css">
${parts.head ?? ''}</head>
<body>
<a class="skip-link" href="#main" data-i18n="skip">${escapeHtml(t.skip)}</a>
<header class="masthead">
<div class="wrap masthead-inner">
<p class="site-name" data-i18n="site.name">${escapeHtml(t['site.name'])}</p>
${parts.masthead ?? ''}
</div>
</header>
<main id="main" class="wrap" tabindex="-1">
${parts.body}
</main>
</body>
</html>
`;
}
