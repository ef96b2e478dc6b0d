import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { clearedSessionCookie, entraLogoutPath, redirect, sessionCookieValue } from '../http/consoleAccess';
import { httpRoute } from '../http/httpRoute';
import { CONSOLE_SIGN_IN_PATH } from '../web/console/signInPage';

// A console post like any other (the session and its CSRF token checked first): the session is
// deleted, the cookie removed, and with App Service Authentication the Entra ID account is signed
// out of this app as well (else the next page would start a new session at once).
/** POST /api/console/sign-out: ends the console session. */
export function consoleSignOut(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'console',
    handle: async (_input, { services, request }) => {
      const id = sessionCookieValue(request);
      if (id !== null) await services.consoleSessions.end(id);
      const signedOut = `${CONSOLE_SIGN_IN_PATH}?signedOut=1`;
      return redirect(services.settings.appServiceAuthEnabled ? entraLogoutPath(signedOut) : signedOut, [clearedSessionCookie(request)]);
    },
  });
}
