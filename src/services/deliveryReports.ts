// What happened to an email after ACS accepted it. ACS reports each delivery attempt to Event Grid
// (Microsoft.Communication.EmailDeliveryReportReceived), naming the email by the id of its send
// operation; the notifier sent it under a deterministic id and remembered which ticket event it
// was about, because that id (a name-based UUID) cannot be turned back into the ticket.

import type { NotifiableEvent } from '../domain/ticket';
import { singleLine } from './mailer';
import type { TicketStore } from './ticketStore';
import type { AlertSink, Logger } from './logger';

/** The ticket event an email was about. */
export interface SentEmail {
  confirmationNumber: string;
  event: NotifiableEvent;
  /** the event's id, as the ticket store minted it (one email per event) */
  eventId: string;
  /** `operators`: the operators' email about the event (OPS_NOTIFY_EMAIL); absent: the reporter's */
  audience?: 'operators';
}

/** The port to the record of sent emails, by the id the email service knows them by. */
export interface SentEmailLog {
  /** Records (again, harmlessly) that the email `operationId` was sent about `email`. */
  remember(operationId: string, email: SentEmail): Promise<void>;
  /** The email sent as `operationId`, or null when none was recorded. */
  find(operationId: string): Promise<SentEmail | null>;
}

/** One delivery report, as validated at the edge. */
export interface DeliveryReport {
  /** the send operation's id (ACS `data.messageId`) */
  messageId: string;
  /** ACS `data.status`, e.g. `Delivered`, `Bounced` */
  status: string;
  /** ACS `data.deliveryStatusDetails.statusMessage`: the receiving side's words, for operators */
  statusMessage: string | null;
}

export type DeliveryOutcome = 'delivered' | 'failure-recorded' | 'already-recorded' | 'unknown-email' | 'unknown-ticket' | 'ignored';

export interface DeliveryReportsDeps {
  store: TicketStore;
  sentEmails: SentEmailLog;
  alerts: AlertSink;
  logger: Logger;
  clock?: () => Date;
}

// ACS's documented outcomes. `Expanded` (a distribution list became its members, each with a report
// of their own) and `Delivered` are not failures; anything else ACS may add later is logged, not guessed.
const DELIVERED = new Set(['delivered', 'expanded']);
const UNDELIVERED = new Set(['bounced', 'suppressed', 'quarantined', 'filteredspam', 'failed']);

/** Longest reason an alert carries: a bounce text is for a person to read, not a transcript. */
const REASON_MAX = 300;

export class DeliveryReports {
  private readonly clock: () => Date;

  constructor(private readonly deps: DeliveryReportsDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * Records an undelivered email in its ticket's history and alerts the operators, once per email
   * however often the report arrives. A report that cannot be matched is dropped with a log line:
   * retrying cannot make an unknown id known.
   */
  async record(report: DeliveryReport): Promise<DeliveryOutcome> {
    const status = report.status.toLowerCase();
    if (!DELIVERED.has(status) && !UNDELIVERED.has(status)) {
      this.deps.logger.warn('delivery report with an unknown status ignored', { messageId: report.messageId, status: report.status });
      return 'ignored';
    }
    const email = await this.deps.sentEmails.find(report.messageId);
    if (!email) {
      // Sent before emails were remembered, or not by this app; in theory also a report that
      // overtook the notifier's write right after the send (Event Grid and the queue take longer).
      this.deps.logger.warn('delivery report for an unknown email dropped', { messageId: report.messageId, status: report.status });
      return 'unknown-email';
    }
    const { confirmationNumber, event, eventId } = email;
    if (email.audience === 'operators') return this.recordOperators(email, report);
    if (DELIVERED.has(status)) {
      this.deps.logger.info('email delivered', { confirmationNumber, event, status: report.status });
      return 'delivered';
    }
    const stored = await this.deps.store.get(confirmationNumber);
    if (!stored) {
      this.deps.logger.warn('delivery report for a ticket that is not stored dropped', { confirmationNumber, messageId: report.messageId });
      return 'unknown-ticket';
    }
    // The event's one email outcome row: a second report of this email (Event Grid delivers at
    // least once), or one for an email the poison handler already failed, finds it taken. Beside
    // the `sent` row it reads as an outcome to the notifier as well, so nothing sends it again.
    const recorded = await this.deps.store.recordNotification(confirmationNumber, eventId, 'failed', {
      at: this.clock().toISOString(),
      event: 'notification-failed',
      status: stored.ticket.status,
      about: event,
    });
    if (!recorded) return 'already-recorded';
    this.deps.alerts.raise({ alert: 'NotificationFailed', confirmationNumber, event, reason: undeliveredReason(report) });
    return 'failure-recorded';
  }

  /** The operators' mailbox did not take an email: recorded beside the ticket (not in the reporter's timeline), alerted once. */
  private async recordOperators(email: SentEmail, report: DeliveryReport): Promise<DeliveryOutcome> {
    const { confirmationNumber, event, eventId } = email;
    const recorded = await this.deps.store.recordOperatorEmail(confirmationNumber, eventId, 'failed', this.clock().toISOString());
    if (!recorded) return 'already-recorded';
    this.deps.alerts.raise({ alert: 'NotificationFailed', confirmationNumber, event, audience: 'operators', reason: undeliveredReason(report) });
    return 'failure-recorded';
  }
}

/**
 * The alert's reason for an undelivered email: ACS's status and the receiving side's message, on
 * one line and shortened, with every email address in it masked (the recipient's is the
 * reporter's: the alert carries no reporter data).
 */
export function undeliveredReason(report: Pick<DeliveryReport, 'status' | 'statusMessage'>): string {
  const message = singleLine(report.statusMessage ?? '').replace(/<?[^\s<>()[\]"',;:@]+@[^\s<>()[\]"',;:@]+>?/g, '<address>');
  const reason = message ? `${report.status}: ${message}` : report.status;
  return reason.length > REASON_MAX ? `${reason.slice(0, REASON_MAX - 1)}…` : reason;
}
