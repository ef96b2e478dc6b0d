// The thread on a ticket as use cases: read it, write to it, and follow up an information request
// nobody answered (a reminder to the reporter after two business days, an alert for the operators
// after five, each once). The rules are the domain's (src/domain/thread.ts); this module stores
// them, with the pending email before the change as every lifecycle change does.

import type { BusinessCalendar } from '../domain/calendar';
import {
  followUpsOf,
  isStillOpen,
  remindOfRequest,
  visibleMessages,
  writeMessage,
  ALERT_AFTER_BUSINESS_DAYS,
  type FollowUp,
  type Message,
  type MessageInput,
  type ThreadChange,
} from '../domain/thread';
import type { NotifiableEvent } from '../domain/ticket';
import type { MessageKind } from '../domain/vocabulary';
import { hashToken } from './accessTokens';
import type { FollowUps } from './followUps';
import { inParallel } from './inParallel';
import { describeError, type AlertSink, type Logger } from './logger';
import { enqueueOrLeavePending, type NotificationQueue } from './notificationQueue';
import type { PendingEmails } from './pendingEmails';
import { ConcurrencyConflict, StorageUnavailable } from './storageFaults';
import type { TicketListing } from './ticketListing';
import { TicketNotFound } from './ticketService';
import type { StoredTicket, TicketStore } from './ticketStore';

/** Who reads or writes: an operator, or the reporter with the ticket's access token. */
export type Correspondent = { author: 'operator' } | { author: 'reporter'; token: string };

export interface CorrespondenceDeps {
  store: TicketStore;
  pendingEmails: PendingEmails;
  queue: NotificationQueue;
  /** a status the thread changes is listed */
  listing: TicketListing;
  followUps: FollowUps;
  calendar: BusinessCalendar;
  alerts: AlertSink;
  logger: Logger;
  clock?: () => Date;
}

export interface FollowUpResult {
  due: number;
  reminded: number;
  alerted: number;
}

const MAX_CONFLICT_RETRIES = 5;

export class Correspondence {
  private readonly clock: () => Date;

  constructor(private readonly deps: CorrespondenceDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** The thread as `reader` may see it, oldest first; TicketNotFound for a wrong token or an unknown ticket. */
  async messages(confirmationNumber: string, reader: Correspondent): Promise<Message[]> {
    await this.admit(confirmationNumber, reader);
    const messages = await this.deps.store.messages(confirmationNumber);
    return visibleMessages(messages, reader.author);
  }

  /**
   * Writes a message (a reporter's is always `message`); the domain's refusals propagate
   * (TicketResolved, TransitionNotAllowed, MessageLimitReached) and nothing is stored or emailed.
   */
  async write(confirmationNumber: string, writer: Correspondent, input: { body: string; kind?: MessageKind }): Promise<Message> {
    await this.admit(confirmationNumber, writer);
    const message: MessageInput =
      writer.author === 'reporter' ? { author: 'reporter', body: input.body } : { author: 'operator', kind: input.kind ?? 'message', body: input.body };
    for (let attempt = 0; ; attempt++) {
      const stored = await this.deps.store.get(confirmationNumber);
      if (!stored) throw new TicketNotFound();
      const now = this.clock();
      const eventId = this.deps.store.nextEventId(stored);
      const change = writeMessage(stored.ticket, message, { messageId: this.deps.store.newMessageId(now), eventId }, now);
      // What the change announces goes first, as for every lifecycle change: once it is stored,
      // neither its email nor the request's follow-ups can be lost. Rows whose change never landed
      // are dropped by their readers, which check the ticket.
      const event = change.entry?.event as NotifiableEvent | undefined;
      if (event) await this.deps.pendingEmails.add({ confirmationNumber, event, eventId, since: now.toISOString() });
      if (change.message.kind === 'information-request') await this.deps.followUps.add(followUpsOf(confirmationNumber, eventId, now, this.deps.calendar));
      try {
        await this.deps.store.writeMessage(stored, change.ticket, change.message, change.entry);
      } catch (error) {
        if (error instanceof ConcurrencyConflict && attempt < MAX_CONFLICT_RETRIES) continue;
        throw error instanceof StorageUnavailable ? error : new StorageUnavailable(error);
      }
      await this.afterWrite(stored, change);
      if (event) await enqueueOrLeavePending(this.deps.queue, this.deps.logger, { confirmationNumber, event, eventId, queuedAt: now.toISOString() });
      return change.message;
    }
  }

  /** The reporter's token is checked first, by a point read on its hash: a wrong token and an unknown number cost the same. */
  private async admit(confirmationNumber: string, who: Correspondent): Promise<void> {
    if (who.author === 'reporter' && !(await this.deps.store.hasTokenHash(confirmationNumber, hashToken(who.token), this.clock()))) throw new TicketNotFound();
  }

  private async afterWrite(stored: StoredTicket, change: Pick<ThreadChange, 'ticket' | 'entry'>): Promise<void> {
    // The listing follows the status, the queue's row every history entry (its version and updatedAt).
    if (change.ticket.status === stored.ticket.status && !change.entry) return;
    try {
      await this.deps.listing.upsert(change.ticket, stored.historyCount + (change.entry ? 1 : 0), change.entry?.at);
    } catch (error) {
      // The message is stored; the listing is repaired by its next reader.
      this.deps.logger.warn('index update after a message failed', { confirmationNumber: stored.ticket.confirmationNumber, error: describeError(error) });
    }
  }

  /**
   * Follows up every information request whose reminder or alert is due: the reporter is reminded
   * once (an `information-reminded` event, and so one email), the operators are told once
   * (`InformationRequestUnanswered`). A request answered meanwhile, or never stored, is left alone.
   */
  async followUp(): Promise<FollowUpResult> {
    const now = this.clock();
    const due = await this.deps.followUps.dueBefore(now, 500);
    const result: FollowUpResult = { due: due.length, reminded: 0, alerted: 0 };
    await inParallel(due, 8, (row) => this.follow(row, now, result));
    if (result.reminded > 0 || result.alerted > 0) this.deps.logger.info('information requests followed up', { ...result });
    return result;
  }

  private async follow(row: FollowUp, now: Date, result: FollowUpResult): Promise<void> {
    try {
      for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
        const stored = await this.deps.store.get(row.confirmationNumber);
        if (!stored || !isStillOpen(stored.ticket, row.requestId)) {
          // Answered, taken over by an operator, or never stored: nothing to follow up.
          await this.deps.followUps.claim(row);
          return;
        }
        if (row.kind === 'alert') {
          // The alert goes to whoever removes the row: two sweeps never both alert.
          if (await this.deps.followUps.claim(row)) {
            this.raise(stored, row);
            result.alerted++;
          }
          return;
        }
        const reminder = remindOfRequest(stored.ticket, row.requestId, now);
        if (reminder) {
          // Under the ticket's ETag the reminder is recorded once; its email is one per event.
          const eventId = this.deps.store.nextEventId(stored);
          const queued = { confirmationNumber: row.confirmationNumber, event: 'information-reminded' as const, eventId };
          await this.deps.pendingEmails.add({ ...queued, since: now.toISOString() });
          try {
            await this.deps.store.update(stored, reminder.ticket, reminder.entry);
          } catch (error) {
            if (error instanceof ConcurrencyConflict) continue; // the reporter may just have answered: look again
            throw error;
          }
          await this.afterWrite(stored, { ticket: reminder.ticket, entry: reminder.entry });
          await enqueueOrLeavePending(this.deps.queue, this.deps.logger, { ...queued, queuedAt: now.toISOString() });
          result.reminded++;
        }
        // Reminded now, or by a run that stopped before it could take the row away (its email was pending).
        await this.deps.followUps.claim(row);
        return;
      }
    } catch (error) {
      // One ticket's fault must not stop the others; its row stays for the next run.
      this.deps.logger.error('information request not followed up', { confirmationNumber: row.confirmationNumber, error: describeError(error) });
    }
  }

  private raise(stored: StoredTicket, row: FollowUp): void {
    const { ticket } = stored;
    this.deps.alerts.raise({
      alert: 'InformationRequestUnanswered',
      confirmationNumber: ticket.confirmationNumber,
      category: ticket.category,
      severity: ticket.severity,
      askedAt: ticket.thread?.openRequest?.at ?? row.dueAt,
      businessDays: ALERT_AFTER_BUSINESS_DAYS,
    });
  }
}
