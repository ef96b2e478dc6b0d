import { app } from '@azure/functions';
import { appServices } from '../composition';
import { identifyCaller } from '../http/auth';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { ProblemError, prefersHtml, withProblems } from '../http/problems';
import { renderStatusPage } from '../web/pages';
import { SECURITY_HEADERS } from '../web/securityHeaders';
import { jsonResponse, ticketJson } from '../http/ticketView';

app.http('getTicket', {
  methods: ['GET'],
  route: 'tickets/{confirmationNumber}',
  authLevel: 'anonymous',
  handler: withProblems(async (request) => {
    const services = appServices();
    const confirmationNumber = confirmationNumberFrom(request.params);
    const caller = identifyCaller(request, services.settings, { allowQueryToken: true });
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
    if (prefersHtml(request)) {
      // The email's link and the no-JavaScript form land here: the status page itself.
      const token = caller.kind === 'reporter' ? caller.token : undefined;
      const justSubmitted = request.query.get('submitted') === '1' && token !== undefined;
      const html = renderStatusPage({
        ticket: { ...ticketJson(ticket), history: ticket.history },
        locale: ticket.reporter.locale,
        justSubmitted,
        ...(justSubmitted ? { accessToken: token } : {}),
        timeZone: services.settings.calendar.timeZone,
        ...(services.settings.webOrigin ? { webOrigin: services.settings.webOrigin } : {}),
      });
      return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...SECURITY_HEADERS }, body: html };
    }
    return jsonResponse(200, ticketJson(ticket), { 'Referrer-Policy': 'no-referrer' });
  }, { htmlFor: prefersHtml, webOrigin: () => appServices().settings.webOrigin }),
});
