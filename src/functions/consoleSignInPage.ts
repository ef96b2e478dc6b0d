import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { clientPrincipal } from '../http/auth';
import {
  consoleNext,
  consolePageResponse,
  consolePrincipal,
  entraLoginPath,
  redirect,
  sessionCookieValue,
  signInPath,
  startConsoleSession,
} from '../http/consoleAccess';
import { httpRoute } from '../http/httpRoute';
import { localeFromAcceptLanguage } from '../http/language';
import { renderSignedInPage, renderSignedOutPage, renderSignInPage } from '../web/console/signInPage';

// Locally (and wherever App Service Authentication is off) the page asks for the operator key,
// which it posts (consoleSignIn). With App Service Authentication the platform signed the operator
// in already: a principal with Tickets.Triage gets a console session bound to it, one without gets
// the 403 page, and no principal goes to the platform's login first (consoleAccess.ts).
/** GET /api/console/sign-in?next=: the console's sign-in page, or the start of a session for an Entra ID principal. */
export function consoleSignInPage(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'public',
    pageFor: () => true,
    input: (request) => ({ next: consoleNext(request.query.get('next'), request), signedOut: request.query.get('signedOut') === '1' }),
    handle: async ({ next, signedOut }, { services, request }) => {
      const locale = localeFromAcceptLanguage(request.headers.get('accept-language'));
      if (services.settings.appServiceAuthEnabled) {
        // Just signed out of the account: say so, rather than sign in again at once.
        if (signedOut && clientPrincipal(request.headers, services.settings) === null) {
          return consolePageResponse(200, renderSignedOutPage({ locale, signIn: entraLoginPath(signInPath(next)) }));
        }
        const who = consolePrincipal(request, services, next);
        if (who.kind === 'refused') return who.answer;
        const principal = who.principal!;
        const cookie = await startConsoleSession(request, services, { operator: principal.name, principalId: principal.id });
        return consolePageResponse(200, renderSignedInPage({ locale, operator: principal.name, next }), { cookies: [cookie] });
      }
      // Signed in already (a bookmark of the sign-in page): on to the console.
      const id = sessionCookieValue(request);
      if (id !== null && (await services.consoleSessions.open(id, null)) !== null) return redirect(next);
      return consolePageResponse(200, renderSignInPage({ locale, next, ...(signedOut ? { signedOut } : {}) }));
    },
  });
}
