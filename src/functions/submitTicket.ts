import { app } from '@azure/functions';
import type { Locale } from '../domain/ticket';
import { appServices } from '../composition';
import { clientKey } from '../http/clientAddress';
import { invalidFields, ProblemError, withProblems } from '../http/problems';
import { statusCookie } from '../http/statusPages';
import { parseSubmission, readSubmissionBody } from '../http/submissionBody';
import { jsonResponse } from '../http/ticketView';
import { sha256Hex } from '../services/accessTokens';
import { statusPath } from '../web/pages';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

app.http('submitTicket', {
  methods: ['POST'],
  route: 'tickets',
  authLevel: 'anonymous',
  handler: withProblems(
    async (request) => {
      const services = appServices();
      const idempotencyKey = request.headers.get('idempotency-key');
      if (idempotencyKey !== null && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
        throw new ProblemError(400, 'Invalid Idempotency-Key', 'An Idempotency-Key has 1 to 255 visible ASCII characters.');
      }
      const body = await readSubmissionBody(request);
      const parsed = parseSubmission(body.input, { acceptLanguage: request.headers.get('accept-language') });
      if (!parsed.ok) {
        // A form page answers in the language the form was filled in.
        throw invalidFields('Invalid submission', parsed.errors, formLocale(body.input));
      }
      await services.ready();
      const result = await services.tickets.submit(parsed.submission, parsed.cvss, {
        client: clientKey(request.headers), // 429 over the client's limit
        idempotencyKey,
        ...(idempotencyKey ? { requestFingerprint: sha256Hex(`${body.kind}\n${JSON.stringify(parsed.submission)}`) } : {}),
      });
      const { ticket, accessToken } = result;
      const path = `/api/tickets/${ticket.confirmationNumber}`;
      const statusUrl = `${services.settings.publicBaseUrl}${statusPath(ticket.confirmationNumber, accessToken)}`;
      if (body.kind === 'form') {
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
          statusUrl,
        },
        { Location: path },
      );
    },
    { htmlFor: isFormPost, webOrigin: () => appServices().settings.webOrigin },
  ),
});

// A plain HTML form gets its refusal as a page, with the way back to the form.
function isFormPost(request: { headers: { get(name: string): string | null } }): boolean {
  return (request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

function formLocale(input: unknown): Locale | undefined {
  const locale = (input as { reporter?: { locale?: unknown } } | null)?.reporter?.locale;
  return locale === 'de' || locale === 'en' ? locale : undefined;
}
