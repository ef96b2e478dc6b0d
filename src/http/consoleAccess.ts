// The way into the operators' console (httpRoute's `console` access): a session of ours in the
// console cookie (HttpOnly, SameSite=Strict, Path=/api/console), started by signing in, with the
// operator key locally or with Entra ID through App Service Authentication; and a CSRF token,
// derived from the session, on every request that changes something.
//
// - No valid session: 303 to the sign-in page, which leads back to where the request wanted to go
//   (`next`, only ever a console path of this origin).
// - App Service Authentication on: no principal, 303 to its login (and back to the sign-in, which
//   starts the session); a principal without Tickets.Triage, the 403 page that says who is signed in
//   and what is missing. The session is bound to the principal: another one, or none, ends it.
// - A POST (any method but GET and HEAD) without the session's CSRF token (the form's hidden
//   `csrf` field, or X-CSRF-Token for the console's script): the 403 page; nothing is done.

import type { Cookie, HttpRequest, HttpResponseInit } from '@azure/functions';
import type { AppServices } from '../composition';
import type { Locale } from '../domain/vocabulary';
import { CONSOLE_SESSION_ABSOLUTE_MS, consoleCsrfMatches } from '../services/consoleSessions';
import { renderConsoleCsrfRefusedPage, renderMissingRolePage } from '../web/console/forbiddenPage';
import { CONSOLE_PATH, CONSOLE_SIGN_IN_PATH, CONSOLE_SIGN_OUT_PATH, signInText } from '../web/console/signInPage';
import { PAGE_HEADERS } from '../web/securityHeaders';
import { clientPrincipal, isTriager, TRIAGE_ROLE, type ClientPrincipal } from './auth';
import { localeFromAcceptLanguage } from './language';
import { readSmallForm } from './formPost';
import { cookieSecureFor } from './statusPages';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { leadingMultipartField } from './multipartField';

/** What a console route's use case is given about the signed-in operator. */
export interface ConsoleContext {
  /** the session's CSRF token: put it in every form as <input type=hidden name=csrf> (csrfField), or send it as X-CSRF-Token */
  csrf: string;
  /** who is signed in, for the page's header */
  operator: string;
  /** the page's language (Accept-Language, as for the status page) */
  language: Locale;
}

/** The console request's context, or the answer it gets instead (a redirect to sign in, a 403 page). */
export type ConsoleEntry = { context: ConsoleContext } | { answer: HttpResponseInit };

const SESSION_COOKIE = 'console-session';
/** Methods that change nothing: the session alone suffices for them. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);
/** App Service Authentication's own routes on the app's host. */
const ENTRA_LOGIN_PATH = '/.auth/login/aad';
const ENTRA_LOGOUT_PATH = '/.auth/logout';

/** Checks a console request's session (and its CSRF token, unless the method is safe). */
export async function enterConsole(request: HttpRequest, services: AppServices): Promise<ConsoleEntry> {
  const language = localeFromAcceptLanguage(request.headers.get('accept-language'));
  const id = sessionCookieValue(request);
  const principal = consolePrincipal(request, services);
  if (principal.kind !== 'allowed') {
    // The principal went away or lacks the role: whatever session the cookie names ends with it.
    if (id !== null) {
      await services.ready();
      await services.consoleSessions.end(id);
    }
    return { answer: principal.answer };
  }
  await services.ready();
  const session = id === null ? null : await services.consoleSessions.open(id, principal.id);
  if (session === null) {
    const answer = redirect(signInPath(returnPath(request)));
    return { answer: id === null ? answer : { ...answer, cookies: [clearedSessionCookie(request)] } };
  }
  if (!SAFE_METHODS.has(request.method.toUpperCase()) && !consoleCsrfMatches(session.csrf, await csrfOf(request))) {
    return { answer: consoleCsrfRefusedResponse(language) };
  }
  return { context: { csrf: session.csrf, operator: session.operator ?? signInText(language, 'session.keyOperator'), language } };
}

/**
 * Who may sign in to the console by this request: with App Service Authentication, its principal
 * with Tickets.Triage (`id`, to bind the session to), else the answer (its login, the 403 page);
 * without it, anyone with the operator key (`id` null).
 */
export function consolePrincipal(
  request: HttpRequest,
  services: Pick<AppServices, 'settings'>,
  /** where the login leads back to, by way of the sign-in: by default where the request wanted to go */
  next: string = returnPath(request),
): { kind: 'allowed'; id: string | null; principal: ClientPrincipal | null } | { kind: 'refused'; answer: HttpResponseInit } {
  if (!services.settings.appServiceAuthEnabled) return { kind: 'allowed', id: null, principal: null };
  const principal = clientPrincipal(request.headers, services.settings);
  const language = localeFromAcceptLanguage(request.headers.get('accept-language'));
  if (principal === null) return { kind: 'refused', answer: redirect(entraLoginPath(signInPath(next))) };
  if (!isTriager(principal)) return { kind: 'refused', answer: missingRoleResponse(principal, language) };
  return { kind: 'allowed', id: principal.id, principal };
}

/** The session id the request's console cookie carries, or null. */
export function sessionCookieValue(request: HttpRequest): string | null {
  for (const pair of (request.headers.get('cookie') ?? '').split(';')) {
    const [name, ...value] = pair.split('=');
    if (name?.trim() === SESSION_COOKIE) return value.join('=').trim() || null;
  }
  return null;
}

/** The console cookie with a new session's id, for the console's paths only, as long as a session can last. */
export function sessionCookie(request: HttpRequest, id: string, maxAgeSeconds: number): Cookie {
  return { name: SESSION_COOKIE, value: id, ...cookieScope(request), maxAge: maxAgeSeconds };
}

/** The console cookie removed (signed out, or its session ended). */
export function clearedSessionCookie(request: HttpRequest): Cookie {
  return { name: SESSION_COOKIE, value: '', ...cookieScope(request), maxAge: 0 };
}

function cookieScope(request: HttpRequest): Pick<Cookie, 'path' | 'httpOnly' | 'sameSite' | 'secure'> {
  return { path: CONSOLE_PATH, httpOnly: true, sameSite: 'Strict', secure: cookieSecureFor(request) };
}

/**
 * The console path `next` names, as path and query, when it is one: on this request's origin (a
 * path, or a URL of the same origin), under /api/console, and not the sign-in or sign-out itself.
 * Anything else (another origin, `//host`, a backslash, a path that only `..` brings elsewhere)
 * leads to the console's start instead: the sign-in never sends anyone off the console.
 */
export function consoleNext(next: string | null | undefined, request: Pick<HttpRequest, 'url'>): string {
  // A backslash or a control character: browsers read some as `/` or drop them, so such a path may mean another host.
  if (!next || [...next].some((c) => c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return CONSOLE_PATH;
  const origin = new URL(request.url).origin;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return CONSOLE_PATH;
  }
  if (url.origin !== origin) return CONSOLE_PATH;
  const inConsole = url.pathname === CONSOLE_PATH || url.pathname.startsWith(`${CONSOLE_PATH}/`);
  if (!inConsole || url.pathname === CONSOLE_SIGN_IN_PATH || url.pathname === CONSOLE_SIGN_OUT_PATH) return CONSOLE_PATH;
  return `${url.pathname}${url.search}`;
}

/** The sign-in page that leads on to `next`. */
export function signInPath(next: string): string {
  return next === CONSOLE_PATH ? CONSOLE_SIGN_IN_PATH : `${CONSOLE_SIGN_IN_PATH}?${new URLSearchParams({ next }).toString()}`;
}

/** App Service Authentication's Entra ID login, coming back to `returnTo` (a path of this host, which the platform always allows). */
export function entraLoginPath(returnTo: string): string {
  return `${ENTRA_LOGIN_PATH}?${new URLSearchParams({ post_login_redirect_uri: returnTo }).toString()}`;
}

/** App Service Authentication's sign-out of the Entra ID account, coming back to `returnTo`. */
export function entraLogoutPath(returnTo: string): string {
  return `${ENTRA_LOGOUT_PATH}?${new URLSearchParams({ post_logout_redirect_uri: returnTo }).toString()}`;
}

/** A 303 See Other to a path of this host. */
export function redirect(location: string, cookies: Cookie[] = []): HttpResponseInit {
  return { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' }, ...(cookies.length ? { cookies } : {}) };
}

// Where the request wanted to go, for after signing in: a page, itself; a post (an action), the
// page it was posted from as far as its path tells (the path without its action), since a GET of
// the action's own path is no page.
function returnPath(request: HttpRequest): string {
  const url = new URL(request.url);
  if (SAFE_METHODS.has(request.method.toUpperCase())) return consoleNext(`${url.pathname}${url.search}`, request);
  return consoleNext(url.pathname.replace(/\/[^/]*$/, ''), request);
}

/** The CSRF token the request carries: X-CSRF-Token (the console's script), else the form's `csrf` field. */
async function csrfOf(request: HttpRequest): Promise<string | null> {
  const header = request.headers.get('x-csrf-token')?.trim();
  if (header) return header;
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  try {
    // A copy of the body: the route's own input step reads the request afterwards, as always.
    if (mediaType === 'application/x-www-form-urlencoded') return new URLSearchParams(await request.clone().text()).get('csrf')?.trim() || null;
    if (mediaType === 'multipart/form-data') {
      // The field comes before the file (the console's forms put it first): only the start of the body is read.
      const value = await leadingMultipartField(
        request.headers.get('content-type') ?? '',
        request.clone().body as WebReadableStream<Uint8Array> | null,
        'csrf',
      );
      return value?.trim() || null;
    }
  } catch {
    return null; // a body that cannot be read as a form carries no token
  }
  return null;
}

function consoleCsrfRefusedResponse(language: Locale): HttpResponseInit {
  return consolePageResponse(403, renderConsoleCsrfRefusedPage({ locale: language }));
}

function missingRoleResponse(principal: ClientPrincipal, language: Locale): HttpResponseInit {
  const otherAccount = entraLogoutPath(CONSOLE_PATH);
  return consolePageResponse(403, renderMissingRolePage({ locale: language, name: principal.name, role: TRIAGE_ROLE, otherAccount }));
}

// ---------------------------------------------------------------------------------------------
// Signing in and out

/** What the sign-in form posts: the key (null when blank) and where to go on to (checked). */
export interface SignInForm {
  key: string | null;
  next: string;
}

const MAX_SIGN_IN_FORM_BYTES = 4 * 1024;

/** The sign-in form's fields; 415/413 as problems (pages, on the console's routes). */
export async function readSignInForm(request: HttpRequest): Promise<SignInForm> {
  const fields = await readSmallForm(request, {
    maxBytes: MAX_SIGN_IN_FORM_BYTES,
    detail: 'Send the sign-in form as application/x-www-form-urlencoded (fields key and next).',
  });
  return { key: fields.get('key')?.trim() || null, next: consoleNext(fields.get('next'), request) };
}

/**
 * Starts a console session for `who` (the operator key: both null) and the cookie that carries it;
 * a session the request's cookie still names ends first.
 */
export async function startConsoleSession(
  request: HttpRequest,
  services: Pick<AppServices, 'consoleSessions'>,
  who: { operator: string | null; principalId: string | null },
): Promise<Cookie> {
  const previous = sessionCookieValue(request);
  if (previous !== null) await services.consoleSessions.end(previous);
  const { id } = await services.consoleSessions.start(who);
  return sessionCookie(request, id, CONSOLE_SESSION_ABSOLUTE_MS / 1000);
}

/** A console page as an answer: no-store, the pages' security headers. */
export function consolePageResponse(status: number, body: string, extra: { headers?: Record<string, string>; cookies?: Cookie[] } = {}): HttpResponseInit {
  return { status, headers: { ...extra.headers, ...PAGE_HEADERS }, body, ...(extra.cookies ? { cookies: extra.cookies } : {}) };
}

/**
 * Where the console is on a local run (no WEBSITE_SITE_NAME, which Azure sets), for npm start's
 * banner: the local host's address follows PORT (7071 by default); with PORT=0 the host picks its
 * port only after the app has loaded, so the line points to the address the host prints. Null in Azure.
 */
export function localConsoleAddress(env: Record<string, string | undefined>): string | null {
  if (env.WEBSITE_SITE_NAME) return null;
  const port = env.PORT?.trim() || '7071';
  return port === '0' ? `${CONSOLE_PATH} on the address the host prints below` : `http://127.0.0.1:${port}${CONSOLE_PATH}`;
}
