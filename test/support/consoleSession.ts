// A console session the way a browser without JavaScript gets one: the sign-in form posted with the
// operator key, the cookie the answer set, and the CSRF token the console's pages put in their forms.

import { csrfOf } from './statusPage';

interface Fetching {
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** The `name=value` of the console cookie an answer set (empty value: removed), for the next request's Cookie header. */
export function consoleCookieOf(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('console-session='));
  if (!cookie) throw new Error('the answer set no console cookie');
  return cookie.split(';')[0]!;
}

/** Signs in with `key` as the sign-in page's form does; the session's cookie and the CSRF token of its pages. */
export async function signInToConsole(host: Fetching, key: string): Promise<{ cookie: string; csrf: string }> {
  const signedIn = await host.fetch('/api/console/sign-in', {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams({ key, next: '/api/console' }).toString(),
  });
  if (signedIn.status !== 303) throw new Error(`signing in answered ${signedIn.status}`);
  const cookie = consoleCookieOf(signedIn);
  const page = await host.fetch('/api/console', { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
  if (page.status !== 200) throw new Error(`the console answered ${page.status}`);
  return { cookie, csrf: csrfOf(await page.text()) };
}
