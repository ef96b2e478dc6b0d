import { app } from '@azure/functions';
import { appServices } from '../composition';
import { identifyCaller, type Caller } from '../http/auth';
import { localeFromAcceptLanguage } from '../http/language';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { ProblemError, prefersHtml, withProblems } from '../http/problems';
import { statusCookieToken, statusPageResponse, tokenPageResponse } from '../http/statusPages';
import { jsonResponse, ticketJson } from '../http/ticketView';

app.http('getTicket', {
  methods: ['GET'],
  route: 'tickets/{confirmationNumber}',
  authLevel: 'anonymous',
  handler: withProblems(
    async (request) => {
      const services = appServices();
      const confirmationNumber = confirmationNumberFrom(request.params);
      const html = prefersHtml(request);
      let caller: Caller = identifyCaller(request, services.settings, { allowQueryToken: true });
      if (caller.kind === 'anonymous' && html) {
        // The email's link carries its token after `#`, which the browser keeps to itself: the page
        // asks for it (its script takes it from the link; without script the reporter types it).
        // Right after a plain form post the token comes in the status cookie instead.
        const fromCookie = statusCookieToken(request);
        if (fromCookie === null) return tokenPageResponse(confirmationNumber, localeFromAcceptLanguage(request.headers.get('accept-language')));
        caller = { kind: 'reporter', token: fromCookie };
      }
      if (caller.kind === 'anonymous') {
        throw new ProblemError(401, 'Authentication required', 'Use the access token from your confirmation, or operator credentials.', undefined, {
          'WWW-Authenticate': 'Bearer',
        });
      }
      await services.ready();
      const ticket =
        caller.kind === 'operator'
          ? await services.tickets.getForOperator(confirmationNumber)
          : await services.tickets.getForReporter(confirmationNumber, caller.token);
      if (html) {
        const token = caller.kind === 'reporter' ? caller.token : undefined;
        const justSubmitted = request.query.get('submitted') === '1' && token !== undefined;
        return statusPageResponse(ticket, services.settings, justSubmitted ? { accessToken: token } : undefined);
      }
      return jsonResponse(200, ticketJson(ticket), { 'Referrer-Policy': 'no-referrer' });
    },
    { htmlFor: prefersHtml, webOrigin: () => appServices().settings.webOrigin },
  ),
});
