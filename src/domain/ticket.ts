// The security-event ticket and its lifecycle. Pure: every function takes the instant it acts at.

import type { CvssScore } from './cvss';
import type { Submission } from './submission';

import type { Category, Exploitation, HistoryEvent, Locale, NotifiableEvent, Outcome, Party, Priority, Severity, TicketStatus } from './vocabulary';

// The vocabulary is the ticket's too; its importers keep finding it here.
export { CATEGORIES, EXPLOITATIONS, HISTORY_EVENTS, LOCALES, NOTIFIABLE_EVENTS, OUTCOMES, PRIORITIES, SEVERITIES, TICKET_STATUSES } from './vocabulary';
export type { Category, Exploitation, HistoryEvent, Locale, NotifiableEvent, Outcome, Party, Priority, Severity, TicketStatus } from './vocabulary';

export interface HistoryEntry {
  /** ISO 8601 instant */
  at: string;
  event: HistoryEvent;
  /** the ticket's status after the event */
  status: TicketStatus;
  /** words a person wrote for the reader (an operator's note on a change); never a code */
  note?: string;
  /** which side did it, where the event alone does not say (the correspondence's events, a customer notice proposed or approved) */
  by?: Party;
  /** for a `notification-*` entry: the event the email was about */
  about?: NotifiableEvent;
  /** for a resolution: its outcome (entries written before it was recorded have none) */
  outcome?: Outcome;
}

/** What became of the confirmation email: the reporter sees it on the status page. */
export type ConfirmationEmailState = 'queued' | 'sent' | 'failed' | 'held-back';

/**
 * The confirmation email's state as the history tells it: `queued` until an outcome for the
 * submission's email is recorded (it may wait for the sending quota).
 */
export function confirmationEmailState(history: readonly HistoryEntry[]): ConfirmationEmailState {
  let state: ConfirmationEmailState = 'queued';
  for (const entry of history) {
    if (entry.about !== 'submitted') continue;
    if (entry.event === 'notification-sent') return 'sent';
    if (entry.event === 'notification-failed') state = 'failed';
    else if (entry.event === 'notification-held-back' && state === 'queued') state = 'held-back';
  }
  return state;
}

/** What every ticket has, whatever its status. */
export interface TicketFacts {
  confirmationNumber: string;
  category: Category;
  offerId: string;
  summary: string;
  description: string;
  cveId: string | null;
  cvssVector: string | null;
  cvss: CvssScore | null;
  mitigation: { available: boolean; steps: string | null };
  customerNotification: { requested: boolean; message: string | null };
  /** which versions of the offer are affected, in the reporter's words (up to 1,000 characters) */
  affectedVersions: string | null;
  /** the weakness as a CWE ID (`CWE-79`) */
  weakness: string | null;
  /** what the reporter knows of exploitation; `unknown` when they did not say (and on tickets from before it was asked) */
  exploitation: Exploitation;
  /** the day (YYYY-MM-DD) the reporter plans to publish; on or before the day of the report: public already (src/domain/publicDisclosure.ts) */
  publicDisclosure: string | null;
  reporter: { name: string; email: string; locale: Locale };
  /** ISO 8601 instants */
  submittedAt: string;
  acknowledgeBy: string;
  acknowledgedAt: string | null;
  slaBreached: boolean;
  priority: Priority | null;
  severity: Severity | null;
  /** the correspondence's state (src/domain/thread.ts); absent on a ticket that never had a message */
  thread?: ThreadState | undefined;
}

/** What the ticket keeps of its thread (the messages are rows of their own): the hourly limit and the open question. */
export interface ThreadState {
  /** when each side's messages of the last hour were written (ISO 8601, oldest first), for the hourly limit */
  recent: Record<Party, string[]>;
  /** the information request that waits for the reporter's answer (status awaiting-reporter) */
  openRequest: OpenRequest | null;
}

/** An information request that waits for its answer: reminded once, its operators told once. */
export interface OpenRequest {
  /** the message that asks */
  messageId: string;
  /** the event id of its `information-requested` history entry */
  eventId: string;
  /** ISO 8601 instant it was asked */
  at: string;
  /** when the reporter was reminded of it (once) */
  remindedAt?: string;
}

/** A ticket on its way: it has no outcome yet. */
export type OpenTicket = TicketFacts & { status: Exclude<TicketStatus, 'resolved'>; outcome: null };

/** A resolved ticket: it always has its outcome. */
export type ResolvedTicket = TicketFacts & { status: 'resolved'; outcome: Outcome };

export type Ticket = OpenTicket | ResolvedTicket;

/** A change to a ticket: the new ticket and the history entry that records it. */
export interface TicketChange {
  ticket: Ticket;
  entry: HistoryEntry;
}

export class TransitionNotAllowed extends Error {
  readonly code = 'transition_not_allowed';
  constructor(
    readonly from: TicketStatus,
    readonly to: TicketStatus | 'sla-breached',
  ) {
    super(`A ticket that is ${from} cannot become ${to}.`);
    this.name = 'TransitionNotAllowed';
  }
}

const ALLOWED: Record<TicketStatus, readonly TicketStatus[]> = {
  submitted: ['acknowledged'],
  acknowledged: ['investigating', 'resolved', 'awaiting-reporter'],
  investigating: ['resolved', 'awaiting-reporter'],
  // The reporter's answer, or an operator who goes on without it.
  'awaiting-reporter': ['investigating'],
  // Reopening: operators only, with a note (the fix did not hold, say).
  resolved: ['investigating'],
};

/** Whether the lifecycle allows moving from `from` to `to`. */
export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return ALLOWED[from].includes(to);
}

function assertMayBecome(ticket: Ticket, to: TicketStatus): void {
  if (!canTransition(ticket.status, to)) throw new TransitionNotAllowed(ticket.status, to);
}

// Only a resolved ticket is reopened; every other move starts from an open ticket.
function assertOpenAndMayBecome(ticket: Ticket, to: TicketStatus): asserts ticket is OpenTicket {
  assertMayBecome(ticket, to);
  if (ticket.status === 'resolved') throw new TransitionNotAllowed(ticket.status, to);
}

/** Opens a ticket from a validated submission; `acknowledgeBy` comes from the business calendar. */
export function openTicket(args: {
  confirmationNumber: string;
  submission: Submission;
  cvss: CvssScore | null;
  submittedAt: Date;
  acknowledgeBy: Date;
}): TicketChange {
  const { submission: s } = args;
  const at = args.submittedAt.toISOString();
  const ticket: Ticket = {
    confirmationNumber: args.confirmationNumber,
    category: s.category,
    offerId: s.offerId,
    summary: s.summary,
    description: s.description,
    cveId: s.cveId ?? null,
    cvssVector: s.cvssVector ?? null,
    cvss: args.cvss,
    mitigation: { available: s.mitigation?.available ?? false, steps: s.mitigation?.steps ?? null },
    customerNotification: {
      requested: s.customerNotification?.requested ?? false,
      message: s.customerNotification?.message ?? null,
    },
    affectedVersions: s.affectedVersions ?? null,
    weakness: s.weakness ?? null,
    exploitation: s.exploitation ?? 'unknown',
    publicDisclosure: s.publicDisclosure ?? null,
    reporter: { name: s.reporter.name, email: s.reporter.email, locale: s.reporter.locale },
    status: 'submitted',
    submittedAt: at,
    acknowledgeBy: args.acknowledgeBy.toISOString(),
    acknowledgedAt: null,
    slaBreached: false,
    priority: null,
    severity: null,
    outcome: null,
  };
  return { ticket, entry: { at, event: 'submitted', status: 'submitted' } };
}

/** The severity an operator is offered by default: the CVSS rating when there is one ("none" maps to low). */
export function suggestedSeverity(ticket: Ticket): Severity | null {
  if (!ticket.cvss) return null;
  return ticket.cvss.severity === 'none' ? 'low' : ticket.cvss.severity;
}

/** Acknowledges a submitted ticket with its priority and severity (by default the CVSS one); throws TransitionNotAllowed, or MissingSeverity when there is none to default to. */
export function acknowledge(ticket: Ticket, input: { priority: Priority; severity?: Severity | undefined; note?: string | undefined }, at: Date): TicketChange {
  assertOpenAndMayBecome(ticket, 'acknowledged');
  const severity = input.severity ?? suggestedSeverity(ticket);
  if (!severity) throw new MissingSeverity();
  const iso = at.toISOString();
  return {
    ticket: { ...ticket, status: 'acknowledged', acknowledgedAt: iso, priority: input.priority, severity },
    entry: withNote({ at: iso, event: 'acknowledged', status: 'acknowledged' }, input.note),
  };
}

export class MissingSeverity extends Error {
  readonly code = 'severity_required';
  constructor() {
    super('severity is required when the ticket has no CVSS score to suggest one');
    this.name = 'MissingSeverity';
  }
}

/** The statuses an operator sets by a status change; acknowledging is a step of its own. */
export const STATUS_CHANGES = ['investigating', 'resolved'] as const satisfies readonly TicketStatus[];

/** A change of status: the investigation starts without an outcome, a resolution names its outcome. */
export type StatusChange = { status: 'investigating'; note?: string | undefined } | { status: 'resolved'; outcome: Outcome; note?: string | undefined };

export class OutcomeRequired extends Error {
  readonly code = 'outcome_required';
  constructor() {
    super('A resolved ticket needs an outcome.');
    this.name = 'OutcomeRequired';
  }
}

export class OutcomeOnlyOnResolution extends Error {
  readonly code = 'outcome_only_on_resolution';
  constructor() {
    super('An outcome is given only on resolution.');
    this.name = 'OutcomeOnlyOnResolution';
  }
}

/** The status change a request asks for; throws OutcomeRequired for a resolution without an outcome, OutcomeOnlyOnResolution for an investigation with one. */
export function statusChange(request: { status: StatusChange['status']; outcome?: Outcome | undefined; note?: string | undefined }): StatusChange {
  const note = request.note === undefined ? {} : { note: request.note };
  if (request.status === 'investigating') {
    if (request.outcome !== undefined) throw new OutcomeOnlyOnResolution();
    return { status: 'investigating', ...note };
  }
  if (request.outcome === undefined) throw new OutcomeRequired();
  return { status: 'resolved', outcome: request.outcome, ...note };
}

export class ReopenNoteRequired extends Error {
  readonly code = 'note_required';
  constructor() {
    super('Reopening a resolved ticket needs a note that says why.');
    this.name = 'ReopenNoteRequired';
  }
}

/**
 * Moves a ticket on: into the investigation (from acknowledged, from awaiting the reporter, or a
 * resolved ticket reopened, which needs a note: ReopenNoteRequired), or resolved with its outcome;
 * throws TransitionNotAllowed.
 */
export function changeStatus(ticket: Ticket, change: StatusChange, at: Date): TicketChange {
  assertMayBecome(ticket, change.status);
  const iso = at.toISOString();
  if (ticket.status === 'resolved') return reopen(ticket, change.note, iso);
  if (ticket.status === 'awaiting-reporter') {
    // An operator goes on without the answer: the question is no longer open (no reminder, no alert).
    const entry = withNote({ at: iso, event: 'investigating', status: 'investigating', by: 'operator' }, change.note);
    return { ticket: { ...ticket, status: 'investigating', thread: withoutOpenRequest(ticket.thread) }, entry };
  }
  const entry = withNote({ at: iso, event: change.status, status: change.status }, change.note);
  if (change.status === 'investigating') return { ticket: { ...ticket, status: 'investigating' }, entry };
  // The type says a resolution has its outcome; a caller outside TypeScript's reach is held to it too.
  if (!change.outcome) throw new OutcomeRequired();
  // The entry keeps the outcome: a reopened and resolved ticket's timeline tells each one.
  return { ticket: { ...ticket, status: 'resolved', outcome: change.outcome }, entry: { ...entry, outcome: change.outcome } };
}

// A resolved ticket investigated again: its outcome is open once more, and the note says why.
function reopen(ticket: ResolvedTicket, note: string | undefined, iso: string): TicketChange {
  if (!note?.trim()) throw new ReopenNoteRequired();
  return {
    ticket: { ...ticket, status: 'investigating', outcome: null },
    entry: { at: iso, event: 'reopened', status: 'investigating', note, by: 'operator' },
  };
}

/** The thread's state without its open question. */
export function withoutOpenRequest(thread: ThreadState | undefined): ThreadState | undefined {
  return thread && { ...thread, openRequest: null };
}

/** Whether the acknowledgement deadline has passed for a ticket nobody acknowledged. */
export function isOverdue(ticket: Ticket, now: Date): boolean {
  return ticket.status === 'submitted' && !ticket.slaBreached && Date.parse(ticket.acknowledgeBy) < now.getTime();
}

/** Flags a missed acknowledgement deadline; the flag stays for the ticket's life. */
export function flagSlaBreach(ticket: Ticket, at: Date): TicketChange {
  if (!isOverdue(ticket, at)) throw new TransitionNotAllowed(ticket.status, 'sla-breached');
  return {
    ticket: { ...ticket, slaBreached: true },
    entry: { at: at.toISOString(), event: 'sla-breached', status: ticket.status },
  };
}

/** Whole minutes between the deadline and `now`. */
export function minutesOverdue(ticket: Ticket, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(ticket.acknowledgeBy)) / 60_000));
}

function withNote(entry: HistoryEntry, note: string | undefined): HistoryEntry {
  return note ? { ...entry, note } : entry;
}
