// One email per ticket event under at-least-once delivery. The ticket store records each event's
// email outcome; the transport gets an id derived from ticket and event, which ACS uses as its
// Operation-Id (and the outbox as its file identity), so a crash between the send and the record
// does not produce a second email.

import { EmailThrottled, PermanentEmailFailure, emailOperationId, type EmailTransport, type OutgoingEmail } from './mailer';
import { isEmailKind, renderOperatorEmail, renderTicketEmail, type OperatorEmailKind } from '../email/templates';
import { audiencesOf, type Audience } from '../domain/audience';
import type { NotificationMessage, NotificationQueue } from './notificationQueue';
import { ConcurrencyConflict } from './storageFaults';
import type { DueDates } from './dueDates';
import type { PendingEmail, PendingEmails } from './pendingEmails';
import type { TicketListing } from './ticketListing';
import type { NotificationOutcome, StoredTicket, TicketStore } from './ticketStore';
import { hashToken, newAccessToken } from './accessTokens';
import type { HistoryEntry, Ticket } from '../domain/ticket';
import type { RecipientAllowance } from './recipientAllowance';
import type { Backlog, PacedEmail, SendingPace } from './sendingPace';
import type { SentEmail, SentEmailLog } from './deliveryReports';
import { ensureIndexed } from './ticketIndexing';
import { describeError, type Alert, type AlertSink, type Logger, type TicketFactsForOperators } from './logger';
import { statusPath, ticketPath } from './statusLink';

export interface NotifierDeps {
  store: TicketStore;
  /** emails not on the queue, for the re-queue timer */
  pendingEmails: PendingEmails;
  /** a submission's index rows, which its confirmation's handler writes */
  listing: TicketListing;
  dueDates: DueDates;
  queue: NotificationQueue;
  poisonQueue: NotificationQueue;
  transport: EmailTransport;
  /** the sending quota, shared by every instance */
  pace: SendingPace;
  /** the per-recipient limit (EMAIL_HOURLY_LIMIT_PER_RECIPIENT) */
  recipients: RecipientAllowance;
  /** which ticket event each sent email was about, for its delivery reports */
  sentEmails: SentEmailLog;
  alerts: AlertSink;
  logger: Logger;
  publicBaseUrl: string;
  /** the operators' mailbox (OPS_NOTIFY_EMAIL): new tickets and what the reporter did; null: the alert lines only */
  opsNotifyEmail: string | null;
  timeZone: string;
  clock?: () => Date;
  /** how long a notification may stay pending before it is queued again */
  requeueAfterMs?: number;
  /** bound of one transport send, its own retries included (default 50 s) */
  sendTimeoutMs?: number;
}

// Within host.json's functionTimeout (5 min) and well inside the queue message's lease: a send
// that hangs is abandoned and left to the queue's retries; the same email id on the next try
// lets ACS (Operation-Id) and the outbox (file name) recognise an email that did go out.
const SEND_TIMEOUT_MS = 50_000;

export class TicketNotStoredYet extends Error {
  constructor(confirmationNumber: string) {
    super(`ticket ${confirmationNumber} is not stored (yet)`);
    this.name = 'TicketNotStoredYet';
  }
}

/** `not-addressed`: an operators' email with no OPS_NOTIFY_EMAIL to go to (their alert line was written). */
export type SendOutcome = 'sent' | 'already-sent' | 'rejected' | 'deferred' | 'dropped' | 'held-back' | 'not-addressed';

type Admission = { waiting: boolean; backlogAlerted: boolean };

/**
 * How long after its message was queued a ticket may still be on its way: intake's writes and
 * their retries end well within this (storage deadline 5 s, two tries).
 */
const UNSTORED_TICKET_GRACE_MS = 30_000;

export class Notifier {
  private readonly clock: () => Date;

  constructor(private readonly deps: NotifierDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * Sends the email for one event to the side that should hear of it (src/domain/audience.ts), or
   * defers it while the sending quota is spent; a transient fault throws so the queue retries.
   */
  async send(message: NotificationMessage): Promise<SendOutcome> {
    const { confirmationNumber, eventId } = message;
    // The ticket, the history row its event names and whether a duplicate already got it out:
    // one read (an email's path is a chain of storage round trips).
    const { stored, entry, outcome } = await this.deps.store.ticketWithEvent(confirmationNumber, eventId);
    if (!stored) {
      // The message may have overtaken its ticket's write (the queue retries it), or announce a
      // ticket whose write failed for good (its client got 503): once the write's time is over,
      // that message is dropped.
      if (this.clock().getTime() - Date.parse(message.queuedAt) < UNSTORED_TICKET_GRACE_MS) throw new TicketNotStoredYet(confirmationNumber);
      this.deps.logger.info('notification for a ticket that was never stored dropped', { confirmationNumber });
      return 'dropped';
    }
    // Anyone who can write to the queue could name any event: only the event the ticket's history
    // records under eventId is ever emailed (no forged "acknowledged" for a ticket nobody acknowledged),
    // and only to a side that event goes to.
    if (entry?.event !== message.event) {
      this.deps.logger.warn('notification whose event is not the one its history row records dropped', { confirmationNumber, event: message.event, eventId });
      return 'dropped';
    }
    const audience = audienceOfMessage(message, entry);
    if (audience === null) {
      this.deps.logger.warn('notification for a reader its event does not go to dropped', { confirmationNumber, event: message.event, eventId });
      return 'dropped';
    }
    return audience === 'operators' ? this.sendToOperators(message, stored.ticket) : this.sendToReporter(message, stored, outcome);
  }

  private async sendToReporter(message: NotificationMessage, stored: StoredTicket, outcome: NotificationOutcome | null): Promise<SendOutcome> {
    const { confirmationNumber, eventId } = message;
    const event = message.event;
    if (!isEmailKind(event)) {
      this.deps.logger.warn('no email to the reporter for this event', { confirmationNumber, event });
      await this.clearPending(message);
      return 'dropped';
    }
    const paced = { id: emailOperationId(confirmationNumber, event, eventId), queuedAt: message.queuedAt };
    if (outcome !== null) {
      // A duplicate of this message got the email out: it no longer holds a place in the line.
      await this.deps.pace.settled(paced, { waiting: true, backlogAlerted: false });
      await this.clearPending(message);
      return 'already-sent';
    }
    // Each email carries a token of its own, made now: no token waits in a queue, and only its
    // hash is stored (before the email leaves, so its link works when it arrives).
    const token = newAccessToken();
    // The submission left its index rows to this handler: they go in before the email, so the
    // SLA sweep and the operators' list know the ticket even while email is waiting or failing.
    // The operators hear of it here too, where it is known to be stored, beside the index writes
    // (no extra wait on the reporter's path); the claim of their announcement and the email's
    // token are one write. A deferred message did both on its first pass.
    const firstPassOfSubmission = event === 'submitted' && !message.deferred;
    if (firstPassOfSubmission) await Promise.all([ensureIndexed(this.deps, stored), this.announceSubmission(message, stored.ticket, hashToken(token))]);

    // The recipient is unverified: anyone can type any address, so one address gets at most
    // EMAIL_HOURLY_LIMIT_PER_RECIPIENT emails an hour from us, whatever the number of tickets.
    if ((await this.deps.recipients.take(stored.ticket.reporter.email, paced.id, this.clock())) === 'held-back') {
      return this.holdBack(message, stored.ticket, paced);
    }

    const admission = await this.deps.pace.admit(paced, this.clock());
    if (!admission.go) return this.defer(message, admission);

    const ticket = stored.ticket;
    if (!firstPassOfSubmission) await this.deps.store.addTokenHash(confirmationNumber, hashToken(token));
    const statusUrl = `${this.deps.publicBaseUrl}${statusPath(confirmationNumber, token)}`; // after #: never sent to the server, never in its logs
    const rendered = renderTicketEmail({ kind: event, ticket, statusUrl, locale: ticket.reporter.locale, timeZone: this.deps.timeZone });
    return this.deliver(
      message,
      paced,
      admission,
      { to: { address: ticket.reporter.email }, ...rendered, id: paced.id },
      { confirmationNumber, event, eventId },
      () =>
        // A second delivery of the same message running at the same time finds the row taken here
        // (its email was the same operation, deduplicated by the transport) and records nothing.
        this.deps.store.recordNotification(confirmationNumber, eventId, 'sent', {
          at: this.clock().toISOString(),
          event: 'notification-sent',
          status: ticket.status,
          about: event,
        }),
    );
  }

  /**
   * Hands one admitted email to the transport and records it: a quota refusal defers it, a
   * permanent rejection goes to the poison queue, anything else throws for the queue's retry.
   */
  private async deliver(
    message: NotificationMessage,
    paced: PacedEmail,
    admission: Admission,
    email: OutgoingEmail,
    about: SentEmail,
    recordSent: () => Promise<boolean>,
  ): Promise<SendOutcome> {
    const { confirmationNumber } = message;
    const audience = about.audience ? { audience: about.audience } : {};
    try {
      await this.deps.transport.send(email, { abortSignal: AbortSignal.timeout(this.deps.sendTimeoutMs ?? SEND_TIMEOUT_MS) });
    } catch (error) {
      if (error instanceof EmailThrottled) {
        this.deps.logger.info('email deferred: sending quota spent', {
          confirmationNumber,
          event: message.event,
          ...audience,
          retryAfterMs: error.retryAfterMs,
        });
        return this.defer(message, await this.deps.pace.throttled(paced, error.retryAfterMs, this.clock()));
      }
      if (error instanceof PermanentEmailFailure) {
        // Retrying cannot help: hand it to the poison queue, whose handler records and alerts.
        await this.deps.poisonQueue.enqueue({ ...message, rejection: rejectionCode(error.code) });
        await this.settlePace(paced, admission);
        this.deps.logger.warn('email rejected permanently', {
          confirmationNumber,
          event: message.event,
          ...audience,
          error: describeError(error),
          code: error.code,
        });
        return 'rejected';
      }
      throw error;
    }
    // Before the outcome row: a retry after a failure here sends (deduplicated) and remembers again.
    await this.deps.sentEmails.remember(paced.id, about);
    const recorded = await recordSent();
    // Once the outcome stands, the pace and the pending row are two independent writes.
    await Promise.all([this.settlePace(paced, admission), this.clearPending(message)]);
    if (!recorded) return 'already-sent';
    this.deps.logger.info('notification sent', { confirmationNumber, event: message.event, ...audience });
    return 'sent';
  }

  // ---------------------------------------------------------------------------------------------
  // The operators' side: what the reporter did, and every new ticket, at once

  /**
   * A new ticket: the TicketSubmitted line, and with OPS_NOTIFY_EMAIL the operators' own message,
   * so their email is sent once, through the same quota, pace and deferral as any other, and never
   * holds up the reporter's confirmation (nor is held up by it). A redelivered confirmation queues
   * that message again; its handler finds the email recorded and sends nothing.
   */
  private async announceSubmission(message: NotificationMessage, ticket: Ticket, tokenHash: string): Promise<void> {
    const work = [
      this.announce(
        ticket,
        message.eventId,
        {
          alert: 'TicketSubmitted',
          ...operatorFacts(ticket),
          acknowledgeBy: ticket.acknowledgeBy,
          // What the reporter knows of exploitation: `active` is a different day.
          exploitation: ticket.exploitation,
        },
        tokenHash,
      ),
    ];
    if (this.deps.opsNotifyEmail !== null) {
      const { deferred: _no, rejection: _none, ...rest } = message;
      work.push(this.deps.queue.enqueue({ ...rest, audience: 'operators' }));
    }
    await Promise.all(work);
  }

  /**
   * Raises the operators' alert line about one event once, whatever the number of deliveries of its
   * message: the first to claim the event's announcement row writes it. (A crash between the
   * claim and the line loses that line; the email still follows.)
   */
  private async announce(ticket: Ticket, eventId: string, alert: Alert, tokenHash?: string): Promise<void> {
    if (await this.deps.store.claimOperatorAnnouncement(ticket.confirmationNumber, eventId, tokenHash)) this.deps.alerts.raise(alert);
  }

  private async sendToOperators(message: NotificationMessage, ticket: Ticket): Promise<SendOutcome> {
    const { confirmationNumber, eventId, event, notice } = message;
    if (notice === 'email-held-back') {
      if ((await this.deps.store.notificationOutcome(confirmationNumber, eventId)) !== 'held-back') {
        this.deps.logger.warn('notice of a held-back email that was not held back dropped', { confirmationNumber, event, eventId });
        return 'dropped';
      }
    } else if (event !== 'submitted' && !message.deferred) {
      await this.announce(ticket, eventId, { alert: 'ReporterReplied', ...operatorFacts(ticket), event });
    }
    const address = this.deps.opsNotifyEmail;
    const kind: OperatorEmailKind | undefined = notice ?? (OPERATOR_EMAIL_EVENTS.has(event) ? (event as OperatorEmailKind) : undefined);
    if (address === null || kind === undefined) {
      // Without OPS_NOTIFY_EMAIL the alert line is how operators hear of it.
      await this.clearPending(message);
      return 'not-addressed';
    }
    const paced = { id: emailOperationId(confirmationNumber, `${event}>operators${notice ? `>${notice}` : ''}`, eventId), queuedAt: message.queuedAt };
    if ((await this.deps.store.operatorEmailOutcome(confirmationNumber, eventId, notice)) !== null) {
      await this.deps.pace.settled(paced, { waiting: true, backlogAlerted: false });
      await this.clearPending(message);
      return 'already-sent';
    }
    // No recipient limit here: that limit protects addresses that anyone can type into the form,
    // and OPS_NOTIFY_EMAIL is our own mailbox, set by whoever runs the service. Operators must hear
    // of every report (a busy day has more than ten), so a digest or a cap would hide the very
    // reports nobody saw; a flood is bounded by the submission limit per client and the quota.
    const admission = await this.deps.pace.admit(paced, this.clock());
    if (!admission.go) return this.defer(message, admission);
    const rendered = renderOperatorEmail({
      kind,
      ticket,
      ticketUrl: `${this.deps.publicBaseUrl}${ticketPath(confirmationNumber)}`,
      timeZone: this.deps.timeZone,
    });
    return this.deliver(
      message,
      paced,
      admission,
      { to: { address }, ...rendered, id: paced.id },
      { confirmationNumber, event, eventId, audience: 'operators' },
      () => this.deps.store.recordOperatorEmail(confirmationNumber, eventId, 'sent', this.clock().toISOString(), notice),
    );
  }

  /** An operators' email that could not be delivered: recorded beside the ticket, alerted once. */
  private async recordOperatorsFailure(message: NotificationMessage, reason: string): Promise<void> {
    const { confirmationNumber, eventId, notice } = message;
    if ((await this.deps.store.operatorEmailOutcome(confirmationNumber, eventId, notice)) !== 'sent') {
      if (await this.deps.store.recordOperatorEmail(confirmationNumber, eventId, 'failed', this.clock().toISOString(), notice)) {
        this.deps.alerts.raise({ alert: 'NotificationFailed', confirmationNumber, event: message.event, audience: 'operators', reason });
      }
    }
    await this.clearPending(message);
  }

  /**
   * Holds the email back: the same message comes back as a new one after the wait, so a deferral
   * never counts against the retries that catch real failures. A crash between the two leaves
   * both, and the sent record keeps it to one email.
   */
  private async defer(message: NotificationMessage, admission: { waitMs: number; backlog?: Backlog }): Promise<SendOutcome> {
    // The deferred message has a pending row (written below), whatever the first one had.
    const { rejection: _none, withoutPendingRow: _written, ...rest } = message;
    const again: NotificationMessage = { ...rest, deferred: true };
    await this.deps.queue.enqueue(again, { visibleAfterSeconds: Math.max(1, Math.ceil(admission.waitMs / 1000)) });
    // The pending row's clock starts when the email is due: the re-queue timer stays the net for a
    // lost deferred message without queuing copies of one that is merely waiting.
    const due = new Date(this.clock().getTime() + admission.waitMs).toISOString();
    // A notice of a held-back email has no pending row: its alert was raised already.
    if (message.notice === undefined)
      await this.deps.pendingEmails
        .add({ ...pendingOf(message), event: message.event, since: due })
        .catch((error: unknown) =>
          this.deps.logger.warn('pending row of a deferred email not written', { confirmationNumber: message.confirmationNumber, error: describeError(error) }),
        );
    if (admission.backlog) {
      this.deps.alerts.raise({ alert: 'EmailBacklog', ...admission.backlog });
    }
    return 'deferred';
  }

  /** Records that the recipient limit held this email back; operators hear of it once an hour per address. */
  private async holdBack(message: NotificationMessage, ticket: Ticket, paced: PacedEmail): Promise<SendOutcome> {
    const { confirmationNumber, eventId } = message;
    const recorded = await this.deps.store.recordNotification(confirmationNumber, eventId, 'held-back', {
      at: this.clock().toISOString(),
      event: 'notification-held-back',
      status: ticket.status,
      about: message.event,
    });
    if (recorded && (await this.deps.recipients.firstHoldBackThisHour(ticket.reporter.email, this.clock()))) {
      this.deps.alerts.raise({ alert: 'EmailHeldBack', confirmationNumber, event: message.event });
      if (this.deps.opsNotifyEmail !== null) {
        // The alert stands on its own; the operators' email about it is its copy in their mailbox.
        await this.deps.queue
          .enqueue({ confirmationNumber, event: message.event, eventId, queuedAt: message.queuedAt, audience: 'operators', notice: 'email-held-back' })
          .catch((error: unknown) =>
            this.deps.logger.warn("operators' notice of a held-back email not queued", { confirmationNumber, error: describeError(error) }),
          );
      }
    }
    this.deps.logger.warn('email held back: recipient limit reached', { confirmationNumber, event: message.event });
    await this.settlePace(paced, { waiting: true, backlogAlerted: false });
    await this.clearPending(message);
    return 'held-back';
  }

  private async settlePace(paced: PacedEmail, admission: { waiting: boolean; backlogAlerted: boolean }): Promise<void> {
    try {
      if (await this.deps.pace.settled(paced, admission)) this.deps.alerts.raise({ alert: 'EmailBacklogCleared' });
    } catch (error) {
      // A waiting row left behind stops holding others back once it is stale.
      this.deps.logger.warn('email pace not updated', { error: describeError(error) });
    }
  }

  /** Records an email that could not be delivered and alerts the operators, once per event. */
  async recordFailure(message: NotificationMessage, reason: string): Promise<void> {
    const { confirmationNumber, eventId } = message;
    if (message.audience === 'operators' || (await this.firstAudience(message)) === 'operators') return this.recordOperatorsFailure(message, reason);
    if ((await this.deps.store.notificationOutcome(confirmationNumber, eventId)) === 'sent') {
      // Another delivery of this event's message got the email out: nothing failed for the reporter.
      await this.clearPending(message);
      return;
    }
    const stored = await this.deps.store.get(confirmationNumber);
    if (!stored) {
      // Its ticket was never stored (the submission was answered 503): nobody to tell, nothing to alert.
      this.deps.logger.warn('notification for a ticket that was never stored dropped', { confirmationNumber });
      await this.clearPending(message);
      return;
    }
    if (message.event === 'submitted') await ensureIndexed(this.deps, stored);
    const recorded = await this.deps.store.recordNotification(confirmationNumber, eventId, 'failed', {
      at: this.clock().toISOString(),
      event: 'notification-failed',
      status: stored.ticket.status,
      about: message.event,
    });
    if (recorded) {
      this.deps.alerts.raise({ alert: 'NotificationFailed', confirmationNumber, event: message.event, reason });
    }
    await this.clearPending(message);
  }

  /** Who a message without an audience goes to: its event's first audience (reporter when the event is not found). */
  private async firstAudience(message: NotificationMessage): Promise<Audience> {
    const entry = await this.deps.store.historyEntry(message.confirmationNumber, message.eventId);
    return entry?.event === message.event ? (audienceOfMessage(message, entry) ?? 'reporter') : 'reporter';
  }

  /**
   * The nightly safety net for what intake leaves to the queue: every ticket awaiting
   * acknowledgement gets its index rows, and a confirmation that is neither sent nor pending after
   * ten minutes becomes pending, so the re-queue timer sends it. It reads every submitted ticket.
   */
  async reconcileSubmitted(): Promise<{ checked: number; pended: number }> {
    const now = this.clock();
    let checked = 0;
    let pended = 0;
    for await (const stored of this.deps.store.submittedTickets()) {
      checked++;
      const { ticket } = stored;
      try {
        await ensureIndexed(this.deps, stored);
        const confirmationId = this.deps.store.submissionEventId(ticket.confirmationNumber);
        const old = now.getTime() - Date.parse(ticket.submittedAt) > 10 * 60_000;
        if (old && (await this.deps.store.notificationOutcome(ticket.confirmationNumber, confirmationId)) === null) {
          await this.deps.pendingEmails.add({
            confirmationNumber: ticket.confirmationNumber,
            event: 'submitted',
            eventId: confirmationId,
            since: ticket.submittedAt,
          });
          pended++;
        }
      } catch (error) {
        this.deps.logger.warn('ticket not reconciled', { confirmationNumber: ticket.confirmationNumber, error: describeError(error) });
      }
    }
    this.deps.logger.info('tickets reconciled', { checked, pended });
    return { checked, pended };
  }

  /** Queues again every notification still pending after the re-queue delay (lost queue writes). */
  async requeuePending(): Promise<number> {
    const now = this.clock();
    const before = new Date(now.getTime() - (this.deps.requeueAfterMs ?? 5 * 60_000));
    const pending = await this.deps.pendingEmails.pendingBefore(before, 200);
    let requeued = 0;
    for (const p of pending) {
      try {
        const outcome =
          p.audience === 'operators'
            ? await this.deps.store.operatorEmailOutcome(p.confirmationNumber, p.eventId)
            : await this.deps.store.notificationOutcome(p.confirmationNumber, p.eventId);
        if (outcome !== null) {
          await this.deps.pendingEmails.remove(p);
          continue;
        }
        const stored = await this.deps.store.get(p.confirmationNumber);
        if (!stored || (await this.deps.store.historyEvent(p.confirmationNumber, p.eventId)) !== p.event) {
          // The change this row announced was never stored (or lost its race): nothing to send.
          await this.deps.pendingEmails.remove(p);
          continue;
        }
        // Restart the pending clock before the message goes out: the worker may send and remove
        // the row at once, and a row written after that would linger until the next run.
        await this.deps.pendingEmails.add({ ...p, since: now.toISOString() });
        await this.deps.queue.enqueue({
          confirmationNumber: p.confirmationNumber,
          event: p.event,
          eventId: p.eventId,
          queuedAt: p.since,
          ...(p.audience ? { audience: p.audience } : {}),
        });
        requeued++;
      } catch (error) {
        if (error instanceof ConcurrencyConflict) continue; // the ticket is changing; next run
        this.deps.logger.warn('pending notification not re-queued', { confirmationNumber: p.confirmationNumber, error: describeError(error) });
      }
    }
    if (requeued > 0) this.deps.logger.info('pending notifications re-queued', { requeued });
    return requeued;
  }

  private async clearPending(
    message: Pick<NotificationMessage, 'confirmationNumber' | 'eventId' | 'audience' | 'notice' | 'withoutPendingRow'>,
  ): Promise<void> {
    if (message.notice !== undefined) return; // a notice has no pending row, and must not take the operators' copy's
    if (message.withoutPendingRow) return; // intake wrote none: a delete would only be answered 404
    try {
      await this.deps.pendingEmails.remove(pendingOf(message));
    } catch (error) {
      // A row left behind only means one more (deduplicated) re-queue later.
      this.deps.logger.warn('pending notification row not removed', { confirmationNumber: message.confirmationNumber, error: describeError(error) });
    }
  }
}

/** The pending row's key fields of a message: the operators' copy of an event waits apart from the reporter's email. */
function pendingOf(
  message: Pick<NotificationMessage, 'confirmationNumber' | 'eventId' | 'audience'>,
): Pick<PendingEmail, 'confirmationNumber' | 'eventId' | 'audience'> {
  return { confirmationNumber: message.confirmationNumber, eventId: message.eventId, ...(message.audience ? { audience: message.audience } : {}) };
}

/** The events the operators' emails have words for (besides the notice of a held-back email). */
const OPERATOR_EMAIL_EVENTS: ReadonlySet<string> = new Set([
  'submitted',
  'message-received',
  'customer-notice-proposed',
  'customer-notice-approved',
  'attachment-added',
]);

/** Who a message is for: the audience it names or its event's first, null when its event does not go there. */
function audienceOfMessage(message: NotificationMessage, entry: HistoryEntry): Audience | null {
  if (message.notice !== undefined) return message.audience === 'operators' ? 'operators' : null;
  const audiences = audiencesOf({ event: message.event, ...(entry.by ? { by: entry.by } : {}) });
  const asked = message.audience ?? audiences[0] ?? 'reporter';
  return audiences.includes(asked) ? asked : null;
}

/** What the operators' lines say of a ticket: number, category, CVSS severity and offer; no report text. */
function operatorFacts(ticket: Ticket): TicketFactsForOperators {
  return { confirmationNumber: ticket.confirmationNumber, category: ticket.category, severity: ticket.cvss?.severity ?? null, offerId: ticket.offerId };
}

/** A rejection code fit for a log line: the service's own word, or a plain one. */
function rejectionCode(code: string | undefined): string {
  return code && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : 'Rejected';
}

/**
 * The alert's reason for a poison message: the notifier marks what the email service rejected
 * (`rejection`); a message without the mark failed on every queue retry.
 */
export function failureReason(rejection: unknown): string {
  return typeof rejection === 'string' ? `rejected by the email service: ${rejectionCode(rejection)}` : 'failed on every queue retry';
}
