// The answer to an accepted submission: 201 (200 for a replay) with the confirmation for a client
// that sent JSON, 303 to the status page for a plain HTML form.

import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { SubmitResult } from '../services/ticketService';
import { statusPath } from '../web/pages';
import { statusCookie } from './statusPages';
import { jsonResponse } from './ticketView';

/** The confirmation of `result` as the client that sent `kind` of body can take it. */
export function submittedResponse(request: HttpRequest, kind: 'json' | 'form', result: SubmitResult, publicBaseUrl: string): HttpResponseInit {
  const { ticket, accessToken } = result;
  const path = `/api/tickets/${ticket.confirmationNumber}`;
  if (kind === 'form') {
    // A plain HTML form: on to the status page, which shows the confirmation. The token goes
    // in a cookie for that page, not in the URL (which the host would log).
    return {
      status: 303,
      headers: { Location: `${path}?submitted=1`, 'Cache-Control': 'no-store' },
      cookies: [statusCookie(request, ticket.confirmationNumber, accessToken)],
    };
  }
  return jsonResponse(
    result.replayed ? 200 : 201,
    {
      confirmationNumber: ticket.confirmationNumber,
      status: ticket.status,
      submittedAt: ticket.submittedAt,
      acknowledgeBy: ticket.acknowledgeBy,
      cvss: ticket.cvss,
      accessToken,
      statusUrl: `${publicBaseUrl}${statusPath(ticket.confirmationNumber, accessToken)}`,
    },
    { Location: path },
  );
}
