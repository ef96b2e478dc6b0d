// The intake and triage use cases: the story of a ticket from submission to resolution. Storage,
// queue, clock and randomness come in as ports, so this module is tested against real Azurite
// with a clock of the test's choosing.

import { randomBytes } from './randomBytes';
import { acknowledgeBy, type BusinessCalendar } from '../domain/calendar';
import { newConfirmationNumber } from '../domain/confirmationNumber';
import type { CvssScore } from '../domain/cvss';
import type { Submission } from '../domain/submission';
import {
  acknowledge,
  changeStatus,
  NOTIFIABLE_EVENTS,
  openTicket,
  type HistoryEntry,
  type NotifiableEvent,
  type Priority,
  type Severity,
  type StatusChange,
  type Ticket,
  type TicketChange,
  type TicketStatus,
} from '../domain/ticket';
import type { IdempotencyStore } from './idempotencyStore';
import { enqueueOrLeavePending, type NotificationMessage, type NotificationQueue } from './notificationQueue';
import { ConcurrencyConflict, StorageBusy, StorageUnavailable } from './storageFaults';
import type { DueDates } from './dueDates';
import type { PageTokenEnds } from './pageTokenEnds';
import type { PendingEmails } from './pendingEmails';
import { removeAllFound } from './removeAllFound';
import type { TicketListing } from './ticketListing';
import { ensureIndexed } from './ticketIndexing';
import { TicketAlreadyExists, type TicketStore } from './ticketStore';
import { PAGE_TOKEN_LIFETIME_MS, hashToken, newAccessToken, newTokenSalt, sha256Hex, tokenForIdempotentSubmission } from './accessTokens';
import { describeError, type Logger } from './logger';
import type { SubmissionAllowance } from './submissionAllowance';

export class TicketNotFound extends Error {
  constructor() {
    super('no such ticket');
    this.name = 'TicketNotFound';
  }
}
export class IdempotencyKeyReused extends Error {
  constructor() {
    super('this Idempotency-Key was used with a different request body');
    this.name = 'IdempotencyKeyReused';
  }
}
export class IdempotentRequestInProgress extends Error {
  constructor() {
    super('a request with this Idempotency-Key is still being processed');
    this.name = 'IdempotentRequestInProgress';
  }
}
/** The client used up its submissions for the minute; nothing was stored. */
export class SubmissionLimitExceeded extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('this client has made too many submissions in the last minute');
    this.name = 'SubmissionLimitExceeded';
  }
}

export type TicketWithHistory = Ticket & { history: HistoryEntry[] };

export interface SubmitResult {
  ticket: Ticket;
  accessToken: string;
  /** true when an Idempotency-Key replay answered with the ticket made earlier */
  replayed: boolean;
}

export interface TicketServiceDeps {
  store: TicketStore;
  /** an acknowledgement takes its ticket's due row away */
  dueDates: DueDates;
  /** a change's email is pending before the change is stored */
  pendingEmails: PendingEmails;
  listing: TicketListing;
  /** where each status page token's end is kept, for removeEndedPageTokens */
  pageTokenEnds: PageTokenEnds;
  idempotency: IdempotencyStore;
  queue: NotificationQueue;
  calendar: BusinessCalendar;
  logger: Logger;
  /** the per-client submission limit; absent: none (SUBMISSION_LIMIT_PER_CLIENT_MINUTE=0) */
  allowance?: SubmissionAllowance;
  clock?: () => Date;
  randomBytes?: (n: number) => Uint8Array;
}

const MAX_CONFLICT_RETRIES = 5;
/** Ended page tokens read (and deleted) at a time by removeEndedPageTokens. */
const ENDED_TOKENS_PAGE = 100;
/** How long a confirmation message stays invisible: long enough for the ticket write beside it. */
const CONFIRMATION_DELAY_SECONDS = 1;
/** Pauses before the second and third try of a confirmation message's write. */
const ENQUEUE_RETRY_PAUSES_MS = [200, 800];

/**
 * Storage failed and nothing of the submission stands (or it was taken back): the client may
 * try again at once, with the same Idempotency-Key too.
 */
export class SubmissionNotStored extends StorageUnavailable {
  constructor(cause?: unknown) {
    super(cause);
    this.name = 'SubmissionNotStored';
  }
}

export class TicketService {
  private readonly clock: () => Date;
  private readonly random: (n: number) => Uint8Array;

  constructor(private readonly deps: TicketServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.random = deps.randomBytes ?? randomBytes;
  }

  /**
   * Stores a validated submission and queues its confirmation email. With `client` (the key of
   * the client's address), the submission counts against that client's limit first: over it,
   * SubmissionLimitExceeded and nothing is stored, except that the replay of a request already
   * finished under its Idempotency-Key still gets its ticket.
   */
  async submit(
    submission: Submission,
    cvss: CvssScore | null,
    options: {
      idempotencyKey?: string | null;
      requestFingerprint?: string;
      client?: string;
      /** the number the new ticket gets (one from newConfirmationNumber(), under which its files were staged); default: a new one */
      confirmationNumber?: string;
    } = {},
  ): Promise<SubmitResult> {
    const now = this.clock();
    const key = options.idempotencyKey ?? null;
    const bodyHash = (): string => options.requestFingerprint ?? sha256Hex(JSON.stringify(submission));
    if (options.client !== undefined) {
      const replay = await this.admitClient(submission, { ...options, client: options.client }, now);
      if (replay) return replay;
    }
    if (!key) {
      const accessToken = newAccessToken();
      const ticket = await this.createTicket(options.confirmationNumber ?? this.newConfirmationNumber(), submission, cvss, now, accessToken, false);
      return { ticket, accessToken, replayed: false };
    }

    const keyHash = sha256Hex(key);
    const claim = {
      keyHash,
      bodyHash: bodyHash(),
      confirmationNumber: options.confirmationNumber ?? this.newConfirmationNumber(),
      tokenSalt: newTokenSalt(),
    };
    const outcome = await this.deps.idempotency.claim(claim, now);
    switch (outcome.kind) {
      case 'mismatch':
        throw new IdempotencyKeyReused();
      case 'in-progress':
        throw new IdempotentRequestInProgress();
      case 'completed': {
        const stored = await this.deps.store.get(outcome.confirmationNumber);
        if (stored) {
          return { ticket: stored.ticket, accessToken: tokenForIdempotentSubmission(key, outcome.tokenSalt), replayed: true };
        }
        // The record says done but the ticket is gone: finish it again under the same number.
        return this.finishIdempotent(key, keyHash, outcome.confirmationNumber, outcome.tokenSalt, submission, cvss, now, true);
      }
      case 'resumed':
        return this.finishIdempotent(key, keyHash, outcome.confirmationNumber, outcome.tokenSalt, submission, cvss, now, true);
      case 'claimed':
        return this.finishIdempotent(key, keyHash, claim.confirmationNumber, claim.tokenSalt, submission, cvss, now, false);
    }
  }

  /**
   * The client's limit on its own, as submit() checks it first: SubmissionLimitExceeded over it
   * (nothing stored), unless the request replays one already finished under its Idempotency-Key,
   * whose result is returned; null when the submission may go on. For work that must not start
   * for a client over its limit (a report's files, staged before the ticket is stored); submit()
   * is then called without `client`.
   */
  async admitClient(
    submission: Submission,
    options: { client: string; idempotencyKey?: string | null; requestFingerprint?: string },
    now: Date = this.clock(),
  ): Promise<SubmitResult | null> {
    const retryAfterSeconds = await this.overLimit(options.client, now);
    if (retryAfterSeconds === null) return null;
    const key = options.idempotencyKey ?? null;
    const replay = key ? await this.finishedReplay(key, options.requestFingerprint ?? sha256Hex(JSON.stringify(submission)), now) : null;
    if (replay) return replay;
    throw new SubmissionLimitExceeded(retryAfterSeconds);
  }

  /** A number no ticket has yet (random, as every ticket's): for a report whose files are staged before it is stored. */
  newConfirmationNumber(): string {
    return newConfirmationNumber(this.random);
  }

  /**
   * Seconds until the client may submit again; null when it may now (or when the limit's storage
   * failed). SubmissionNotStored when that storage is only busy.
   */
  private async overLimit(client: string, now: Date): Promise<number | null> {
    if (!this.deps.allowance) return null;
    try {
      const admission = await this.deps.allowance.take(client, now);
      return admission.allowed ? null : admission.retryAfterSeconds;
    } catch (error) {
      // Slow or throttled is what a burst from one client makes of the limit's storage: letting
      // the submission through then would let the burst through. It is answered as a ticket write
      // that timed out is: 503, nothing stored, try again.
      if (error instanceof StorageBusy) throw new SubmissionNotStored(error);
      // The limit protects the service; it must not lose a report when its own storage fails.
      this.deps.logger.warn('submission limit not checked; submission let through', { error: describeError(error) });
      return null;
    }
  }

  /** The ticket an already finished request with this key and body made, if any: a retry is answered, not limited. */
  private async finishedReplay(key: string, bodyHash: string, now: Date): Promise<SubmitResult | null> {
    try {
      const done = await this.deps.idempotency.completed(sha256Hex(key), bodyHash, now);
      const stored = done ? await this.deps.store.get(done.confirmationNumber) : null;
      if (!done || !stored) return null;
      return { ticket: stored.ticket, accessToken: tokenForIdempotentSubmission(key, done.tokenSalt), replayed: true };
    } catch (error) {
      this.deps.logger.warn('idempotency record not read for a limited submission', { error: describeError(error) });
      return null;
    }
  }

  private async finishIdempotent(
    key: string,
    keyHash: string,
    confirmationNumber: string,
    salt: string,
    submission: Submission,
    cvss: CvssScore | null,
    now: Date,
    mayExist: boolean,
  ): Promise<SubmitResult> {
    const accessToken = tokenForIdempotentSubmission(key, salt);
    let ticket: Ticket;
    try {
      ticket = await this.createTicket(confirmationNumber, submission, cvss, now, accessToken, mayExist);
    } catch (error) {
      // A first attempt that left nothing behind frees its key at once: the client's retry is a
      // fresh submission, not a 409 for the takeover window.
      if (error instanceof SubmissionNotStored && !mayExist) {
        await this.deps.idempotency.release(keyHash).catch((releaseError: unknown) => {
          this.deps.logger.warn('idempotency claim not released', { confirmationNumber, error: describeError(releaseError) });
        });
      }
      throw error;
    }
    try {
      await this.deps.idempotency.complete(keyHash);
    } catch (error) {
      // The ticket is stored; a retry after the takeover window resumes under the same number.
      this.deps.logger.warn('idempotency record not completed', { confirmationNumber, error: describeError(error) });
    }
    return { ticket, accessToken, replayed: false };
  }

  private async createTicket(
    confirmationNumber: string,
    submission: Submission,
    cvss: CvssScore | null,
    now: Date,
    accessToken: string,
    mayExist: boolean,
  ): Promise<Ticket> {
    const { ticket: opened, entry } = openTicket({
      confirmationNumber,
      submission,
      cvss,
      submittedAt: now,
      acknowledgeBy: acknowledgeBy(now, this.deps.calendar),
    });
    const eventId = this.deps.store.submissionEventId(confirmationNumber);
    const message = { confirmationNumber, event: 'submitted' as const, eventId, queuedAt: now.toISOString(), withoutPendingRow: true as const };
    const tokenHash = hashToken(accessToken);
    // A 201 promises that within a minute the ticket is listed, swept and its confirmation handed
    // over. Two writes make that true: the ticket with its history (and token), and the
    // confirmation message, whose handler writes the index rows and sends the email. Both go at
    // once; the one that failed gets another try; only when both stand is the answer a 201.
    // The message stays invisible for a moment so that its handler finds the ticket stored; a
    // message whose ticket never got stored finds none and is dropped.
    const [created, queued] = await Promise.allSettled([
      this.deps.store.create(opened, entry, tokenHash),
      this.deps.queue.enqueue(message, { visibleAfterSeconds: CONFIRMATION_DELAY_SECONDS }),
    ]);
    let ticket = opened;
    let storedBefore = false;
    if (created.status === 'rejected') {
      if (created.reason instanceof TicketAlreadyExists && mayExist) {
        // An earlier attempt with this Idempotency-Key stored it: finish what that attempt began.
        const existing = await this.deps.store.get(confirmationNumber);
        if (!existing) throw new StorageUnavailable();
        ticket = existing.ticket;
        storedBefore = true;
        await this.deps.store.addTokenHash(confirmationNumber, tokenHash);
      } else {
        await this.createAgain(opened, entry, tokenHash, created.reason);
      }
    }
    if (queued.status === 'rejected' && !(await this.enqueueAgain(message, queued.reason))) {
      if (!storedBefore) await this.withdraw(confirmationNumber);
      throw storedBefore ? new StorageUnavailable(queued.reason) : new SubmissionNotStored(queued.reason);
    }
    return ticket;
  }

  /** The second try of the ticket's write; a 409 means the first one landed after all. */
  private async createAgain(ticket: Ticket, entry: HistoryEntry, tokenHash: string, firstError: unknown): Promise<void> {
    if (firstError instanceof TicketAlreadyExists) throw firstError; // a random number taken: never happens in practice
    this.deps.logger.warn('ticket write failed; trying again', { confirmationNumber: ticket.confirmationNumber, error: describeError(firstError) });
    try {
      await this.deps.store.create(ticket, entry, tokenHash);
    } catch (error) {
      if (error instanceof TicketAlreadyExists) return;
      // Nothing of this submission stands: its queued message will find no ticket and be dropped.
      throw new SubmissionNotStored(error);
    }
  }

  /** Further tries of the confirmation message's write, with a short pause before each. */
  private async enqueueAgain(message: NotificationMessage, firstError: unknown): Promise<boolean> {
    this.deps.logger.warn('confirmation not queued; trying again', { confirmationNumber: message.confirmationNumber, error: describeError(firstError) });
    for (const pauseMs of ENQUEUE_RETRY_PAUSES_MS) {
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      try {
        await this.deps.queue.enqueue(message, { visibleAfterSeconds: CONFIRMATION_DELAY_SECONDS });
        return true;
      } catch (error) {
        this.deps.logger.warn('confirmation still not queued', { confirmationNumber: message.confirmationNumber, error: describeError(error) });
      }
    }
    return false;
  }

  /**
   * Takes back a stored ticket whose confirmation could not be queued, so the client's 503 is
   * true: nothing was made. If even that fails, the ticket stays, with a pending row for the
   * re-queue timer and the nightly reconciliation as the last net, and the fault is logged as an error.
   */
  private async withdraw(confirmationNumber: string): Promise<void> {
    try {
      await this.deps.store.remove(confirmationNumber);
      this.deps.logger.warn('submission withdrawn: its confirmation could not be queued', { confirmationNumber });
    } catch (error) {
      this.deps.logger.error('submission neither queued nor withdrawn', { confirmationNumber, error: describeError(error) });
      await this.deps.pendingEmails
        .add({ confirmationNumber, event: 'submitted', eventId: this.deps.store.submissionEventId(confirmationNumber), since: this.clock().toISOString() })
        .catch(() => undefined);
      throw new StorageUnavailable(error);
    }
  }

  /** The ticket with its history, for its reporter (token) — TicketNotFound for a wrong token. */
  async getForReporter(confirmationNumber: string, token: string): Promise<TicketWithHistory> {
    // The token is checked first, by one read of its hash's rows: a wrong token and an unknown
    // number cost the same and neither reads the report.
    if (!(await this.deps.store.hasTokenHash(confirmationNumber, hashToken(token), this.clock()))) throw new TicketNotFound();
    const stored = await this.deps.store.get(confirmationNumber);
    if (!stored) throw new TicketNotFound();
    return this.withHistory(stored.ticket);
  }

  /**
   * A fresh access token for one status page of the reporter, for its forms (each page gets its
   * own, as each email does: the token the reporter holds never goes back to them in a response).
   * It ends with the page's cookie (PAGE_TOKEN_LIFETIME_MS).
   */
  async issuePageToken(confirmationNumber: string): Promise<string> {
    const token = newAccessToken();
    const endsAt = new Date(this.clock().getTime() + PAGE_TOKEN_LIFETIME_MS);
    const end = { confirmationNumber, tokenHash: hashToken(token), endsAt: endsAt.toISOString() };
    // Side by side: a token row whose end row was lost is refused from its end on all the same,
    // and an end row without its token deletes nothing.
    await Promise.all([this.deps.pageTokenEnds.add(end), this.deps.store.addTokenHash(confirmationNumber, end.tokenHash, endsAt)]);
    return token;
  }

  /**
   * Deletes the rows of page tokens that have ended (they are refused from their end on; this
   * keeps each page view from leaving a row for good) and says how many. The end row goes last,
   * so a run that fails midway leaves it for the next run.
   */
  removeEndedPageTokens(): Promise<number> {
    return removeAllFound(
      ENDED_TOKENS_PAGE,
      (limit) => this.deps.pageTokenEnds.endedBefore(this.clock(), limit),
      async (end) => {
        await this.deps.store.removeTokenHash(end.confirmationNumber, end.tokenHash);
        await this.deps.pageTokenEnds.remove(end);
      },
    );
  }

  async getForOperator(confirmationNumber: string): Promise<TicketWithHistory> {
    const stored = await this.deps.store.get(confirmationNumber);
    if (!stored) throw new TicketNotFound();
    return this.withHistory(stored.ticket);
  }

  async acknowledge(
    confirmationNumber: string,
    input: { priority: Priority; severity?: Severity | undefined; note?: string | undefined },
  ): Promise<TicketWithHistory> {
    return this.change(confirmationNumber, (ticket, at) => acknowledge(ticket, input, at));
  }

  async changeStatus(confirmationNumber: string, change: StatusChange): Promise<TicketWithHistory> {
    // A resolved ticket moved back into the investigation is reopened: the entry names the event.
    return this.change(confirmationNumber, (ticket, at) => changeStatus(ticket, change, at));
  }

  /** Whether `token` is a continuationToken that list() could have handed out. */
  isContinuationToken(token: string): boolean {
    return this.deps.listing.isContinuationToken(token);
  }

  /** Tickets for operators, oldest first; each is read from its own partition, the truth. */
  async list(filter: { status?: TicketStatus; slaBreached?: boolean }, continuationToken?: string): Promise<{ items: Ticket[]; continuationToken?: string }> {
    const page = await this.deps.listing.page(filter, 100, continuationToken);
    const stored = await Promise.all(page.confirmationNumbers.map((n) => this.deps.store.get(n)));
    const items: Ticket[] = [];
    for (const entry of stored) {
      if (!entry) continue;
      const t = entry.ticket;
      if ((filter.status && t.status !== filter.status) || (filter.slaBreached !== undefined && t.slaBreached !== filter.slaBreached)) {
        // The listing row drifted from its ticket: repair it, leave the ticket out of this page.
        await ensureIndexed(this.deps, entry).catch(() => undefined);
        continue;
      }
      items.push(t);
    }
    return { items, ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}) };
  }

  private async change(confirmationNumber: string, apply: (ticket: Ticket, at: Date) => TicketChange): Promise<TicketWithHistory> {
    for (let attempt = 0; ; attempt++) {
      const stored = await this.deps.store.get(confirmationNumber);
      if (!stored) throw new TicketNotFound();
      const now = this.clock();
      const { ticket, entry } = apply(stored.ticket, now); // TransitionNotAllowed propagates: 409
      const event = notifiableEvent(entry.event);
      // The pending row goes first: once the change is stored, its email can no longer be lost,
      // even if the queue write fails too. A row whose change never landed is dropped by the
      // re-queue timer, which checks the event it names.
      const pending = { confirmationNumber, event, eventId: this.deps.store.nextEventId(stored), since: now.toISOString() };
      await this.deps.pendingEmails.add(pending);
      let eventId: string;
      try {
        eventId = await this.deps.store.update(stored, ticket, entry);
      } catch (error) {
        if (error instanceof ConcurrencyConflict && attempt < MAX_CONFLICT_RETRIES) continue;
        throw asUnavailable(error);
      }
      await this.afterChange(stored.ticket, ticket, stored.historyCount + 1, entry.at);
      await enqueueOrLeavePending(this.deps.queue, this.deps.logger, { confirmationNumber, event, eventId, queuedAt: now.toISOString() });
      return this.withHistory(ticket);
    }
  }

  private async afterChange(before: Ticket, after: Ticket, version: number, at: string): Promise<void> {
    const work: Promise<void>[] = [this.deps.listing.upsert(after, version, at)];
    // A flagged ticket keeps its due row until the sweep has claimed it and alerted: the operator
    // who acknowledges a breached ticket must not swallow the breach alert.
    if (before.status === 'submitted' && after.status !== 'submitted' && !after.slaBreached) {
      work.push(this.deps.dueDates.remove({ confirmationNumber: after.confirmationNumber, acknowledgeBy: after.acknowledgeBy }));
    }
    const results = await Promise.allSettled(work);
    for (const r of results) {
      // The change itself is stored; the sweep and the listing repair rows that lag behind.
      if (r.status === 'rejected') this.deps.logger.warn('index update after change failed', { error: describeError(r.reason) });
    }
  }

  private async withHistory(ticket: Ticket): Promise<TicketWithHistory> {
    const history = await this.deps.store.history(ticket.confirmationNumber);
    return { ...ticket, history };
  }
}

// Every change an operator makes is one the reporter is told of.
function notifiableEvent(event: HistoryEntry['event']): NotifiableEvent {
  if (!(NOTIFIABLE_EVENTS as readonly string[]).includes(event)) throw new Error(`${event} is not an event anyone is emailed about`);
  return event as NotifiableEvent;
}

function asUnavailable(error: unknown): Error {
  if (error instanceof StorageUnavailable || error instanceof TicketAlreadyExists) return error;
  return new StorageUnavailable(error);
}
