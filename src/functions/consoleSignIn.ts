import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { secretEquals } from '../http/auth';
import { clientKey } from '../http/clientAddress';
import { consolePageResponse, readSignInForm, redirect, signInPath, startConsoleSession } from '../http/consoleAccess';
import { httpRoute } from '../http/httpRoute';
import { localeFromAcceptLanguage } from '../http/language';
import { renderSignInPage } from '../web/console/signInPage';

// The operator key, posted (never in a URL), compared in constant time. Failed attempts are
// counted per client address (the one the platform saw): after SIGN_IN_ATTEMPTS in the window the
// address gets 429 until the oldest one is out of it, whatever key it sends. A blank field is not
// an attempt. With App Service Authentication the console signs in with Entra ID only.
/** POST /api/console/sign-in: signs in with the operator key and goes on to `next`. */
export function consoleSignIn(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'public',
    pageFor: () => true,
    input: readSignInForm,
    handle: async ({ key, next }, { services, request }) => {
      if (services.settings.appServiceAuthEnabled) return redirect(signInPath(next));
      const locale = localeFromAcceptLanguage(request.headers.get('accept-language'));
      if (key === null) return consolePageResponse(400, renderSignInPage({ locale, next, error: { code: 'missing' } }));
      const admission = await services.consoleSessions.attempt(clientKey(request.headers));
      if (!admission.allowed) {
        const { retryAfterSeconds } = admission;
        return consolePageResponse(429, renderSignInPage({ locale, next, error: { code: 'throttled', retryAfterSeconds } }), {
          headers: { 'Retry-After': String(retryAfterSeconds) },
        });
      }
      const expected = services.settings.opsApiKey;
      if (expected === null || !secretEquals(key, expected)) {
        return consolePageResponse(403, renderSignInPage({ locale, next, error: { code: 'wrong' } }));
      }
      await admission.succeeded();
      return redirect(next, [await startConsoleSession(request, services, { operator: null, principalId: null })]);
    },
  });
}
