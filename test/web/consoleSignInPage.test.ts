// The console's sign-in and 403 pages as markup: every text the request or the platform gave is
// escaped, no page has a script, and each page has its words in both languages.

import { describe, expect, it } from 'vitest';
import { renderConsoleCsrfRefusedPage, renderMissingRolePage } from '../../src/web/console/forbiddenPage';
import { renderSignedInPage, renderSignedOutPage, renderSignInPage, renderSignOutForm, signInErrorText } from '../../src/web/console/signInPage';

const HOSTILE = '"><script>alert(1)</script>&';

describe('the sign-in page', () => {
  it('posts the key in a password field to the sign-in, with `next` as a hidden field, escaped', () => {
    const html = renderSignInPage({ locale: 'en', next: `/api/console?q=${HOSTILE}` });
    expect(html).toContain('<form id="sign-in-form" method="post" action="/api/console/sign-in">');
    expect(html).toContain('<input type="hidden" name="next" value="/api/console?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;">');
    expect(html).toMatch(/<input type="password" id="f-key" name="key" required aria-required="true" autocomplete="current-password"/);
    expect(html).not.toContain('<script');
  });

  it('puts a refused key beside the field, and too many attempts above the form, in minutes', () => {
    const wrong = renderSignInPage({ locale: 'de', next: '/api/console', error: { code: 'wrong' } });
    expect(wrong).toContain('<p class="field-error" id="f-key-error">Das ist nicht der Operator-Schlüssel.');
    expect(wrong).toContain('aria-describedby="f-key-hint f-key-error" aria-invalid="true" autofocus');
    const throttled = renderSignInPage({ locale: 'en', next: '/api/console', error: { code: 'throttled', retryAfterSeconds: 61 } });
    expect(throttled).toContain('<div class="error-summary" id="sign-in-error" role="alert" tabindex="-1">');
    expect(throttled).toContain('Try again in 2 minutes');
    expect(throttled).not.toMatch(/id="f-key"[^>]*aria-invalid/);
    expect(signInErrorText({ code: 'throttled', retryAfterSeconds: 1 }, 'de')).toContain('Versuchen Sie es in einer Minute wieder');
    expect(signInErrorText({ code: 'throttled', retryAfterSeconds: 60 }, 'en')).toContain('Try again in a minute;');
  });

  it('says when the operator signed out', () => {
    expect(renderSignInPage({ locale: 'en', next: '/api/console', signedOut: true })).toContain(
      '<p class="notice ok" id="signed-out" role="status">You are signed out.</p>',
    );
    expect(renderSignedOutPage({ locale: 'de', signIn: `/.auth/login/aad?x=${HOSTILE}` })).toContain('href="/.auth/login/aad?x=&quot;&gt;&lt;script&gt;');
  });
});

describe('the signed-in page of an Entra ID sign-in', () => {
  it('goes on to `next` by a refresh and a link, and shows the name as text', () => {
    const html = renderSignedInPage({ locale: 'en', operator: HOSTILE, next: '/api/console?a=1&b=2' });
    expect(html).toContain('<meta http-equiv="refresh" content="0; url=/api/console?a=1&amp;b=2">');
    expect(html).toContain('<a class="button-link" id="continue" href="/api/console?a=1&amp;b=2">Continue to the console</a>');
    expect(html).toContain('You are signed in as &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;.');
    expect(html).not.toContain('<script>');
  });
});

describe('the 403 pages', () => {
  it('names the account (escaped) and the missing role, says whom to ask, and offers another account', () => {
    for (const locale of ['en', 'de'] as const) {
      const html = renderMissingRolePage({
        locale,
        name: HOSTILE,
        role: 'Tickets.Triage',
        otherAccount: '/.auth/logout?post_logout_redirect_uri=%2Fapi%2Fconsole',
      });
      expect(html).toContain('<strong id="signed-in-name">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;</strong>');
      expect(html).toContain('<code id="missing-role">Tickets.Triage</code>');
      expect(html).toContain('id="whom-to-ask"');
      expect(html).toContain('Tickets triage');
      expect(html).toContain('href="/.auth/logout?post_logout_redirect_uri=%2Fapi%2Fconsole"');
      expect(html).not.toContain('<script>');
    }
  });

  it('says that a refused post changed nothing, in both languages, and leads back to the console', () => {
    expect(renderConsoleCsrfRefusedPage({ locale: 'en' })).toContain('Nothing was changed.');
    expect(renderConsoleCsrfRefusedPage({ locale: 'de' })).toContain('Es wurde nichts geändert.');
    expect(renderConsoleCsrfRefusedPage({ locale: 'de' })).toContain('<a class="button-link" id="csrf-back" href="/api/console">');
  });
});

describe('the sign-out form', () => {
  it('posts to the sign-out with the session’s CSRF token', () => {
    expect(renderSignOutForm('tok"en', 'en')).toBe(
      '<form class="sign-out" method="post" action="/api/console/sign-out">\n<input type="hidden" name="csrf" value="tok&quot;en">\n<button type="submit" class="secondary" id="sign-out">Sign out</button>\n</form>',
    );
  });
});
