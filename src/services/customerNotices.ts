// The customer notice's use cases: read it, propose a version, approve one. Each step is written
// with its history entry under the ticket row's ETag (src/storage/customerNoticeStore.ts) and its
// email goes as a lifecycle change's does: the pending row first, then the write, then the queue.
// Who gets the email follows from the entry's `by`: the notifier's business.

import { approveNotice, customerNoticeOf, proposalRetryAfterSeconds, proposeNotice, type CustomerNotice, type NoticeSteps } from '../domain/customerNotice';
import type { HistoryEntry } from '../domain/ticket';
import type { Party, CustomerNoticeEvent } from '../domain/vocabulary';
import { hashToken } from './accessTokens';
import type { CustomerNoticeStore, NoticeStep } from './customerNoticeStore';
import { describeError, type Logger } from './logger';
import { enqueueOrLeavePending, type NotificationQueue } from './notificationQueue';
import type { PendingEmails } from './pendingEmails';
import { ConcurrencyConflict, StorageUnavailable } from './storageFaults';
import type { TicketListing } from './ticketListing';
import { TicketNotFound } from './ticketService';
import type { StoredTicket, TicketStore } from './ticketStore';

/** Who asks: an operator, or the reporter with the ticket's access token. */
export type NoticeCaller = { kind: 'operator' } | { kind: 'reporter'; token: string };

/** The ticket took NOTICE_PROPOSALS_PER_HOUR proposals in the last hour; nothing was stored. */
export class NoticeProposalLimitExceeded extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('this ticket has had too many customer notice proposals in the last hour');
    this.name = 'NoticeProposalLimitExceeded';
  }
}

export interface CustomerNoticesDeps {
  store: TicketStore;
  notices: CustomerNoticeStore;
  pendingEmails: PendingEmails;
  queue: NotificationQueue;
  /** each step is a history entry: the ticket's listing and queue rows follow its version */
  listing: TicketListing;
  logger: Logger;
  clock?: () => Date;
}

// Each retry re-reads the ticket and the notice: a conflict with an unrelated change (an
// acknowledgement) is tried again, one with another step of the notice ends in its rule's 409.
const MAX_CONFLICT_RETRIES = 5;

export class CustomerNotices {
  private readonly clock: () => Date;

  constructor(private readonly deps: CustomerNoticesDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** The ticket's notice; TicketNotFound for an unknown number or a reporter's wrong token. */
  async get(confirmationNumber: string, caller: NoticeCaller): Promise<CustomerNotice> {
    const stored = await this.ticketFor(confirmationNumber, caller);
    return customerNoticeOf(stored.ticket, await this.deps.notices.steps(confirmationNumber));
  }

  /**
   * A new version by the caller's side on top of `basedOnVersion`; throws StaleNoticeVersion when
   * that is not the latest (also when another proposal on it won the race),
   * NoticeProposalLimitExceeded over the hourly limit. The text is validated at the edge.
   */
  async propose(confirmationNumber: string, caller: NoticeCaller, proposal: { text: string; basedOnVersion: number }): Promise<CustomerNotice> {
    const by = actorOf(caller);
    return this.step(confirmationNumber, caller, 'customer-notice-proposed', (notice, steps, at) => {
      const version = proposeNotice(notice, { ...proposal, by }, at);
      const retryAfter = proposalRetryAfterSeconds(steps.versions, at);
      if (retryAfter !== null) throw new NoticeProposalLimitExceeded(retryAfter);
      return { kind: 'proposed', version };
    });
  }

  /** Approves `version` for the caller's side; throws NoticeApprovalRefused by the rules of approveNotice. */
  async approve(confirmationNumber: string, caller: NoticeCaller, approval: { version: number }): Promise<CustomerNotice> {
    const by = actorOf(caller);
    return this.step(confirmationNumber, caller, 'customer-notice-approved', (notice, _steps, at) => ({
      kind: 'approved',
      approval: approveNotice(notice, { ...approval, by }, at),
    }));
  }

  private async step(
    confirmationNumber: string,
    caller: NoticeCaller,
    event: CustomerNoticeEvent,
    decide: (notice: CustomerNotice, steps: NoticeSteps, at: Date) => NoticeStep,
  ): Promise<CustomerNotice> {
    if (caller.kind === 'reporter') await this.checkToken(confirmationNumber, caller.token);
    for (let attempt = 0; ; attempt++) {
      // The ticket first, then the steps: whatever was written before the ticket's ETag was read
      // is among the steps, and whatever is written after changes the ETag the write depends on.
      const stored = await this.deps.store.get(confirmationNumber);
      if (!stored) throw new TicketNotFound();
      const steps = await this.deps.notices.steps(confirmationNumber);
      const now = this.clock();
      const step = decide(customerNoticeOf(stored.ticket, steps), steps, now); // the rules' refusals propagate: 409/429
      const entry: HistoryEntry = { at: now.toISOString(), event, status: stored.ticket.status, by: actorOf(caller) };
      const pending = { confirmationNumber, event, eventId: this.deps.store.nextEventId(stored), since: now.toISOString() };
      await this.deps.pendingEmails.add(pending);
      let eventId: string;
      try {
        eventId = await this.deps.notices.write(stored, step, entry);
      } catch (error) {
        if (error instanceof ConcurrencyConflict && attempt < MAX_CONFLICT_RETRIES) continue;
        throw error instanceof StorageUnavailable ? error : new StorageUnavailable(error);
      }
      await this.deps.listing.upsert(stored.ticket, stored.historyCount + 1, entry.at).catch((error: unknown) => {
        // The step is stored; the nightly reconciliation brings the rows up to its version.
        this.deps.logger.warn('index update after a customer notice step failed', { confirmationNumber, error: describeError(error) });
      });
      await enqueueOrLeavePending(this.deps.queue, this.deps.logger, { confirmationNumber, event, eventId, queuedAt: now.toISOString() });
      const after: NoticeSteps =
        step.kind === 'proposed'
          ? { versions: [...steps.versions, step.version], approvals: steps.approvals }
          : { versions: steps.versions, approvals: [...steps.approvals, step.approval] };
      return customerNoticeOf(stored.ticket, after);
    }
  }

  private async ticketFor(confirmationNumber: string, caller: NoticeCaller): Promise<StoredTicket> {
    if (caller.kind === 'reporter') await this.checkToken(confirmationNumber, caller.token);
    const stored = await this.deps.store.get(confirmationNumber);
    if (!stored) throw new TicketNotFound();
    return stored;
  }

  // As for the ticket itself: one point read on the token's hash, the same 404 for a wrong token and an unknown number.
  private async checkToken(confirmationNumber: string, token: string): Promise<void> {
    if (!(await this.deps.store.hasTokenHash(confirmationNumber, hashToken(token), this.clock()))) throw new TicketNotFound();
  }
}

function actorOf(caller: NoticeCaller): Party {
  return caller.kind === 'operator' ? 'operator' : 'reporter';
}
