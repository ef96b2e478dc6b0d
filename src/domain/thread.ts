// The thread on a ticket: the reporter and the operators write messages, operators ask for
// information and keep internal notes. Pure: every function takes the instant it acts at and the
// ids the store will give what it writes.
//
// Each message the other side may see is an event of the ticket's history (and so an email to that
// side); an internal note is none. An information request moves the ticket to awaiting-reporter,
// the reporter's next message moves it back to investigating; a resolved ticket takes no message
// from its reporter until an operator reopens it.

import { afterBusinessDays, type BusinessCalendar } from './calendar';
import { freeTextProblem, type FieldError } from './submission';
import { canTransition, TransitionNotAllowed, type HistoryEntry, type OpenRequest, type ThreadState, type Ticket } from './ticket';
import type { MessageKind, Party } from './vocabulary';
import { HOUR_MS, secondsUntilHourlyRoom } from './hourlyLimit';

/** A message's body is 1 to this many characters (Unicode code points). */
export const MESSAGE_BODY_MAX = 20_000;

/** Each side writes at most this many messages on one ticket in any hour (a reporter's flood never silences the operators). */
export const MESSAGES_PER_HOUR = 30;

/** An information request unanswered this many business days is reminded to the reporter, once. */
export const REMINDER_AFTER_BUSINESS_DAYS = 2;
/** An information request unanswered this many business days is an alert for the operators, once. */
export const ALERT_AFTER_BUSINESS_DAYS = 5;

export interface Message {
  id: string;
  /** ISO 8601 instant */
  at: string;
  author: Party;
  kind: MessageKind;
  body: string;
}

/** What someone writes: the reporter a message, an operator any kind. */
export type MessageInput = { author: 'reporter'; body: string } | { author: 'operator'; kind: MessageKind; body: string };

/** The ids the store gives what a message writes, known before the write. */
export interface MessageIds {
  messageId: string;
  /** the id of the history entry the message makes, if it makes one */
  eventId: string;
}

/** A message written: the ticket after it, the message, and its history entry (none for an internal note). */
export interface ThreadChange {
  ticket: Ticket;
  message: Message;
  entry: HistoryEntry | null;
}

/** A resolved ticket takes no message from its reporter until an operator reopens it. */
export class TicketResolved extends Error {
  readonly code = 'ticket_resolved';
  constructor() {
    super('This report is resolved; it takes no messages unless it is reopened.');
    this.name = 'TicketResolved';
  }
}

/** The side has written MESSAGES_PER_HOUR messages on this ticket within the last hour. */
export class MessageLimitReached extends Error {
  readonly code = 'message_limit';
  constructor(readonly retryAfterSeconds: number) {
    super(`At most ${MESSAGES_PER_HOUR} messages an hour on one report.`);
    this.name = 'MessageLimitReached';
  }
}

/** The problem with a message's body (path `body`), or null: 1 to MESSAGE_BODY_MAX characters of valid Unicode text, not blank. */
export function messageBodyProblem(body: string): FieldError | null {
  const problem = freeTextProblem(body, 'The message', MESSAGE_BODY_MAX);
  return problem && { path: 'body', ...problem };
}

/**
 * Writes a message on the ticket. Throws TicketResolved for a reporter's message on a resolved
 * ticket, TransitionNotAllowed for an information request on a ticket that is not acknowledged or
 * investigating, MessageLimitReached when the side has written its hourly maximum.
 */
export function writeMessage(ticket: Ticket, input: MessageInput, ids: MessageIds, at: Date): ThreadChange {
  const iso = at.toISOString();
  const kind: MessageKind = input.author === 'reporter' ? 'message' : input.kind;
  if (input.author === 'reporter' && ticket.status === 'resolved') throw new TicketResolved();
  if (kind === 'information-request' && !canTransition(ticket.status, 'awaiting-reporter')) {
    throw new TransitionNotAllowed(ticket.status, 'awaiting-reporter');
  }
  const thread = withinLimit(ticket.thread, input.author, at);
  const message: Message = { id: ids.messageId, at: iso, author: input.author, kind, body: input.body };

  if (input.author === 'reporter') {
    // The answer the operators waited for: the investigation goes on.
    const answered = ticket.status === 'awaiting-reporter';
    const next = answered ? { ...ticket, status: 'investigating' as const, thread: { ...thread, openRequest: null } } : { ...ticket, thread };
    return { ticket: next, message, entry: { at: iso, event: 'message-received', status: next.status, by: 'reporter' } };
  }
  switch (kind) {
    case 'internal-note':
      return { ticket: { ...ticket, thread }, message, entry: null };
    case 'message':
      return { ticket: { ...ticket, thread }, message, entry: { at: iso, event: 'message-sent', status: ticket.status, by: 'operator' } };
    case 'information-request': {
      const openRequest: OpenRequest = { messageId: ids.messageId, eventId: ids.eventId, at: iso };
      // canTransition said the ticket is acknowledged or investigating: an open ticket.
      const next = { ...ticket, status: 'awaiting-reporter', outcome: null, thread: { ...thread, openRequest } } as Ticket;
      return { ticket: next, message, entry: { at: iso, event: 'information-requested', status: 'awaiting-reporter', by: 'operator' } };
    }
  }
}

// The side's messages of the last hour, this one included; MessageLimitReached when it has its maximum already.
function withinLimit(thread: ThreadState | undefined, author: Party, at: Date): ThreadState {
  const now = at.getTime();
  const state = thread ?? { recent: { reporter: [], operator: [] }, openRequest: null };
  const recent = state.recent[author].filter((instant) => Date.parse(instant) > now - HOUR_MS);
  const retryAfter = secondsUntilHourlyRoom(recent.map(Date.parse), MESSAGES_PER_HOUR, now);
  if (retryAfter !== null) throw new MessageLimitReached(retryAfter);
  return { ...state, recent: { ...state.recent, [author]: [...recent, at.toISOString()] } };
}

/** The messages a reader may see, oldest first: the reporter never sees an internal note. */
export function visibleMessages(messages: readonly Message[], reader: Party): Message[] {
  const shown = reader === 'reporter' ? messages.filter((m) => m.kind !== 'internal-note') : [...messages];
  return shown.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

/** The question the reporter is asked to answer now: the open information request's message, if any. */
export function openQuestion(ticket: Pick<Ticket, 'status' | 'thread'>, messages: readonly Message[]): Message | null {
  const request = ticket.status === 'awaiting-reporter' ? ticket.thread?.openRequest : null;
  return (request && messages.find((m) => m.id === request.messageId)) ?? null;
}

/** What is due for an open information request, and when (in the business calendar). */
export interface FollowUp {
  kind: 'reminder' | 'alert';
  confirmationNumber: string;
  /** the request's event id (OpenRequest.eventId) */
  requestId: string;
  /** ISO 8601 instant */
  dueAt: string;
}

/** The reminder (after REMINDER_AFTER_BUSINESS_DAYS) and the operators' alert (after ALERT_AFTER_BUSINESS_DAYS) of a request asked at `askedAt`. */
export function followUpsOf(confirmationNumber: string, requestId: string, askedAt: Date, calendar: BusinessCalendar): FollowUp[] {
  const due = (days: number): string => afterBusinessDays(askedAt, days, calendar).toISOString();
  return [
    { kind: 'reminder', confirmationNumber, requestId, dueAt: due(REMINDER_AFTER_BUSINESS_DAYS) },
    { kind: 'alert', confirmationNumber, requestId, dueAt: due(ALERT_AFTER_BUSINESS_DAYS) },
  ];
}

/** Whether `requestId` is the ticket's open information request still waiting for its answer. */
export function isStillOpen(ticket: Pick<Ticket, 'status' | 'thread'>, requestId: string): boolean {
  return ticket.status === 'awaiting-reporter' && ticket.thread?.openRequest?.eventId === requestId;
}

/** Whether the open request `requestId` was reminded already. */
export function wasReminded(ticket: Pick<Ticket, 'thread'>, requestId: string): boolean {
  const request = ticket.thread?.openRequest;
  return request?.eventId === requestId && request.remindedAt !== undefined;
}

/** Reminds the reporter of the open request `requestId` (an `information-reminded` entry, once); null when it is answered, gone or reminded already. */
export function remindOfRequest(ticket: Ticket, requestId: string, at: Date): { ticket: Ticket; entry: HistoryEntry } | null {
  const thread = ticket.thread;
  const request = thread?.openRequest;
  if (!thread || !request || !isStillOpen(ticket, requestId) || request.remindedAt !== undefined) return null;
  const iso = at.toISOString();
  return {
    ticket: { ...ticket, thread: { ...thread, openRequest: { ...request, remindedAt: iso } } },
    entry: { at: iso, event: 'information-reminded', status: ticket.status, by: 'operator' },
  };
}
