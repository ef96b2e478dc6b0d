// The customer notice, drafted together: the reporter's draft from the submission is version 1,
// either side proposes a new version on top of the latest one, and the side that did not propose
// the latest version approves it. Every version is kept. Pure: every function takes its instant.

import type { Ticket } from './ticket';
import type { Party, CustomerNoticeStatus } from './vocabulary';
import { secondsUntilHourlyRoom } from './hourlyLimit';

/** One version of the notice as a side proposed it. */
export interface NoticeVersion {
  /** 1, 2, 3 … in the order proposed */
  version: number;
  text: string;
  proposedBy: Party;
  /** ISO 8601 instant */
  proposedAt: string;
}

/** The approval of one version by the side that did not propose it. */
export interface NoticeApproval {
  version: number;
  approvedBy: Party;
  /** ISO 8601 instant */
  approvedAt: string;
}

/** What is stored of a ticket's notice besides the submission: the later versions and the approvals. */
export interface NoticeSteps {
  versions: readonly NoticeVersion[];
  approvals: readonly NoticeApproval[];
}

/** The notice as both sides see it: where it stands, its latest version, and every version, oldest first. */
export type CustomerNotice =
  | { status: Extract<CustomerNoticeStatus, 'none'>; version: 0; versions: [] }
  | ({ status: Exclude<CustomerNoticeStatus, 'none'>; versions: NoticeVersion[] } & NoticeVersion & Partial<Omit<NoticeApproval, 'version'>>);

/** The most characters (Unicode code points) a version's text may have. */
export const NOTICE_TEXT_MAX = 20_000;

/** Proposals a ticket takes in any hour, from both sides together: a flood is refused, nothing stored. */
export const NOTICE_PROPOSALS_PER_HOUR = 30;

/**
 * The ticket's notice: the submission's `customerNotification.message` is version 1, proposed by
 * the reporter when the ticket was submitted (so tickets stored before drafting existed have it
 * too), followed by the stored versions; approved when the latest version has an approval.
 */
export function customerNoticeOf(ticket: Pick<Ticket, 'customerNotification' | 'submittedAt'>, steps: NoticeSteps): CustomerNotice {
  const versions: NoticeVersion[] = [];
  const draft = ticket.customerNotification.message;
  if (draft !== null && draft !== '') versions.push({ version: 1, text: draft, proposedBy: 'reporter', proposedAt: ticket.submittedAt });
  for (const v of [...steps.versions].sort((a, b) => a.version - b.version)) {
    if (!versions.some((known) => known.version === v.version)) versions.push(v);
  }
  const latest = versions.at(-1);
  if (!latest) return { status: 'none', version: 0, versions: [] };
  const approval = steps.approvals.find((a) => a.version === latest.version);
  return approval
    ? { status: 'approved', ...latest, approvedBy: approval.approvedBy, approvedAt: approval.approvedAt, versions }
    : { status: 'proposed', ...latest, versions };
}

/** A proposal that does not build on the latest version: the other side's newer version would be lost. */
export class StaleNoticeVersion extends Error {
  readonly code = 'stale_version';
  constructor(
    readonly basedOnVersion: number,
    readonly latestVersion: number,
  ) {
    super(`Version ${basedOnVersion} is not the latest version of the customer notice; the latest is version ${latestVersion}.`);
    this.name = 'StaleNoticeVersion';
  }
}

/** An approval the rules refuse: by the side that proposed the version, of a version that is not the latest, or twice. */
export class NoticeApprovalRefused extends Error {
  constructor(
    readonly code: 'own_version' | 'not_latest' | 'already_approved',
    message: string,
  ) {
    super(message);
    this.name = 'NoticeApprovalRefused';
  }
}

// With the u flag, \p{Cs} matches only surrogates that are not part of a pair: such text cannot travel in UTF-8.
const LONE_SURROGATE = /\p{Cs}/u;

/** What is wrong with a proposed text (empty, blank, too long, not valid Unicode), or null when it may be stored. */
export function noticeTextProblem(text: string): { code: 'required' | 'blank' | 'too_long' | 'invalid_unicode'; message: string } | null {
  if (text === '') return { code: 'required', message: 'The text of the customer notice is required.' };
  if (text.trim() === '') return { code: 'blank', message: 'The text of the customer notice must not be blank.' };
  if (LONE_SURROGATE.test(text))
    return { code: 'invalid_unicode', message: 'The text of the customer notice contains characters that are not valid Unicode text.' };
  let length = 0;
  for (const _ of text) length++;
  if (length > NOTICE_TEXT_MAX) {
    return { code: 'too_long', message: `The text of the customer notice must be at most ${NOTICE_TEXT_MAX} characters long; it has ${length}.` };
  }
  return null;
}

/**
 * The next version, proposed by `by` on top of `basedOnVersion` (0 when there is none yet);
 * throws StaleNoticeVersion when that is not the latest version. The text is kept as sent.
 */
export function proposeNotice(notice: CustomerNotice, proposal: { text: string; basedOnVersion: number; by: Party }, at: Date): NoticeVersion {
  if (proposal.basedOnVersion !== notice.version) throw new StaleNoticeVersion(proposal.basedOnVersion, notice.version);
  return { version: notice.version + 1, text: proposal.text, proposedBy: proposal.by, proposedAt: at.toISOString() };
}

/** The approval of `version` by `by`; throws NoticeApprovalRefused unless it is the latest version, not yet approved, proposed by the other side. */
export function approveNotice(notice: CustomerNotice, approval: { version: number; by: Party }, at: Date): NoticeApproval {
  if (notice.status === 'none' || approval.version !== notice.version) {
    throw new NoticeApprovalRefused('not_latest', `Version ${approval.version} is not the latest version of the customer notice (${notice.version}).`);
  }
  if (notice.status === 'approved') throw new NoticeApprovalRefused('already_approved', `Version ${notice.version} is approved already.`);
  if (notice.proposedBy === approval.by) {
    throw new NoticeApprovalRefused('own_version', `Version ${notice.version} was proposed by the ${approval.by}; only the other side approves it.`);
  }
  return { version: notice.version, approvedBy: approval.by, approvedAt: at.toISOString() };
}

/**
 * Seconds until the ticket takes another proposal when NOTICE_PROPOSALS_PER_HOUR of the `proposed`
 * versions (the stored ones: the submission's draft is no proposal) were made in the hour before
 * `now`, else null.
 */
export function proposalRetryAfterSeconds(proposed: readonly NoticeVersion[], now: Date): number | null {
  return secondsUntilHourlyRoom(
    proposed.map((v) => Date.parse(v.proposedAt)),
    NOTICE_PROPOSALS_PER_HOUR,
    now.getTime(),
  );
}
