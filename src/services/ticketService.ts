// The intake and triage use cases: the story of a ticket from submission to resolution. Storage,
// queue, clock and randomness come in as ports, so this module is tested against real Azurite
// with a clock of the test's choosing.

import { randomBytes } from 'node:crypto';
import { acknowledgeBy, type BusinessCalendar } from '../domain/calendar';
import { newConfirmationNumber } from '../domain/confirmationNumber';
import type { CvssScore } from '../domain/cvss';
import type { Submission } from '../domain/submission';
import {
  acknowledge,
  changeStatus,
  openTicket,
  type HistoryEntry,
  type NotifiableEvent,
  type Outcome,
  type Priority,
  type Severity,
  type Ticket,
  type TicketChange,
  type TicketStatus,
} from '../domain/ticket';
import type { IdempotencyStore } from '../storage/idempotencyStore';
import type { NotificationQueue } from '../storage/notificationQueue';
import { ConcurrencyConflict, StorageUnavailable } from '../storage/storageErrors';
import type { TicketIndex } from '../storage/ticketIndex';
import { TicketAlreadyExists, historyKey, type StoredTicket, type TicketStore } from '../storage/ticketStore';
import { hashToken, newAccessToken, newTokenSalt, sha256Hex, tokenForIdempotentSubmission, tokenMatches } from './accessTokens';
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

export interface TicketWithHistory extends Ticket {
  history: HistoryEntry[];
}

export interface SubmitResult {
  ticket: Ticket;
  accessToken: string;
  /** true when an Idempotency-Key replay answered with the ticket made earlier */
  replayed: boolean;
}

export interface TicketServiceDeps {
  store: TicketStore;
  index: TicketIndex;
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
/** How long a confirmation message stays invisible: long enough for the ticket write beside it. */
const CONFIRMATION_DELAY_SECONDS = 1;

export class TicketService {
  private readonly clock: () => Date;
  private readonly random: (n: number) => Uint8Array;

  constructor(private readonly deps: TicketServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.random = deps.randomBytes ?? ((n) => randomBytes(n));
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
    options: { idempotencyKey?: string | null; requestFingerprint?: string; client?: string } = {},
  ): Promise<SubmitResult> {
    const now = this.clock();
    const key = options.idempotencyKey ?? null;
    const bodyHash = (): string => options.requestFingerprint ?? sha256Hex(JSON.stringify(submission));
    const retryAfterSeconds = options.client === undefined ? null : await this.overLimit(options.client, now);
    if (retryAfterSeconds !== null) {
      const replay = key ? await this.finishedReplay(key, bodyHash(), now) : null;
      if (replay) return replay;
      throw new SubmissionLimitExceeded(retryAfterSeconds);
    }
    if (!key) {
      const accessToken = newAccessToken();
      const ticket = await this.createTicket(newConfirmationNumber(this.random), submission, cvss, now, accessToken, false);
      return { ticket, accessToken, replayed: false };
    }

    const keyHash = sha256Hex(key);
    const claim = {
      keyHash,
      bodyHash: bodyHash(),
      confirmationNumber: newConfirmationNumber(this.random),
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

  /** Seconds until the client may submit again; null when it may now (or when the limit could not be checked). */
  private async overLimit(client: string, now: Date): Promise<number | null> {
    if (!this.deps.allowance) return null;
    try {
      const admission = await this.deps.allowance.take(client, now);
      return admission.allowed ? null : admission.retryAfterSeconds;
    } catch (error) {
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
    const ticket = await this.createTicket(confirmationNumber, submission, cvss, now, accessToken, mayExist);
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
    let ticket = opened;
    const eventKey = historyKey(0);
    const message = { confirmationNumber, event: 'submitted' as const, eventKey, token: accessToken };
    // The request path does the durable minimum, the ticket with its history and its confirmation
    // message, and does both at once. The message stays invisible for a moment so that its handler
    // finds the ticket stored; a handler that is early anyway, or a message whose ticket write
    // failed (the client got 503), is retried by the queue and finally dropped. The handler of
    // this message writes the index rows (due time, listing).
    const [created, queued] = await Promise.allSettled([
      this.deps.store.create(ticket, entry, hashToken(accessToken)),
      this.deps.queue.enqueue(message, { visibleAfterSeconds: CONFIRMATION_DELAY_SECONDS }),
    ]);
    if (created.status === 'rejected') {
      if (!(created.reason instanceof TicketAlreadyExists && mayExist)) throw asUnavailable(created.reason);
      // An earlier attempt with this Idempotency-Key stored it: finish what that attempt began.
      const existing = await this.deps.store.get(confirmationNumber);
      if (!existing) throw new StorageUnavailable();
      ticket = existing.ticket;
    }
    // A lost queue write leaves a pending row for the re-queue timer instead.
    if (queued.status === 'rejected') await this.keepPending(message, now, queued.reason);
    return ticket;
  }

  /** The ticket with its history, for its reporter (token) — TicketNotFound for a wrong token. */
  async getForReporter(confirmationNumber: string, token: string): Promise<TicketWithHistory> {
    const stored = await this.deps.store.get(confirmationNumber);
    if (!stored || !tokenMatches(token, stored.tokenHashes)) throw new TicketNotFound();
    return this.withHistory(stored.ticket);
  }

  async getForOperator(confirmationNumber: string): Promise<TicketWithHistory> {
    const stored = await this.deps.store.get(confirmationNumber);
    if (!stored) throw new TicketNotFound();
    return this.withHistory(stored.ticket);
  }

  async acknowledge(
    confirmationNumber: string,
    input: { priority: Priority; severity?: Severity; note?: string },
  ): Promise<TicketWithHistory> {
    return this.change(confirmationNumber, 'acknowledged', (ticket, at) => acknowledge(ticket, input, at));
  }

  async changeStatus(
    confirmationNumber: string,
    input: { status: 'investigating' | 'resolved'; outcome?: Outcome; note?: string },
  ): Promise<TicketWithHistory> {
    return this.change(confirmationNumber, input.status, (ticket, at) => changeStatus(ticket, input, at));
  }

  /** Tickets for operators, oldest first; each is read from its own partition, the truth. */
  async list(
    filter: { status?: TicketStatus; slaBreached?: boolean },
    continuationToken?: string,
  ): Promise<{ items: Ticket[]; continuationToken?: string }> {
    const page = await this.deps.index.list(filter, 100, continuationToken);
    const stored = await Promise.all(page.confirmationNumbers.map((n) => this.deps.store.get(n)));
    const items: Ticket[] = [];
    for (const entry of stored) {
      if (!entry) continue;
      const t = entry.ticket;
      if ((filter.status && t.status !== filter.status) || (filter.slaBreached !== undefined && t.slaBreached !== filter.slaBreached)) {
        // The listing row drifted from its ticket: repair it, leave the ticket out of this page.
        await this.deps.index.upsertListing(t, entry.historyCount).catch(() => undefined);
        continue;
      }
      items.push(t);
    }
    return { items, ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}) };
  }

  private async change(
    confirmationNumber: string,
    event: NotifiableEvent,
    apply: (ticket: Ticket, at: Date) => TicketChange,
  ): Promise<TicketWithHistory> {
    for (let attempt = 0; ; attempt++) {
      const stored = await this.deps.store.get(confirmationNumber);
      if (!stored) throw new TicketNotFound();
      const now = this.clock();
      const { ticket, entry } = apply(stored.ticket, now); // TransitionNotAllowed propagates: 409
      const token = newAccessToken();
      // The pending row goes first: once the change is stored, its email can no longer be lost,
      // even if the queue write fails too. A row whose change never landed is dropped by the
      // re-queue timer, which checks the history row it names.
      const pending = { confirmationNumber, event, eventKey: historyKey(stored.historyCount), since: now.toISOString() };
      await this.deps.index.addPending(pending);
      let eventKey: string;
      try {
        eventKey = await this.deps.store.update(stored, ticket, entry, [hashToken(token)]);
      } catch (error) {
        if (error instanceof ConcurrencyConflict && attempt < MAX_CONFLICT_RETRIES) continue;
        throw asUnavailable(error);
      }
      await this.afterChange(stored.ticket, ticket, stored.historyCount + 1);
      await this.enqueueQuietly({ confirmationNumber, event, eventKey, token });
      return this.withHistory(ticket);
    }
  }

  private async afterChange(
    before: Ticket,
    after: Ticket,
    version: number,
  ): Promise<void> {
    const work: Promise<void>[] = [this.deps.index.upsertListing(after, version)];
    // A flagged ticket keeps its due row until the sweep has claimed it and alerted: the operator
    // who acknowledges a breached ticket must not swallow the breach alert.
    if (before.status === 'submitted' && after.status !== 'submitted' && !after.slaBreached) {
      work.push(this.deps.index.removeDue({ confirmationNumber: after.confirmationNumber, acknowledgeBy: after.acknowledgeBy }));
    }
    const results = await Promise.allSettled(work);
    for (const r of results) {
      // The change itself is stored; the sweep and the listing repair rows that lag behind.
      if (r.status === 'rejected') this.deps.logger.warn('index update after change failed', { error: describeError(r.reason) });
    }
  }

  private async keepPending(message: Parameters<NotificationQueue['enqueue']>[0], now: Date, queueError: unknown): Promise<void> {
    this.deps.logger.warn('confirmation not queued; keeping it pending for the re-queue timer', {
      confirmationNumber: message.confirmationNumber,
      error: describeError(queueError),
    });
    const pending = { confirmationNumber: message.confirmationNumber, event: message.event, eventKey: message.eventKey, since: now.toISOString() };
    // Storage can drop between the ticket's write and this one: a second try rides out a blip.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 250));
      try {
        await this.deps.index.addPending(pending);
        return;
      } catch (error) {
        this.deps.logger.warn('confirmation not pending either', { confirmationNumber: message.confirmationNumber, error: describeError(error) });
      }
    }
    // The ticket is stored and the client gets its number; the nightly reconciliation finds it.
    this.deps.logger.error('confirmation neither queued nor pending', { confirmationNumber: message.confirmationNumber });
  }

  private async enqueueQuietly(message: Parameters<NotificationQueue['enqueue']>[0]): Promise<void> {
    try {
      await this.deps.queue.enqueue(message);
    } catch (error) {
      // The pending-notification row stays; the re-queue timer sends it within minutes.
      this.deps.logger.warn('notification not queued; it will be re-queued', {
        confirmationNumber: message.confirmationNumber,
        event: message.event,
        error: describeError(error),
      });
    }
  }

  private async withHistory(ticket: Ticket): Promise<TicketWithHistory> {
    const history = await this.deps.store.history(ticket.confirmationNumber);
    return { ...ticket, history: history.map(({ key: _key, ...entry }) => entry) };
  }
}

function asUnavailable(error: unknown): Error {
  if (error instanceof StorageUnavailable || error instanceof TicketAlreadyExists) return error;
  return new StorageUnavailable(error);
}

