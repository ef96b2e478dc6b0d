// Headers for every HTML response (the form, the status page, the problem page) and for the static
// files. No page has inline script (the status page's script is a file the app serves); the one
// inline style, the stylesheet embedded in the server-rendered pages, is allowed by its hash. An
// older status link carries the reporter's token in its query, hence no Referer to anyone.

import { createHash } from 'node:crypto';
import { STYLESHEET } from './styles';

/** The CSP source that allows exactly `<style>${STYLESHEET}</style>`. */
export const STYLESHEET_HASH = styleHash(STYLESHEET);

/** The CSP source that allows exactly `<style>${css}</style>`. */
function styleHash(css: string): string {
  return `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;
}

function contentSecurityPolicy(apiOrigin?: string, moreStyles: readonly string[] = []): string {
  const connect = apiOrigin ? `'self' ${apiOrigin}` : `'self'`;
  const form = apiOrigin ? `'self' ${apiOrigin}` : `'self'`;
  return [
    `default-src 'self'`,
    `script-src 'self'`,
    `style-src 'self' ${[STYLESHEET_HASH, ...moreStyles.map(styleHash)].join(' ')}`,
    `img-src 'self' data:`,
    `connect-src ${connect}`,
    `object-src 'none'`,
    `frame-ancestors 'none'`,
    `base-uri 'none'`,
    `form-action ${form}`,
  ].join('; ');
}

/**
 * The headers for a page whose API is elsewhere (Static Web Apps in front of a Functions app on
 * another origin): `apiOrigin` such as `https://intake-func.azurewebsites.net` is allowed for
 * fetch and for the form post. Without it: same origin only.
 */
export function securityHeadersFor(apiOrigin?: string): Record<string, string> {
  if (apiOrigin !== undefined && apiOrigin !== '' && !/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(apiOrigin)) {
    throw new Error(`not an origin (scheme://host[:port]): ${apiOrigin}`);
  }
  return {
    'Content-Security-Policy': contentSecurityPolicy(apiOrigin || undefined),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  };
}

/** The headers for HTML served from the same origin as the API (the local host, Functions). */
export const SECURITY_HEADERS: Record<string, string> = Object.freeze(securityHeadersFor()) as Record<string, string>;

/** The headers of a server-rendered page (the status page, the problem page): HTML, never cached, with SECURITY_HEADERS. */
export const PAGE_HEADERS: Record<string, string> = Object.freeze({
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  ...SECURITY_HEADERS,
}) as Record<string, string>;

/**
 * PAGE_HEADERS for a page that embeds more stylesheets than the shared one (the operators'
 * console): each `<style>` text is allowed by its hash, nothing else inline.
 */
export function pageHeadersWithStyles(styles: readonly string[]): Record<string, string> {
  return Object.freeze({ ...PAGE_HEADERS, 'Content-Security-Policy': contentSecurityPolicy(undefined, styles) }) as Record<string, string>;
}
