// The console's pages as answers (src/web/console/ renders them): a ticket's page read from the
// services the operators' API uses (the ticket with its history, the whole thread, the notice), an
// action's form carried out by the same services, and the queue's last-look cookie.
//
// An action is a plain form post. Done: 303 back to the ticket's page, which says so. Someone else
// acted first: 409 with the ticket as it is now, what changed since the version the form was sent
// from, and what was typed. That is told in two ways: the form's version is behind a change someone
// made (a step, a message, the notice), or the service refuses the step the ticket no longer takes
// (two operators acknowledging at once: the second finds it acknowledged). A field the form must
// have otherwise: 400, the same page with the problem beside the field and the text kept.

import type { Cookie, HttpRequest, HttpResponseInit } from '@azure/functions';
import type { AppServices } from '../composition';
import { NoticeApprovalRefused, StaleNoticeVersion } from '../domain/customerNotice';
import { MessageLimitReached, TicketResolved } from '../domain/thread';
import { TransitionNotAllowed } from '../domain/ticket';
import { NoticeProposalLimitExceeded } from '../services/customerNotices';
import type { ActionCommand, ActionForm } from '../web/console/actionCommands';
import { changesSince } from '../web/console/consoleData';
import { CONSOLE_PATH, consoleTicketPath, type ConsoleSession } from '../web/console/consoleLayout';
import { CONSOLE_STYLESHEET } from '../web/console/consoleStyles';
import type { FilesOutcome } from '../web/console/filesSection';
import { type ActionOutcome, renderTicketPage } from '../web/console/ticketPage';
import { pageHeadersWithStyles } from '../web/securityHeaders';
import { ProblemError } from './problems';
import { cookieSecureFor } from './statusPages';

/** The headers of every console page: HTML, never cached, the CSP that allows the console's own stylesheet too. */
export const CONSOLE_PAGE_HEADERS = pageHeadersWithStyles([CONSOLE_STYLESHEET]);

/** A console page as an answer. */
export function consoleHtmlResponse(status: number, body: string, extra: { headers?: Record<string, string>; cookies?: Cookie[] } = {}): HttpResponseInit {
  return { status, headers: { ...extra.headers, ...CONSOLE_PAGE_HEADERS }, body, ...(extra.cookies?.length ? { cookies: extra.cookies } : {}) };
}

/** The ticket's page in the console (TicketNotFound, a 404 page, for an unknown number). */
export async function consoleTicketResponse(
  services: AppServices,
  confirmationNumber: string,
  session: ConsoleSession,
  options: { status?: number; outcome?: ActionOutcome; filesOutcome?: FilesOutcome; headers?: Record<string, string> } = {},
): Promise<HttpResponseInit> {
  const operator = { kind: 'operator' } as const;
  const [ticket, messages, notice, files] = await Promise.all([
    services.tickets.getForOperator(confirmationNumber),
    services.correspondence.messages(confirmationNumber, { author: 'operator' }),
    services.notices.get(confirmationNumber, operator),
    services.evidence.list(confirmationNumber, operator),
  ]);
  const html = renderTicketPage({
    session,
    now: services.clock(),
    timeZone: services.settings.calendar.timeZone,
    ticket,
    messages,
    notice,
    files,
    ...(options.outcome ? { outcome: options.outcome } : {}),
    ...(options.filesOutcome ? { filesOutcome: options.filesOutcome } : {}),
  });
  return consoleHtmlResponse(options.status ?? 200, html, options.headers ? { headers: options.headers } : {});
}

/** The query parameter of the ticket's page that says which action was just done. */
export const DONE_PARAM = 'done';

/** The value of DONE_PARAM after an operator's file was added. */
export const FILE_ADDED = 'file';

/** Carries out an action's form on the ticket and answers it (see the top of this file). */
export async function answerConsoleAction(
  services: AppServices,
  confirmationNumber: string,
  form: ActionForm,
  session: ConsoleSession,
): Promise<HttpResponseInit> {
  if (form.kind === 'malformed') {
    // Nobody types the hidden fields: this is no form of the console's own.
    throw new ProblemError(
      400,
      'Invalid form',
      'The form lacks the ticket version (or the notice version) the console’s forms carry; reload the ticket’s page.',
    );
  }
  const page = (status: number, outcome: ActionOutcome, headers?: Record<string, string>) =>
    consoleTicketResponse(services, confirmationNumber, session, { status, outcome, ...(headers ? { headers } : {}) });
  const before = await services.tickets.getForOperator(confirmationNumber);
  const changes = changesSince(before.history, form.ticketVersion);
  if (changes.length > 0) return page(409, { kind: 'conflict', input: form.input, changes });
  if (form.kind === 'invalid') return page(400, { kind: 'invalid', input: form.input, issues: form.issues });
  try {
    await perform(services, confirmationNumber, form.command);
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    if (refusal.code === 'limit') {
      return page(429, { kind: 'refused', input: form.input, reason: refusal }, { 'Retry-After': String(refusal.retryAfterSeconds) });
    }
    // Refused because someone else acted first, between our reading and the step: say what they did.
    const now = await services.tickets.getForOperator(confirmationNumber);
    const since = changesSince(now.history, form.ticketVersion);
    return page(409, since.length > 0 ? { kind: 'conflict', input: form.input, changes: since } : { kind: 'refused', input: form.input, reason: refusal });
  }
  return doneRedirect(confirmationNumber, form.command.action);
}

/** 303 back to the ticket's page, which says that `done` (an action, or FILE_ADDED) is done. */
export function doneRedirect(confirmationNumber: string, done: string): HttpResponseInit {
  const location = `${consoleTicketPath(confirmationNumber)}?${new URLSearchParams({ [DONE_PARAM]: done }).toString()}`;
  return { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' } };
}

// The operators' API's own use cases, one for each action.
async function perform(services: AppServices, n: string, command: ActionCommand): Promise<void> {
  const operator = { kind: 'operator' } as const;
  const note = (c: { note?: string }) => (c.note === undefined ? {} : { note: c.note });
  switch (command.action) {
    case 'acknowledge':
      await services.tickets.acknowledge(n, { priority: command.priority, severity: command.severity, ...note(command) });
      return;
    case 'investigate':
      await services.tickets.changeStatus(n, { status: 'investigating', ...note(command) });
      return;
    case 'resolve':
      await services.tickets.changeStatus(n, { status: 'resolved', outcome: command.outcome, ...note(command) });
      return;
    case 'reopen':
      await services.tickets.changeStatus(n, { status: 'investigating', note: command.note });
      return;
    case 'request-information':
      await services.correspondence.write(n, { author: 'operator' }, { body: command.body, kind: 'information-request' });
      return;
    case 'reply':
      await services.correspondence.write(n, { author: 'operator' }, { body: command.body, kind: 'message' });
      return;
    case 'note':
      await services.correspondence.write(n, { author: 'operator' }, { body: command.body, kind: 'internal-note' });
      return;
    case 'propose-notice':
      await services.notices.propose(n, operator, { text: command.text, basedOnVersion: command.basedOnVersion });
      return;
    case 'approve-notice':
      await services.notices.approve(n, operator, { version: command.version });
      return;
  }
}

type Refusal = Extract<ActionOutcome, { kind: 'refused' }>['reason'];

function refusalOf(error: unknown): Refusal | null {
  if (error instanceof TransitionNotAllowed || error instanceof TicketResolved) return { code: 'transition' };
  if (error instanceof StaleNoticeVersion || error instanceof NoticeApprovalRefused) return { code: 'notice' };
  if (error instanceof MessageLimitReached || error instanceof NoticeProposalLimitExceeded)
    return { code: 'limit', retryAfterSeconds: error.retryAfterSeconds };
  return null;
}

// ---------------------------------------------------------------------------------------------
// The last look at the queue

const LAST_LOOK_COOKIE = 'console-last-look';
/** A last look older than this marks nothing any more: everything would be new. */
const LAST_LOOK_SECONDS = 30 * 24 * 60 * 60;

/** When the operator last looked at the queue (the cookie a normal load of it sets), or null. */
export function lastLookOf(request: HttpRequest): string | null {
  for (const pair of (request.headers.get('cookie') ?? '').split(';')) {
    const [name, ...value] = pair.split('=');
    if (name?.trim() !== LAST_LOOK_COOKIE) continue;
    const at = decodeURIComponent(value.join('=').trim());
    return Number.isNaN(Date.parse(at)) ? null : new Date(at).toISOString();
  }
  return null;
}

/** The cookie that remembers this look at the queue, for the console's paths only. */
export function lastLookCookie(request: HttpRequest, at: Date): Cookie {
  return {
    name: LAST_LOOK_COOKIE,
    value: at.toISOString(),
    path: CONSOLE_PATH,
    httpOnly: true,
    sameSite: 'Strict',
    secure: cookieSecureFor(request),
    maxAge: LAST_LOOK_SECONDS,
  };
}

/** Whether the request is the console script's refresh of the queue (which leaves the last look where it was). */
export function isQueueRefresh(request: HttpRequest): boolean {
  return request.headers.get('x-console-refresh') === '1';
}
