// A message as POST /api/tickets/{n}/messages receives it: JSON from API clients and the status
// page's script, or the status page's plain HTML form (no JavaScript), which posts the reporter's
// token as a field because a token never rides in a URL. JSON is validated here, before storage;
// a form's text is checked too, but its refusal is the status page again (the text kept, the error
// beside the field), which needs the ticket, so it travels on to the use case.

import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { messageBodyProblem, type Message } from '../domain/thread';
import type { FieldError } from '../domain/submission';
import { MESSAGE_KINDS, type MessageKind } from '../domain/vocabulary';
import { parseOrProblem } from './operatorRequests';
import { invalidFields, ProblemError } from './problems';
import type { Correspondent } from '../services/correspondence';
import { formCsrf, tokenFromEntry } from './statusPages';

// 20,000 code points of any script, escaped as JSON or percent-encoded, fit with room to spare
// (an emoji is 12 bytes either way).
const MAX_MESSAGE_BYTES = 256 * 1024;

export type MessageRequest =
  | { form: false; body: string; kind?: MessageKind }
  | {
      form: true;
      /** the text as typed: kept in the form when it is refused */
      body: string;
      /** the access code typed into the reply code page's form (the status cookie was gone) */
      token: string | null;
      /** the status page's CSRF token (its hidden field), for a post with the status cookie */
      csrf: string | null;
      /** what is wrong with the text, for the page to show beside the field */
      problem: FieldError | null;
    };

const messageSchema = z
  .strictObject({
    body: z.string({ error: 'body must be text.' }),
    kind: z.enum(MESSAGE_KINDS, { error: `kind must be one of ${MESSAGE_KINDS.join(', ')}.` }).optional(),
  })
  .superRefine((value, ctx) => {
    const problem = messageBodyProblem(value.body);
    if (problem) ctx.addIssue({ code: 'custom', path: ['body'], message: problem.message });
  });

/** The message a request carries; 400/413/415 as problems. */
export async function readMessageRequest(request: HttpRequest): Promise<MessageRequest> {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json' && mediaType !== 'application/x-www-form-urlencoded') {
    throw new ProblemError(
      415,
      'Unsupported media type',
      'Send the message as application/json, or as application/x-www-form-urlencoded from the status page.',
      undefined,
      {
        Accept: 'application/json, application/x-www-form-urlencoded',
      },
    );
  }
  const tooLarge = () => new ProblemError(413, 'Payload too large', `The request body is larger than ${MAX_MESSAGE_BYTES / 1024} KiB.`);
  if (Number(request.headers.get('content-length') ?? '0') > MAX_MESSAGE_BYTES) throw tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text, 'utf8') > MAX_MESSAGE_BYTES) throw tooLarge();
  return mediaType === 'application/json' ? fromJson(text) : fromForm(text);
}

function fromJson(text: string): MessageRequest {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new ProblemError(400, 'Invalid JSON', 'The request body is not valid JSON.');
  }
  const parsed = parseOrProblem(messageSchema, value);
  return { form: false, body: parsed.body, ...(parsed.kind ? { kind: parsed.kind } : {}) };
}

// The status page's form: the text and its CSRF token; the reply code page's: the text and the typed access code.
const FORM_FIELDS = new Set(['body', 'token', 'csrf']);

function fromForm(text: string): MessageRequest {
  const fields = new URLSearchParams(text);
  const problems = [];
  for (const name of new Set(fields.keys())) {
    if (!FORM_FIELDS.has(name)) problems.push({ path: name, message: `Unknown field: ${name}.` });
    else if (fields.getAll(name).length > 1) problems.push({ path: name, message: `${name} was sent more than once; send it once.` });
  }
  // A form that is not the status page's is no reporter's: refused as it is, not shown as a page.
  if (problems.length > 0) throw invalidFields('Invalid message', problems);
  const body = fields.get('body') ?? '';
  return { form: true, body, token: tokenFromEntry(fields.get('token') ?? ''), csrf: formCsrf(fields), problem: messageBodyProblem(body) };
}

/** A reporter chooses no kind: every message of theirs is a message. */
export function refuseReporterKind(request: MessageRequest): void {
  if (!request.form && request.kind !== undefined) {
    throw invalidFields('Invalid message', [{ path: 'kind', message: 'Only operators choose a kind; a reporter sends { body }.' }]);
  }
}

/** Who writes or reads, as the thread's use cases name them. */
export function correspondentOf(caller: { kind: 'operator' } | { kind: 'reporter'; token: string }): Correspondent {
  return caller.kind === 'operator' ? { author: 'operator' } : { author: 'reporter', token: caller.token };
}

/** A message as the API answers it (openapi/openapi.json, Message). */
export function messageJson(m: Message): Message {
  return { id: m.id, at: m.at, author: m.author, kind: m.kind, body: m.body };
}
