// The operators' console's way in, through the local host against Azurite: signing in with the
// operator key (the cookie it sets, a wrong or missing key, attempts limited per address, `next`
// kept to console paths), sessions that expired (and their rows removed at night), were forged or
// are missing, the CSRF check, signing out, and with App Service Authentication on: the login, the
// 403 page without the role, a session bound to the principal.

import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_SESSION_ABSOLUTE_MS, CONSOLE_SESSION_IDLE_MS, SIGN_IN_ATTEMPTS } from '../../src/services/consoleSessions';
import { TEST_ENTRY, useServices } from '../support/app';
import { consoleCookieOf, signInToConsole } from '../support/consoleSession';
import { startTestHost, type TestHost } from '../support/testHost';

const OPS_KEY = 'ops-key-for-console-tests-0123456789';
const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
const MINUTE = 60_000;

let t: TestHost;
/** The app's clock: tests move it on to expire sessions and let limited attempts pass. */
let now = Date.now();
const later = (ms: number) => (now += ms);
const clock = () => new Date(now);

beforeAll(async () => {
  t = await startTestHost({
    env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: `/tmp/console-outbox-${process.pid}` },
    enableQueues: false,
    entryPoints: [TEST_ENTRY],
  });
  useServices({ clock });
});
afterAll(async () => t?.stop());

const get = (path: string, headers: Record<string, string> = {}) => t.fetch(path, { headers: { accept: 'text/html', ...headers }, redirect: 'manual' });
const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  t.fetch(path, { method: 'POST', headers: { ...FORM, ...headers }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
const signIn = (key: string, next?: string) => post('/api/console/sign-in', { key, ...(next === undefined ? {} : { next }) });

async function expectPage(res: Response, status: number): Promise<string> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('text/html');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  return res.text();
}

describe('signing in with the operator key', () => {
  it('sends a browser without a session to the sign-in page, which comes back to where it wanted to go', async () => {
    const start = await get('/api/console');
    expect(start.status).toBe(303);
    expect(start.headers.get('location')).toBe('/api/console/sign-in');

    const page = await expectPage(await get('/api/console/sign-in?next=%2Fapi%2Fconsole%2Fsla%3Fdays%3D90'), 200);
    expect(page).toContain('<form id="sign-in-form" method="post" action="/api/console/sign-in">');
    expect(page).toContain('<input type="hidden" name="next" value="/api/console/sla?days=90">');
    expect(page).toMatch(/<input type="password" id="f-key" name="key" required/);
    expect(page).not.toContain(OPS_KEY);
    expect(page).not.toMatch(/<script/);

    const res = await signIn(OPS_KEY, '/api/console/sla?days=90');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/api/console/sla?days=90');
  });

  it('sets the session in an HttpOnly, SameSite=Strict cookie for the console’s paths only (not Secure on loopback http)', async () => {
    const res = await signIn(OPS_KEY);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/api/console');
    const [cookie, ...more] = res.headers.getSetCookie();
    expect(more).toEqual([]);
    expect(cookie).toMatch(/^console-session=[A-Za-z0-9_-]{43}; /);
    const attributes = cookie!
      .split('; ')
      .slice(1)
      .map((a) => a.toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['path=/api/console', 'httponly', 'samesite=strict', 'max-age=43200']));
    expect(attributes).not.toContain('secure');
    expect(cookie).not.toContain(OPS_KEY);

    const page = await expectPage(await get('/api/console', { cookie: consoleCookieOf(res) }), 200);
    expect(page).toContain('Signed in as operator (key sign-in)');
    expect(page).toMatch(
      /<form class="sign-out" method="post" action="\/api\/console\/sign-out">\s*<input type="hidden" name="csrf" value="[A-Za-z0-9_-]{43}">/,
    );
    expect(t.logs.join('\n')).not.toContain(OPS_KEY);
  });

  it('answers in German for a German browser', async () => {
    const page = await expectPage(await get('/api/console/sign-in', { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' }), 200);
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('Operator-Schlüssel');
    const { cookie } = await signInToConsole(t, OPS_KEY);
    expect(await (await get('/api/console', { cookie, 'accept-language': 'de' })).text()).toContain('Angemeldet als Operator (Anmeldung mit Schlüssel)');
  });

  it('refuses a wrong key (403) and a missing one (400) with the form again, the error at the field, and no cookie', async () => {
    const wrong = await signIn(`${OPS_KEY}x`, '/api/console/sla');
    const page = await expectPage(wrong, 403);
    expect(page).toContain('That is not the operator key.');
    expect(page).toMatch(/id="f-key"[^>]*aria-invalid="true"/);
    expect(page).toContain('<input type="hidden" name="next" value="/api/console/sla">');
    expect(page).not.toContain(`${OPS_KEY}x`); // the key typed is not given back
    expect(wrong.headers.getSetCookie()).toEqual([]);

    const missing = await signIn('   ');
    expect(await expectPage(missing, 400)).toContain('Enter the operator key.');
    expect(missing.headers.getSetCookie()).toEqual([]);
  });

  it('refuses the key as a query parameter, JSON or a form over 4 KiB: the key goes only in a posted form', async () => {
    expect((await get(`/api/console/sign-in?key=${OPS_KEY}`)).status).toBe(200); // the page, no session
    expect((await get(`/api/console/sign-in?key=${OPS_KEY}`)).headers.getSetCookie()).toEqual([]);
    const json = await t.fetch('/api/console/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html' },
      body: JSON.stringify({ key: OPS_KEY }),
      redirect: 'manual',
    });
    expect(json.status).toBe(415);
    expect((await signIn(OPS_KEY, `/api/console?${'x'.repeat(5000)}`)).status).toBe(413);
  });

  it('keeps `next` to console paths of this origin: any other leads to the console’s start', async () => {
    for (const next of [
      'https://evil.example/api/console',
      '//evil.example/api/console',
      '/api/tickets',
      '/api/console/../ops/tickets',
      'javascript:alert(1)',
    ]) {
      const res = await signIn(OPS_KEY, next);
      expect(res.status, next).toBe(303);
      expect(res.headers.get('location'), next).toBe('/api/console');
    }
    const page = await get(`/api/console/sign-in?next=${encodeURIComponent('https://evil.example/api/console')}`);
    expect(await page.text()).toContain('<input type="hidden" name="next" value="/api/console">');
  });

  it(`limits failed attempts per client address: after ${SIGN_IN_ATTEMPTS} the right key too is refused (429, Retry-After) until the window passes`, async () => {
    later(15 * MINUTE + 1_000); // the failed attempts of the tests before are out of the window
    for (let i = 0; i < SIGN_IN_ATTEMPTS; i++) expect((await signIn(`wrong-key-${i}`)).status).toBe(403);
    const throttled = await signIn(OPS_KEY);
    const page = await expectPage(throttled, 429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    // The window from the first of them, rounded up to whole minutes (900 s and the millisecond after).
    expect(page).toContain('Too many failed sign-ins from your network address. Try again in 16 minutes');
    expect(throttled.headers.getSetCookie()).toEqual([]);
    later(15 * MINUTE + 1_000);
    expect((await signIn(OPS_KEY)).status).toBe(303);
  });

  it('does not count successful sign-ins against the address', async () => {
    for (let i = 0; i < SIGN_IN_ATTEMPTS + 2; i++) expect((await signIn(OPS_KEY)).status).toBe(303);
  });
});

describe('a session', () => {
  it('that is missing, forged or made up sends the browser to sign in, and a dead cookie is removed', async () => {
    expect((await get('/api/console')).headers.get('location')).toBe('/api/console/sign-in');
    for (const cookie of [`console-session=${randomBytes(32).toString('base64url')}`, 'console-session=forged', 'console-session=']) {
      const res = await get('/api/console', { cookie });
      expect(res.status, cookie).toBe(303);
      expect(res.headers.get('location'), cookie).toBe('/api/console/sign-in');
    }
    const dead = await get('/api/console', { cookie: `console-session=${randomBytes(32).toString('base64url')}` });
    expect(consoleCookieOf(dead)).toBe('console-session=');
    expect(dead.headers.getSetCookie()[0]).toMatch(/Max-Age=0/i);
  });

  it('ends after an hour unused, and while in use lasts on', async () => {
    const used = await signInToConsole(t, OPS_KEY);
    const idle = await signInToConsole(t, OPS_KEY);
    later(CONSOLE_SESSION_IDLE_MS / 2);
    expect((await get('/api/console', { cookie: used.cookie })).status).toBe(200);
    later(CONSOLE_SESSION_IDLE_MS / 2 + MINUTE);
    expect((await get('/api/console', { cookie: used.cookie })).status).toBe(200);
    const expired = await get('/api/console', { cookie: idle.cookie });
    expect(expired.status).toBe(303);
    expect(expired.headers.get('location')).toBe('/api/console/sign-in');
  });

  it('ends 12 hours after it began, however busy', async () => {
    const { cookie } = await signInToConsole(t, OPS_KEY);
    // Used every 59 minutes: never idle for an hour, and past 12 hours after the 13th.
    for (let use = 0; use < 13; use++) {
      expect((await get('/api/console', { cookie })).status, `use ${use}`).toBe(200);
      later(CONSOLE_SESSION_IDLE_MS - MINUTE);
    }
    expect((await get('/api/console', { cookie })).status).toBe(303);
  });

  it('that expired with nobody coming back to it leaves no row after the nightly reconciliation; one in use stays', async () => {
    const sessionRows = async () => {
      const rows: unknown[] = [];
      const table = TableClient.fromConnectionString(t.connectionString, 'consolesessions', { allowInsecureConnection: true });
      for await (const row of table.listEntities()) rows.push(row);
      return rows;
    };
    later(CONSOLE_SESSION_ABSOLUTE_MS + MINUTE);
    await t.runFunction('reconcileTickets'); // the sessions of the tests before are all expired by now
    expect(await sessionRows()).toEqual([]);

    const used = await signInToConsole(t, OPS_KEY);
    await signInToConsole(t, OPS_KEY); // a browser closed without signing out
    later(CONSOLE_SESSION_IDLE_MS / 2);
    expect((await get('/api/console', { cookie: used.cookie })).status).toBe(200);
    later(CONSOLE_SESSION_IDLE_MS / 2 + MINUTE);
    await t.runFunction('reconcileTickets');
    expect(await sessionRows()).toHaveLength(1);
    expect((await get('/api/console', { cookie: used.cookie })).status).toBe(200);
  });
});

describe('the CSRF check and signing out', () => {
  it('refuses a post without the session’s CSRF token, with a wrong one or another session’s: 403 page, nothing done', async () => {
    const mine = await signInToConsole(t, OPS_KEY);
    const theirs = await signInToConsole(t, OPS_KEY);
    for (const fields of [{}, { csrf: 'forged' }, { csrf: theirs.csrf }, { csrf: `${mine.csrf}x` }]) {
      const page = await expectPage(await post('/api/console/sign-out', fields, { cookie: mine.cookie }), 403);
      expect(page).toContain('This action was not carried out');
      expect(page).toContain('Nothing was changed.');
    }
    expect((await post('/api/console/sign-out', {}, { cookie: mine.cookie, 'x-csrf-token': theirs.csrf })).status).toBe(403);
    // Still signed in, both of them.
    expect((await get('/api/console', { cookie: mine.cookie })).status).toBe(200);
    expect((await get('/api/console', { cookie: theirs.cookie })).status).toBe(200);
  });

  it('signs out with the form’s token: the session is gone and the cookie removed; the sign-in page says so', async () => {
    const { cookie, csrf } = await signInToConsole(t, OPS_KEY);
    const out = await post('/api/console/sign-out', { csrf }, { cookie });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/api/console/sign-in?signedOut=1');
    expect(consoleCookieOf(out)).toBe('console-session=');
    expect((await get('/api/console', { cookie })).status).toBe(303); // the old cookie opens nothing
    expect(await (await get(out.headers.get('location')!)).text()).toContain('You are signed out.');
  });

  it('takes the token in X-CSRF-Token too (the console’s script)', async () => {
    const { cookie, csrf } = await signInToConsole(t, OPS_KEY);
    expect((await t.fetch('/api/console/sign-out', { method: 'POST', headers: { cookie, 'x-csrf-token': csrf }, redirect: 'manual' })).status).toBe(303);
    expect((await get('/api/console', { cookie })).status).toBe(303);
  });

  it('sends a post without a session to sign in, back to the page it came from', async () => {
    const res = await post('/api/console/sign-out', { csrf: 'anything' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/api/console/sign-in');
  });
});

describe('with App Service Authentication (Entra ID)', () => {
  const principal = (who: { oid: string; name: string }, roles: string[]) =>
    Buffer.from(
      JSON.stringify({
        auth_typ: 'aad',
        name_typ: 'name',
        role_typ: 'roles',
        claims: [
          { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: who.oid },
          { typ: 'name', val: who.name },
          ...roles.map((val) => ({ typ: 'roles', val })),
        ],
      }),
    ).toString('base64');
  const ADA = { oid: 'oid-ada-0001', name: 'Ada <Lovelace>' };
  const GRACE = { oid: 'oid-grace-0002', name: 'Grace Hopper' };
  const as = (who: { oid: string; name: string }, roles = ['Tickets.Triage']) => ({
    'x-ms-client-principal': principal(who, roles),
    'x-ms-client-principal-idp': 'aad',
  });

  /** An Entra ID operator's console session: the sign-in page's cookie for the principal. */
  async function entraSession(who: { oid: string; name: string }): Promise<string> {
    const res = await get('/api/console/sign-in', as(who));
    expect(res.status).toBe(200);
    return consoleCookieOf(res);
  }

  beforeAll(() => {
    useServices({ clock, env: { ...process.env, APP_SERVICE_AUTH_ENABLED: 'true' } });
  });
  afterAll(() => {
    useServices({ clock });
  });

  it('sends a browser that is not signed in to the platform’s login, coming back by way of the sign-in', async () => {
    const res = await get('/api/console');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/.auth/login/aad?post_login_redirect_uri=%2Fapi%2Fconsole%2Fsign-in');
    const deeper = await get('/api/console/sign-in?next=%2Fapi%2Fconsole%2Fsla');
    expect(deeper.headers.get('location')).toBe(
      `/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent('/api/console/sign-in?next=%2Fapi%2Fconsole%2Fsla')}`,
    );
  });

  it('answers a principal without Tickets.Triage with a 403 page: who, the missing role, whom to ask, another account', async () => {
    const page = await expectPage(await get('/api/console', as(GRACE, ['Tickets.Read'])), 403);
    expect(page).toContain('No access to the operators’ console');
    expect(page).toContain('<strong id="signed-in-name">Grace Hopper</strong>');
    expect(page).toContain('<code id="missing-role">Tickets.Triage</code>');
    expect(page).toContain('Ask an administrator of this service’s app registration');
    expect(page).toContain('href="/.auth/logout?post_logout_redirect_uri=%2Fapi%2Fconsole"');
    expect((await get('/api/console/sign-in', as(GRACE, []))).status).toBe(403);
    const german = await expectPage(await get('/api/console', { ...as(GRACE, []), 'accept-language': 'de' }), 403);
    expect(german).toContain('Kein Zugang');
    expect(german).toContain('<code id="missing-role">Tickets.Triage</code>');
  });

  it('starts a session bound to a principal with the role, by a page that goes on by itself (no redirect: the cookie is SameSite=Strict)', async () => {
    expect((await get('/api/console', as(ADA))).headers.get('location')).toBe('/api/console/sign-in');
    const res = await get('/api/console/sign-in?next=%2Fapi%2Fconsole', as(ADA));
    const page = await expectPage(res, 200);
    expect(page).toContain('<meta http-equiv="refresh" content="0; url=/api/console">');
    expect(page).toContain('You are signed in as Ada &lt;Lovelace&gt;.');
    const cookie = consoleCookieOf(res);
    const consolePage = await expectPage(await get('/api/console', { ...as(ADA), cookie }), 200);
    expect(consolePage).toContain('Signed in as Ada &lt;Lovelace&gt;');
    expect(consolePage).not.toContain('Ada <Lovelace>');
  });

  it('ends the session when the principal changes or goes away', async () => {
    const changed = await entraSession(ADA);
    expect((await get('/api/console', { ...as(GRACE), cookie: changed })).headers.get('location')).toBe('/api/console/sign-in');
    expect((await get('/api/console', { ...as(ADA), cookie: changed })).status).toBe(303); // ended, not only refused once

    const removed = await entraSession(ADA);
    expect((await get('/api/console', { cookie: removed })).headers.get('location')).toMatch(/^\/\.auth\/login\/aad\?/);
    expect((await get('/api/console', { ...as(ADA), cookie: removed })).status).toBe(303);

    const lostRole = await entraSession(ADA);
    expect((await get('/api/console', { ...as(ADA, []), cookie: lostRole })).status).toBe(403);
    expect((await get('/api/console', { ...as(ADA), cookie: lostRole })).status).toBe(303);
  });

  it('takes no operator key in the console, and a session from the key sign-in does not open', async () => {
    useServices({ clock });
    const keySession = await signInToConsole(t, OPS_KEY);
    useServices({ clock, env: { ...process.env, APP_SERVICE_AUTH_ENABLED: 'true' } });
    expect((await get('/api/console', { ...as(ADA), cookie: keySession.cookie })).headers.get('location')).toBe('/api/console/sign-in');
    const res = await signIn(OPS_KEY);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/api/console/sign-in');
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('checks the CSRF token, and signs out of the account too; the sign-in then says so instead of signing in again', async () => {
    const cookie = await entraSession(ADA);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await (await get('/api/console', { ...as(ADA), cookie })).text())![1]!;
    expect((await post('/api/console/sign-out', {}, { ...as(ADA), cookie })).status).toBe(403);
    const out = await post('/api/console/sign-out', { csrf }, { ...as(ADA), cookie });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe(`/.auth/logout?post_logout_redirect_uri=${encodeURIComponent('/api/console/sign-in?signedOut=1')}`);
    expect((await get('/api/console', { ...as(ADA), cookie })).status).toBe(303);
    const page = await expectPage(await get('/api/console/sign-in?signedOut=1'), 200);
    expect(page).toContain('You are signed out.');
    expect(page).toContain('href="/.auth/login/aad?post_login_redirect_uri=%2Fapi%2Fconsole%2Fsign-in"');
  });
});
