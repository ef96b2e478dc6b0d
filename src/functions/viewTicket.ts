import { app } from '@azure/functions';
import { appServices } from '../composition';
import { localeFromAcceptLanguage } from '../http/language';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { withProblems } from '../http/problems';
import { readTokenEntry, statusPageResponse, tokenPageResponse } from '../http/statusPages';

// The access code typed into the page that asks for it (a browser without JavaScript): the answer
// is the status page itself, so the code never becomes part of a URL. A read; nothing changes.
// A wrong code gets the same 404 as a wrong token on GET, so numbers cannot be probed.
app.http('viewTicket', {
  methods: ['POST'],
  route: 'tickets/{confirmationNumber}/view',
  authLevel: 'anonymous',
  handler: withProblems(
    async (request) => {
      const services = appServices();
      const confirmationNumber = confirmationNumberFrom(request.params);
      const token = await readTokenEntry(request);
      if (token === null) {
        return tokenPageResponse(confirmationNumber, localeFromAcceptLanguage(request.headers.get('accept-language')), { missing: true });
      }
      await services.ready();
      return statusPageResponse(await services.tickets.getForReporter(confirmationNumber, token), services.settings);
    },
    { htmlFor: () => true, webOrigin: () => appServices().settings.webOrigin },
  ),
});
