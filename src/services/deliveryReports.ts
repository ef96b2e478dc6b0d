// What happened to an email after ACS accepted it. ACS reports each delivery attempt to Event Grid
// (Microsoft.Communication.EmailDeliveryReportReceived), naming the email by the id of its send
// operation; the notifier sent it under a deterministic id and remembered which ticket event it
// was about, because that id (a name-based UUID) cannot be turned back into the ticket.

import type { NotifiableEvent } from '../domain/ticket';

/** The ticket event an email was about. */
export interface SentEmail {
  confirmationNumber: string;
  event: NotifiableEvent;
  /** the history row of the event (one email per event) */
  eventKey: string;
}

/** The port to the record of sent emails, by the id the email service knows them by. */
export interface SentEmailLog {
  /** Records (again, harmlessly) that the email `operationId` was sent about `email`. */
  remember(operationId: string, email: SentEmail): Promise<void>;
  /** The email sent as `operationId`, or null when none was recorded. */
  find(operationId: string): Promise<SentEmail | null>;
}
