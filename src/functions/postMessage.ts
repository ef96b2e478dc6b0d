import type { HttpHandler, HttpRequest, HttpResponseInit } from '@azure/functions';
import type { AppServices, ServiceSource } from '../composition';
import { MessageLimitReached, TicketResolved } from '../domain/thread';
import type { FieldError } from '../domain/submission';
import { isFormPost } from '../http/formPost';
import { httpRoute } from '../http/httpRoute';
import { localeFromAcceptLanguage } from '../http/language';
import { correspondentOf, messageJson, readMessageRequest, refuseReporterKind, type MessageRequest } from '../http/messageRequests';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { invalidFields } from '../http/problems';
import { statusPageFor } from '../http/statusPageFor';
import { replyCodePageResponse } from '../http/statusPages';
import { jsonResponse } from '../http/ticketView';
import { TicketNotFound } from '../services/ticketService';
import type { ReplyError } from '../web/pages';

/**
 * POST /api/tickets/{n}/messages: a message from the reporter (their token) or an operator, 201;
 * from the status page's plain form, the page again: with the message, or with the refusal beside
 * its field and the text kept.
 */
export function postMessage(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'reporter-or-operator',
    // A form's refusal that is not about its fields (an unknown field, a malformed number) is a page too.
    pageFor: isFormPost,
    input: async (request) => ({ confirmationNumber: confirmationNumberFrom(request.params), message: await readMessageRequest(request) }),
    // Without JavaScript the status page's form posts with the status cookie and the page's CSRF
    // token; once that cookie is gone, the reporter gives the access code with the message.
    credentialIn: ({ message }) => (message.form ? message.token : null),
    csrfIn: ({ message }) => (message.form ? message.csrf : null),
    withoutCredential: ({ confirmationNumber, message }, request) =>
      message.form
        ? replyCodePageResponse(confirmationNumber, localeFromAcceptLanguage(request.headers.get('accept-language')), message.body, 'tokenMissing')
        : undefined,
    handle: async ({ confirmationNumber, message }, { services, caller, request }) => {
      const writer = correspondentOf(caller);
      if (message.form && writer.author === 'reporter') {
        const fromForm = message.token === writer.token;
        const locale = localeFromAcceptLanguage(request.headers.get('accept-language'));
        return replyFromPage(services, confirmationNumber, writer.token, message, request, fromForm ? locale : null);
      }
      if (writer.author === 'reporter') refuseReporterKind(message);
      // The form is the reporter's page; anyone else posting it is held to its text like JSON.
      if (message.form && message.problem) throw invalidFields('Invalid message', [message.problem]);
      const kind = message.form ? undefined : message.kind;
      const written = await services.correspondence.write(confirmationNumber, writer, { body: message.body, ...(kind ? { kind } : {}) });
      return jsonResponse(201, messageJson(written));
    },
  });
}

// The status page's form. The answer is the page itself (as for the access code posted to
// /view), with the page's token in the status cookie. A code typed into the reply code page's form
// that opens nothing gets that form back with the text kept.
async function replyFromPage(
  services: AppServices,
  confirmationNumber: string,
  token: string,
  message: Extract<MessageRequest, { form: true }>,
  request: HttpRequest,
  typedCodeLocale: ReturnType<typeof localeFromAcceptLanguage> | null,
): Promise<HttpResponseInit> {
  try {
    await services.tickets.getForReporter(confirmationNumber, token);
  } catch (error) {
    if (error instanceof TicketNotFound && typedCodeLocale) return replyCodePageResponse(confirmationNumber, typedCodeLocale, message.body, 'tokenWrong');
    throw error;
  }
  const caller = { kind: 'reporter' as const, token };
  const page = (status: number, reply: { reply?: { body: string; error: ReplyError }; sent?: boolean }, headers: Record<string, string> = {}) =>
    statusPageFor(services, confirmationNumber, caller, request, { reply, status, headers });
  if (message.problem) return page(400, { reply: { body: message.body, error: replyErrorOf(message.problem) } });
  try {
    await services.correspondence.write(confirmationNumber, { author: 'reporter', token }, { body: message.body });
  } catch (error) {
    if (error instanceof TicketResolved) return page(409, { reply: { body: message.body, error: { code: 'resolved' } } });
    if (error instanceof MessageLimitReached) {
      const retry = String(error.retryAfterSeconds);
      return page(429, { reply: { body: message.body, error: { code: 'limit', retryAfterSeconds: error.retryAfterSeconds } } }, { 'Retry-After': retry });
    }
    throw error;
  }
  return page(200, { sent: true });
}

function replyErrorOf(problem: FieldError): ReplyError {
  switch (problem.code) {
    case 'required':
    case 'blank':
      return { code: problem.code };
    case 'too_long':
      return { code: 'too_long', length: problem.params.length };
    default:
      return { code: 'invalid' };
  }
}
