import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { answerConsoleAction } from '../http/consolePages';
import { readSmallForm } from '../http/formPost';
import { httpRoute } from '../http/httpRoute';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { ProblemError } from '../http/problems';
import { readActionForm } from '../web/console/actionCommands';
import { CONSOLE_ACTIONS } from '../web/console/actionForms';

// The longest form is a customer notice of 20,000 characters, each up to 12 bytes percent-encoded.
const MAX_ACTION_FORM_BYTES = 256 * 1024;

/**
 * POST /api/console/tickets/{n}/{action}: an operator action from the ticket's page (a plain form
 * with the session's CSRF token and the ticket's version), carried out by the operators' API's
 * own services; 303 back to the page, or the page with a conflict (409), a problem of a field
 * (400) or a limit (429).
 */
export function consoleTicketAction(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'console',
    input: async (request) => {
      const confirmationNumber = confirmationNumberFrom(request.params);
      const action = CONSOLE_ACTIONS.find((a) => a === request.params.action);
      if (!action) throw new ProblemError(404, 'Not found', `The console has no action ${JSON.stringify(request.params.action ?? '')} on a ticket.`);
      const fields = await readSmallForm(request, {
        maxBytes: MAX_ACTION_FORM_BYTES,
        detail: 'Send the ticket page’s form as application/x-www-form-urlencoded.',
      });
      return { confirmationNumber, form: readActionForm(action, fields) };
    },
    handle: ({ confirmationNumber, form }, { services, console: session }) => answerConsoleAction(services, confirmationNumber, form, session),
  });
}
