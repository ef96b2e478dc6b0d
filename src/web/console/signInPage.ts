// The operators' console's way in and out: the sign-in page (the operator key, posted, never in a
// URL or a script), the page that carries an Entra ID sign-in on to the console, and the sign-out
// form every console page shows. Pure rendering; the routes are src/functions/consoleSignIn*.ts
// and consoleSignOut.ts, the session src/http/consoleAccess.ts.

import type { Locale } from '../../domain/vocabulary';
import { csrfField, escapeHtml } from '../html';
import { fill } from '../i18n';
import { renderDocument } from '../layout';

/** Where the console lives, its sign-in and its sign-out (the route prefix included). */
export const CONSOLE_PATH = '/api/console';
export const CONSOLE_SIGN_IN_PATH = `${CONSOLE_PATH}/sign-in`;
export const CONSOLE_SIGN_OUT_PATH = `${CONSOLE_PATH}/sign-out`;

/** The id of the key field, which a refusal points to and the page focuses. */
export const KEY_FIELD_ID = 'f-key';

const TEXTS = {
  en: {
    'console.name': 'Operators’ console',
    'signIn.title': 'Sign in to the operators’ console',
    'signIn.intro': 'The console shows the open reports by deadline and lets you triage them. Sign in with the operator key.',
    'signIn.key': 'Operator key',
    'signIn.keyHint': 'The key npm start printed for this run, or the value of OPS_API_KEY.',
    'signIn.submit': 'Sign in',
    'signIn.missing': 'Enter the operator key.',
    'signIn.wrong': 'That is not the operator key. Check it and try again.',
    'signIn.throttled': 'Too many failed sign-ins from your network address. Try again in {minutes} minutes; until then no key is accepted from this address.',
    'signIn.throttledOne': 'Too many failed sign-ins from your network address. Try again in a minute; until then no key is accepted from this address.',
    'signIn.signedOut': 'You are signed out.',
    'signIn.done': 'You are signed in as {operator}.',
    'signIn.continue': 'Continue to the console',
    'signIn.again': 'Sign in again',
    'session.keyOperator': 'operator (key sign-in)',
    'session.signedInAs': 'Signed in as {operator}',
    'signOut.submit': 'Sign out',
  },
  de: {
    'console.name': 'Konsole des Security-Response-Teams',
    'signIn.title': 'Anmeldung zur Konsole des Security-Response-Teams',
    'signIn.intro': 'Die Konsole zeigt die offenen Meldungen nach Frist und dient ihrer Bearbeitung. Melden Sie sich mit dem Operator-Schlüssel an.',
    'signIn.key': 'Operator-Schlüssel',
    'signIn.keyHint': 'Der Schlüssel, den npm start für diesen Lauf ausgegeben hat, oder der Wert von OPS_API_KEY.',
    'signIn.submit': 'Anmelden',
    'signIn.missing': 'Geben Sie den Operator-Schlüssel ein.',
    'signIn.wrong': 'Das ist nicht der Operator-Schlüssel. Prüfen Sie ihn und versuchen Sie es noch einmal.',
    'signIn.throttled':
      'Zu viele fehlgeschlagene Anmeldungen von Ihrer Netzwerkadresse. Versuchen Sie es in {minutes} Minuten wieder; bis dahin wird von dieser Adresse kein Schlüssel angenommen.',
    'signIn.throttledOne':
      'Zu viele fehlgeschlagene Anmeldungen von Ihrer Netzwerkadresse. Versuchen Sie es in einer Minute wieder; bis dahin wird von dieser Adresse kein Schlüssel angenommen.',
    'signIn.signedOut': 'Sie sind abgemeldet.',
    'signIn.done': 'Sie sind angemeldet als {operator}.',
    'signIn.continue': 'Weiter zur Konsole',
    'signIn.again': 'Wieder anmelden',
    'session.keyOperator': 'Operator (Anmeldung mit Schlüssel)',
    'session.signedInAs': 'Angemeldet als {operator}',
    'signOut.submit': 'Abmelden',
  },
} as const satisfies Record<Locale, Record<string, string>>;

export type SignInText = keyof (typeof TEXTS)['en'];

/** A text of the console's sign-in in `locale`. */
export function signInText(locale: Locale, key: SignInText): string {
  return TEXTS[locale][key];
}

/** Why the sign-in page is shown again. */
export type SignInError = { code: 'missing' } | { code: 'wrong' } | { code: 'throttled'; retryAfterSeconds: number };

/**
 * The sign-in page: the key field (a password field, posted with the form, never in a URL) and
 * the console path to go on to (`next`, already checked to be one). `error`: why it is shown again,
 * beside the field, which then has the focus; `signedOut`: after signing out.
 */
export function renderSignInPage(args: { locale: Locale; next: string; error?: SignInError; signedOut?: boolean }): string {
  const { locale, error } = args;
  const t = TEXTS[locale];
  const message = error === undefined ? null : signInErrorText(error, locale);
  const throttled = error?.code === 'throttled';
  // A refused key sits beside its field; "too many attempts" is about the address, so it heads the form.
  const summary = message && throttled ? `<div class="error-summary" id="sign-in-error" role="alert" tabindex="-1"><p>${escapeHtml(message)}</p></div>\n` : '';
  const fieldError = message && !throttled ? `<p class="field-error" id="${KEY_FIELD_ID}-error">${escapeHtml(message)}</p>\n` : '';
  const described = fieldError ? `${KEY_FIELD_ID}-hint ${KEY_FIELD_ID}-error` : `${KEY_FIELD_ID}-hint`;
  const body = `<section class="console-sign-in" aria-labelledby="sign-in-title">
<h1 id="sign-in-title">${escapeHtml(t['signIn.title'])}</h1>
${args.signedOut ? `<p class="notice ok" id="signed-out" role="status">${escapeHtml(t['signIn.signedOut'])}</p>\n` : ''}<p>${escapeHtml(t['signIn.intro'])}</p>
${summary}<form id="sign-in-form" method="post" action="${CONSOLE_SIGN_IN_PATH}">
<input type="hidden" name="next" value="${escapeHtml(args.next)}">
<div class="field">
<label for="${KEY_FIELD_ID}">${escapeHtml(t['signIn.key'])}</label>
<p class="hint" id="${KEY_FIELD_ID}-hint">${escapeHtml(t['signIn.keyHint'])}</p>
${fieldError}<input type="password" id="${KEY_FIELD_ID}" name="key" required aria-required="true" autocomplete="current-password" autocapitalize="off" spellcheck="false" aria-describedby="${described}"${fieldError ? ' aria-invalid="true"' : ''}${message ? ' autofocus' : ''}>
</div>
<div class="actions">
<button type="submit" class="primary">${escapeHtml(t['signIn.submit'])}</button>
</div>
</form>
</section>`;
  return renderDocument({ locale, title: t['signIn.title'], body, stylesheet: 'embed' });
}

/** A refused sign-in in the reader's words. */
export function signInErrorText(error: SignInError, locale: Locale): string {
  const t = TEXTS[locale];
  switch (error.code) {
    case 'missing':
      return t['signIn.missing'];
    case 'wrong':
      return t['signIn.wrong'];
    case 'throttled': {
      const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
      return minutes === 1 ? t['signIn.throttledOne'] : fill(t['signIn.throttled'], { minutes });
    }
  }
}

/**
 * The page after an Entra ID sign-in: it goes on to `next` at once (a refresh, no script), with a
 * link for a browser that does not. Not a redirect: the sign-in arrived by way of the identity
 * provider's site, and a redirect from here would still count as cross-site, so the browser would
 * not send the new SameSite=Strict session cookie; a navigation this page starts is same-site.
 */
export function renderSignedInPage(args: { locale: Locale; operator: string; next: string }): string {
  const t = TEXTS[args.locale];
  const next = escapeHtml(args.next);
  const body = `<section aria-labelledby="signed-in-title">
<h1 id="signed-in-title">${escapeHtml(t['console.name'])}</h1>
<p role="status">${escapeHtml(fill(t['signIn.done'], { operator: args.operator }))}</p>
<p><a class="button-link" id="continue" href="${next}">${escapeHtml(t['signIn.continue'])}</a></p>
</section>`;
  return renderDocument({
    locale: args.locale,
    title: t['console.name'],
    body,
    stylesheet: 'embed',
    head: `<meta http-equiv="refresh" content="0; url=${next}">\n`,
  });
}

/** The page after signing out of an Entra ID account: nothing signs in again by itself; `signIn` does. */
export function renderSignedOutPage(args: { locale: Locale; signIn: string }): string {
  const t = TEXTS[args.locale];
  const body = `<section aria-labelledby="signed-out-title">
<h1 id="signed-out-title">${escapeHtml(t['console.name'])}</h1>
<p class="notice ok" id="signed-out" role="status">${escapeHtml(t['signIn.signedOut'])}</p>
<p><a class="button-link" id="sign-in-again" href="${escapeHtml(args.signIn)}">${escapeHtml(t['signIn.again'])}</a></p>
</section>`;
  return renderDocument({ locale: args.locale, title: t['console.name'], body, stylesheet: 'embed' });
}

/** The sign-out form every console page carries: a plain post with the session's CSRF token. */
export function renderSignOutForm(csrf: string, locale: Locale): string {
  return `<form class="sign-out" method="post" action="${CONSOLE_SIGN_OUT_PATH}">
${csrfField(csrf)}
<button type="submit" class="secondary" id="sign-out">${escapeHtml(TEXTS[locale]['signOut.submit'])}</button>
</form>`;
}
