// The email port: what the notification function hands to a transport, and the two ways a send
// can fail. Transports (ACS, outbox) live beside this file; nothing here does I/O.

import { createHash } from 'node:crypto';

export interface OutgoingEmail {
  /**
   * The recipient. Transports send to the bare address and never use `displayName`: the address is
   * unverified, so a name from the submission would put a stranger's words into a header from our
   * domain (see templates.ts). The field stays only so callers that still pass it compile.
   */
  to: { address: string; displayName?: string };
  subject: string;
  text: string;
  html: string;
  /**
   * Stable id of this email, derived from ticket + event: use `emailOperationId(...)`. The ACS
   * transport sends it as the `Operation-Id` (a UUID; any other string is mapped to one), the
   * outbox names its file after it. The same id twice means the same email.
   */
  id: string;
}

export type SendResult = { messageId: string };

export interface EmailTransport {
  send(email: OutgoingEmail, options: { abortSignal?: AbortSignal }): Promise<SendResult>;
}

/** The email can never be delivered as it is (recipient rejected, bad request): do not retry. */
export class PermanentEmailFailure extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'PermanentEmailFailure';
  }
}

/**
 * The transport gave up after its own bounded retries (5xx, timeouts, network): the queue retries
 * later. A 429 is not one of these: it is EmailThrottled.
 */
export class TransientEmailFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientEmailFailure';
  }
}

/**
 * The email service refused the send for its quota (429) and named how long to wait. Not a
 * failure: the email is deferred until then, and nothing is counted against its retries.
 */
export class EmailThrottled extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = 'EmailThrottled';
  }
}

// Fixed namespace of this service's email ids. Changing it changes every id, so an email that is
// being retried across a deployment would no longer be recognised as the same ACS operation.
const EMAIL_ID_NAMESPACE = '38507fb7-bf3c-45bb-8d17-30bc71b57a38';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id of the email about one event of one ticket: a name-based UUID (RFC 9562 version 5,
 * SHA-1) over the three inputs, so the same inputs always give the same id on every instance.
 * `eventId` (the ticket store's id of the event) tells apart two events of the same kind.
 */
export function emailOperationId(confirmationNumber: string, event: string, eventId: string): string {
  // JSON keeps the parts apart: ("a-b", "c") and ("a", "b-c") are different names.
  return nameBasedUuid(JSON.stringify([confirmationNumber, event, eventId]));
}

/** The ACS `Operation-Id` of an email: its id when that is a UUID, else a UUID derived from it. */
export function operationIdOf(email: Pick<OutgoingEmail, 'id'>): string {
  return UUID.test(email.id) ? email.id.toLowerCase() : nameBasedUuid(JSON.stringify(['email-id', email.id]));
}

function nameBasedUuid(name: string): string {
  const namespace = Buffer.from(EMAIL_ID_NAMESPACE.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(namespace).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A header-safe, single-line version of user-written text: line breaks and other control
 * characters become one space, so a name or subject can never start a new header line.
 */
export function singleLine(value: string): string {
  // Control characters are exactly what this removes.
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}
