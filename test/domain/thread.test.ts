import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src/domain/calendar';
import {
  followUpsOf,
  isStillOpen,
  MESSAGE_BODY_MAX,
  MESSAGES_PER_HOUR,
  MessageLimitReached,
  messageBodyProblem,
  openQuestion,
  remindOfRequest,
  TicketResolved,
  visibleMessages,
  writeMessage,
  type Message,
} from '../../src/domain/thread';
import { changeStatus, TransitionNotAllowed, type Ticket } from '../../src/domain/ticket';
import { aTicket } from '../support/builders';

const at = new Date('2026-03-09T10:00:00Z'); // a Monday
const ids = (n: number) => ({ messageId: `m${n}`, eventId: `e${n}` });
const acknowledged = (overrides: Partial<Ticket> = {}): Ticket =>
  aTicket({ status: 'acknowledged', acknowledgedAt: '2026-03-09T09:00:00.000Z', priority: 'p2', severity: 'high', ...overrides } as Partial<Ticket>);

describe('writing a message', () => {
  it("records the reporter's message as theirs and leaves the status as it was", () => {
    const { ticket, message, entry } = writeMessage(acknowledged(), { author: 'reporter', body: 'More detail.' }, ids(2), at);
    expect(message).toEqual({ id: 'm2', at: at.toISOString(), author: 'reporter', kind: 'message', body: 'More detail.' });
    expect(entry).toEqual({ at: at.toISOString(), event: 'message-received', status: 'acknowledged', by: 'reporter' });
    expect(ticket.status).toBe('acknowledged');
  });

  it("records an operator's message as sent to the reporter, and an internal note as no event at all", () => {
    expect(writeMessage(acknowledged(), { author: 'operator', kind: 'message', body: 'Thanks.' }, ids(2), at).entry).toEqual({
      at: at.toISOString(),
      event: 'message-sent',
      status: 'acknowledged',
      by: 'operator',
    });
    const note = writeMessage(acknowledged(), { author: 'operator', kind: 'internal-note', body: 'Vendor knew.' }, ids(2), at);
    expect(note.entry).toBeNull();
    expect(note.message.kind).toBe('internal-note');
    expect(note.ticket.status).toBe('acknowledged');
  });

  it("an information request awaits the reporter; the reporter's answer closes it and the investigation goes on", () => {
    const asked = writeMessage(acknowledged(), { author: 'operator', kind: 'information-request', body: 'Which version?' }, ids(2), at);
    expect(asked.ticket.status).toBe('awaiting-reporter');
    expect(asked.ticket.thread?.openRequest).toEqual({ messageId: 'm2', eventId: 'e2', at: at.toISOString() });
    expect(asked.entry).toMatchObject({ event: 'information-requested', status: 'awaiting-reporter', by: 'operator' });
    expect(isStillOpen(asked.ticket, 'e2')).toBe(true);

    const later = new Date(at.getTime() + 60_000);
    const answered = writeMessage(asked.ticket, { author: 'reporter', body: '4.2.1' }, ids(3), later);
    expect(answered.ticket.status).toBe('investigating');
    expect(answered.ticket.thread?.openRequest).toBeNull();
    expect(answered.entry).toMatchObject({ event: 'message-received', status: 'investigating', by: 'reporter' });
    expect(isStillOpen(answered.ticket, 'e2')).toBe(false);
  });

  it('an operator who goes on without the answer closes the question too', () => {
    const asked = writeMessage(acknowledged(), { author: 'operator', kind: 'information-request', body: 'Which version?' }, ids(2), at);
    const { ticket, entry } = changeStatus(asked.ticket, { status: 'investigating' }, at);
    expect(ticket.status).toBe('investigating');
    expect(ticket.thread?.openRequest).toBeNull();
    expect(entry).toMatchObject({ event: 'investigating', status: 'investigating', by: 'operator' });
  });

  it('asks only of an acknowledged or investigated ticket', () => {
    const ask = (ticket: Ticket) => writeMessage(ticket, { author: 'operator', kind: 'information-request', body: 'Which version?' }, ids(2), at);
    expect(() => ask(aTicket())).toThrow(TransitionNotAllowed);
    expect(() => ask(acknowledged({ status: 'resolved', outcome: 'no-action' } as Partial<Ticket>))).toThrow(TransitionNotAllowed);
    expect(() => ask(ask(acknowledged()).ticket)).toThrow(TransitionNotAllowed);
    expect(ask(acknowledged({ status: 'investigating' })).ticket.status).toBe('awaiting-reporter');
  });

  it('takes no message from the reporter of a resolved ticket, but the operators may still write', () => {
    const resolved = acknowledged({ status: 'resolved', outcome: 'mitigated' } as Partial<Ticket>);
    expect(() => writeMessage(resolved, { author: 'reporter', body: 'Hello?' }, ids(2), at)).toThrow(TicketResolved);
    expect(writeMessage(resolved, { author: 'operator', kind: 'message', body: 'Closed.' }, ids(2), at).ticket.status).toBe('resolved');
    expect(new TicketResolved().code).toBe('ticket_resolved');
  });

  it(`allows each side ${MESSAGES_PER_HOUR} messages in any hour, and says when the next one may go`, () => {
    let ticket = acknowledged();
    const start = at.getTime();
    for (let i = 0; i < MESSAGES_PER_HOUR; i++) {
      ticket = writeMessage(ticket, { author: 'reporter', body: `m${i}` }, ids(i), new Date(start + i * 60_000)).ticket;
    }
    const flood = new Date(start + 40 * 60_000);
    const refused = (() => {
      try {
        writeMessage(ticket, { author: 'reporter', body: 'one more' }, ids(99), flood);
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(refused).toBeInstanceOf(MessageLimitReached);
    expect((refused as MessageLimitReached).retryAfterSeconds).toBe(20 * 60); // the oldest leaves the hour then
    expect(writeMessage(ticket, { author: 'operator', kind: 'message', body: 'We read them.' }, ids(100), flood).message.author).toBe('operator');
    // An hour after the first, a place is free again, and only the last hour is kept.
    const next = writeMessage(ticket, { author: 'reporter', body: 'later' }, ids(101), new Date(start + 60 * 60_000 + 1));
    expect(next.ticket.thread?.recent.reporter).toHaveLength(MESSAGES_PER_HOUR);
  });
});

describe("a message's body", () => {
  it(`is 1 to ${MESSAGE_BODY_MAX} characters of valid text, counted in code points, and not blank`, () => {
    expect(messageBodyProblem('x')).toBeNull();
    expect(messageBodyProblem('🔐'.repeat(MESSAGE_BODY_MAX))).toBeNull();
    expect(messageBodyProblem('<script>alert(1)</script>\n\tmultiple lines')).toBeNull();
    expect(messageBodyProblem('')).toMatchObject({ path: 'body', code: 'required' });
    expect(messageBodyProblem('  \n ')).toMatchObject({ path: 'body', code: 'blank' });
    expect(messageBodyProblem('x'.repeat(MESSAGE_BODY_MAX + 1))).toMatchObject({ path: 'body', code: 'too_long', params: { max: MESSAGE_BODY_MAX } });
    expect(messageBodyProblem('half \ud800 a pair')).toMatchObject({ path: 'body', code: 'invalid_unicode' });
  });
});

describe('reading the thread', () => {
  const messages: Message[] = [
    { id: 'b', at: '2026-03-09T10:02:00.000Z', author: 'operator', kind: 'internal-note', body: 'note' },
    { id: 'c', at: '2026-03-09T10:03:00.000Z', author: 'operator', kind: 'information-request', body: 'Which version?' },
    { id: 'a', at: '2026-03-09T10:01:00.000Z', author: 'reporter', kind: 'message', body: 'hello' },
  ];

  it('shows the reporter everything but internal notes, oldest first; operators everything', () => {
    expect(visibleMessages(messages, 'reporter').map((m) => m.id)).toEqual(['a', 'c']);
    expect(visibleMessages(messages, 'operator').map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('names the open question only while the ticket awaits the reporter', () => {
    const thread = { recent: { reporter: [], operator: [] }, openRequest: { messageId: 'c', eventId: 'e3', at: messages[1]!.at } };
    expect(openQuestion({ status: 'awaiting-reporter', thread }, messages)?.body).toBe('Which version?');
    expect(openQuestion({ status: 'investigating', thread }, messages)).toBeNull();
  });
});

describe('following up an unanswered request', () => {
  const berlin = createBusinessCalendar({ timeZone: 'Europe/Berlin', workdays: [1, 2, 3, 4, 5], holidays: '', extraHolidays: [] });

  it('reminds after two business days and alerts after five, in the business calendar', () => {
    // Thursday 2026-03-05 11:00 in Berlin.
    expect(followUpsOf('SE-1', 'e2', new Date('2026-03-05T10:00:00Z'), berlin)).toEqual([
      { kind: 'reminder', confirmationNumber: 'SE-1', requestId: 'e2', dueAt: '2026-03-09T10:00:00.000Z' },
      { kind: 'alert', confirmationNumber: 'SE-1', requestId: 'e2', dueAt: '2026-03-12T10:00:00.000Z' },
    ]);
  });

  it('reminds once, and only of the request still open', () => {
    const asked = writeMessage(acknowledged(), { author: 'operator', kind: 'information-request', body: 'Which version?' }, ids(2), at);
    const later = new Date('2026-03-11T10:00:00Z');
    const reminder = remindOfRequest(asked.ticket, 'e2', later);
    expect(reminder?.entry).toEqual({ at: later.toISOString(), event: 'information-reminded', status: 'awaiting-reporter', by: 'operator' });
    expect(remindOfRequest(reminder!.ticket, 'e2', later)).toBeNull();
    expect(remindOfRequest(asked.ticket, 'e9', later)).toBeNull();
    const answered = writeMessage(asked.ticket, { author: 'reporter', body: '4.2.1' }, ids(3), later).ticket;
    expect(remindOfRequest(answered, 'e2', later)).toBeNull();
  });
});
