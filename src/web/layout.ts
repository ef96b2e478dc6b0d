// The frame every page shares: language, viewport, the one stylesheet, the masthead. No inline
// script anywhere; the stylesheet is linked (the static form) or embedded whole (server-rendered
// pages, allowed by its hash in the Content-Security-Policy).

import type { Locale } from '../domain/ticket';
import { escapeHtml } from './html';
import { messagesFor } from './i18n';
import { STYLESHEET } from './styles';

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
  /** 'link': /styles.css (the static site); 'embed': a <style> element (pages from the Functions app) */
  stylesheet: 'link' | 'embed';
}

// The pages' icon, inline: without one a browser asks for /favicon.ico, which nothing serves (a
// failed request on every first visit); as a data: URL (allowed by img-src) it costs no request.
const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path fill="#1d4ed8" d="M8 1l6 2.5v4C14 11.2 11.4 14.2 8 15 4.6 14.2 2 11.2 2 7.5v-4z"/></svg>';
const FAVICON = `<link rel="icon" type="image/svg+xml" href="data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}">`;

/** A complete HTML document around `body`. */
export function renderDocument(parts: DocumentParts): string {
  const t = messagesFor(parts.locale);
  return `<!doctype html>
<html lang="${parts.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(parts.title)}</title>
${FAVICON}
${parts.stylesheet === 'link' ? '<link rel="stylesheet" href="/styles.css">' : `<style>${STYLESHEET}</style>`}
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
