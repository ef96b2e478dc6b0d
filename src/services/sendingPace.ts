// The port that paces outgoing email to what the email service allows. ACS limits sends per
// minute and per hour for the whole subscription and says so with 429 and Retry-After; every
// instance of the app must hear that, and the emails held back must leave in the order they were
// queued once sending is allowed again. The Table adapter keeps that state in storage, so it holds
// across instances and restarts.

/** One email as the pace knows it: its id and when its event was queued. */
export interface PacedEmail {
  /** the email's stable id (its ACS Operation-Id) */
  id: string;
  /** ISO 8601: when the event was first queued; the order in which emails leave */
  queuedAt: string;
}

export type Admission =
  /** send it now; `waiting` says whether it was registered among the waiting emails */
  | { go: true; waiting: boolean; backlogAlerted: boolean }
  /** hold it back `waitMs`, then ask again */
  | { go: false; waitMs: number; backlog?: Backlog };

/** Reported once, when the wait first makes an email later than the backlog threshold. */
export interface Backlog {
  /** how late the oldest waiting email will be at the earliest, in minutes */
  expectedDelayMinutes: number;
  /** emails waiting (counted up to a bound) */
  waiting: number;
}

export interface SendingPace {
  /** Whether `email` may be sent now: sending is not paused and no older email is waiting before it. */
  admit(email: PacedEmail, now: Date): Promise<Admission>;
  /** The email service refused `email` for its quota and asked to wait `retryAfterMs`: pause every sender. */
  throttled(email: PacedEmail, retryAfterMs: number, now: Date): Promise<Admission & { go: false }>;
  /**
   * `email` left, or never will: it no longer holds others back. Answers true once, when this
   * ends a backlog that was reported.
   */
  settled(email: PacedEmail, admission: { waiting: boolean; backlogAlerted: boolean }): Promise<boolean>;
}

/** An email later than this is a backlog operators hear of (EmailBacklog). */
export const BACKLOG_ALERT_MS = 15 * 60_000;
