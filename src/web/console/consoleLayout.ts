// The frame of every console page: the shared document (src/web/layout.ts) with the console's
// stylesheet, the navigation and who is signed in in the masthead, and sign-out as a plain form
// with the session's CSRF token. Also the console's addresses, written once.

import type { Locale } from '../../domain/vocabulary';
import { renderDocument } from '../layout';
import { escapeHtml } from '../html';
import { fill } from '../i18n';
import { pageScriptSrc } from '../pageScripts';
import { consoleMessagesFor } from './consoleMessages';
import { CONSOLE_STYLESHEET } from './consoleStyles';
import { CONSOLE_PATH, renderSignOutForm, signInText } from './signInPage';

export { CONSOLE_PATH };
export const CONSOLE_SLA_PATH = `${CONSOLE_PATH}/sla`;
/** The console's script (web/src/console.ts), served by the app. */
export const CONSOLE_SCRIPT_PATH = '/api/console.js';

/** A ticket's page in the console. */
export function consoleTicketPath(confirmationNumber: string): string {
  return `${CONSOLE_PATH}/tickets/${encodeURIComponent(confirmationNumber)}`;
}

/** The signed-in operator's session, as the console's access gives it to every page. */
export interface ConsoleSession {
  /** who is signed in, for the masthead */
  operator: string;
  /** the session's CSRF token, a hidden field of every form */
  csrf: string;
  language: Locale;
}

export interface ConsolePageParts {
  session: ConsoleSession;
  /** plain text; escaped here */
  title: string;
  /** markup, already escaped */
  body: string;
  /** the navigation entry of this page, if it is one */
  current?: 'queue' | 'sla';
  /** the queue takes the console's script (refresh in place); the page works without it */
  script?: boolean;
}

/** A complete console page. */
export function renderConsoleDocument(parts: ConsolePageParts): string {
  const locale = parts.session.language;
  const c = consoleMessagesFor(locale);
  const link = (href: string, label: string, here: boolean): string =>
    `<li><a href="${escapeHtml(href)}"${here ? ' aria-current="page"' : ''}>${escapeHtml(label)}</a></li>`;
  const masthead = `<nav class="console-nav" aria-label="${escapeHtml(c['nav.label'])}">
<ul>
${link(CONSOLE_PATH, c['nav.queue'], parts.current === 'queue')}
${link(CONSOLE_SLA_PATH, c['nav.sla'], parts.current === 'sla')}
</ul>
<p class="console-operator" id="signed-in-as">${escapeHtml(fill(signInText(locale, 'session.signedInAs'), { operator: parts.session.operator }))}</p>
${renderSignOutForm(parts.session.csrf, locale)}
</nav>`;
  const script = parts.script ? `<script src="${escapeHtml(pageScriptSrc(CONSOLE_SCRIPT_PATH))}" defer></script>\n` : '';
  return renderDocument({
    locale,
    title: `${parts.title} – ${signInText(locale, 'console.name')}`,
    body: parts.body,
    masthead,
    stylesheet: 'embed',
    head: `<style>${CONSOLE_STYLESHEET}</style>\n${script}`,
  });
}

const SHORT_INSTANT: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};

/**
 * How the console shows an instant: a `<time>` with the date and time in the support calendar's
 * zone (UTC by default; an unknown zone falls back to UTC), short enough for a queue entry.
 */
export function consoleTime(locale: Locale, timeZone = 'UTC'): (iso: string) => string {
  const language = locale === 'de' ? 'de-DE' : 'en-GB';
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(language, { ...SHORT_INSTANT, timeZone });
  } catch {
    format = new Intl.DateTimeFormat(language, { ...SHORT_INSTANT, timeZone: 'UTC' });
  }
  return (iso) => {
    const date = new Date(iso);
    const text = Number.isNaN(date.getTime()) ? iso : format.format(date);
    return `<time datetime="${escapeHtml(iso)}">${escapeHtml(text)}</time>`;
  };
}
