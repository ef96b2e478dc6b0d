import type { HttpHandler, HttpRequest, HttpResponseInit } from '@azure/functions';
import type { AppServices, ServiceSource } from '../composition';
import { MessageLimitReached, TicketResolved, type Message } from '../domain/thread';
import type { FieldError } from '../domain/submission';
import { httpRoute } from '../http/httpRoute';
import { readMessageRequest, refuseReporterKind, type MessageRequest } from '../http/messageRequests';
import { confirmationNumberFrom } from '../http/operatorRequests';
import { invalidFields } from '../http/problems';
import { statusCookie, statusPageResponse, threadView } from '../http/statusPages';
import { jsonResponse } from '../http/ticketView';
import type { Correspondent } from '../services/correspondence';
import { messageAnchor, type ReplyError } from '../web/pages';

/** GET /api/tickets/{n}/messages: the thread, oldest first; the reporter never sees an internal note. */
export function listMessages(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'reporter-or-operator',
    input: (request) => confirmationNumberFrom(request.params),
    handle: async (confirmationNumber, { services, caller }) => {
      const items = await services.correspondence.messages(confirmationNumber, correspondentOf(caller));
      return jsonResponse(200, { items: items.map(messageJson) }, { 'Referrer-Policy': 'no-referrer' });
    },
  });
}

/**
 * POST /api/tickets/{n}/messages: a message from the reporter (their token) or an operator, 201;
 * from the status page's plain form, 303 back to the page, or the page again with the refusal
 * beside the field.
 */
export function postMessage(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'reporter-or-operator',
    // A form's refusal that is not about the text (a wrong token, an unknown field) is a page too.
    pageFor: (request) => (request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded'),
    input: async (request) => ({ confirmationNumber: confirmationNumberFrom(request.params), message: await readMessageRequest(request) }),
    tokenInInput: ({ message }) => (message.form ? message.token : null),
    handle: async ({ confirmationNumber, message }, { services, caller, request }) => {
      const writer = correspondentOf(caller);
      if (message.form && writer.author === 'reporter') return replyFromPage(services, request, confirmationNumber, writer.token, message);
      if (writer.author === 'reporter') refuseReporterKind(message);
      // The form is the reporter's page; anyone else posting it is held to its text like JSON.
      if (message.form && message.problem) throw invalidFields('Invalid message', [message.problem]);
      const kind = message.form ? undefined : message.kind;
      const written = await services.correspondence.write(confirmationNumber, writer, { body: message.body, ...(kind ? { kind } : {}) });
      return jsonResponse(201, messageJson(written));
    },
  });
}

// The status page's form, without JavaScript: a reply that was stored leads back to the page
// (303, the token in the status cookie as after a submission, never in the URL), so reloading
// the page does not send it again; a refused one is the page again, the text kept in the field.
async function replyFromPage(
  services: AppServices,
  request: HttpRequest,
  confirmationNumber: string,
  token: string,
  message: Extract<MessageRequest, { form: true }>,
): Promise<HttpResponseInit> {
  const refused = async (error: ReplyError, status: number, headers: Record<string, string> = {}): Promise<HttpResponseInit> => {
    const ticket = await services.tickets.getForReporter(confirmationNumber, token);
    const thread = await threadView(services.correspondence, ticket, { kind: 'reporter', token }, { reply: { body: message.body, error } });
    return statusPageResponse(ticket, services.settings, { thread, status, headers });
  };
  if (message.problem) return refused(replyErrorOf(message.problem), 400);
  let written: Message;
  try {
    written = await services.correspondence.write(confirmationNumber, { author: 'reporter', token }, { body: message.body });
  } catch (error) {
    if (error instanceof TicketResolved) return refused({ code: 'resolved' }, 409);
    if (error instanceof MessageLimitReached) {
      return refused({ code: 'limit', retryAfterSeconds: error.retryAfterSeconds }, 429, { 'Retry-After': String(error.retryAfterSeconds) });
    }
    throw error;
  }
  return {
    status: 303,
    headers: { Location: `/api/tickets/${confirmationNumber}?sent=1#${messageAnchor(written.id)}`, 'Cache-Control': 'no-store' },
    cookies: [statusCookie(request, confirmationNumber, token)],
  };
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

function correspondentOf(caller: { kind: 'operator' } | { kind: 'reporter'; token: string }): Correspondent {
  return caller.kind === 'operator' ? { author: 'operator' } : { author: 'reporter', token: caller.token };
}

/** A message as the API answers it (openapi/openapi.json, Message). */
function messageJson(m: Message): Message {
  return { id: m.id, at: m.at, author: m.author, kind: m.kind, body: m.body };
}
