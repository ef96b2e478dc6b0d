// The words of the domain, each list written once: the types follow from the lists, so a schema,
// a page or a check that needs the values reads them here instead of spelling them again.

export const CATEGORIES = ['incident', 'vulnerability'] as const;
export const LOCALES = ['de', 'en'] as const;
/** The lifecycle's steps, in order, as the status page shows them. */
export const LIFECYCLE_STEPS = ['submitted', 'acknowledged', 'investigating', 'resolved'] as const;
/** Every status a ticket can have: the steps, and (within the investigation) waiting for the reporter's answer. */
export const TICKET_STATUSES = [...LIFECYCLE_STEPS, 'awaiting-reporter'] as const;
/** The lifecycle's steps as events: each is emailed to the reporter. */
export const LIFECYCLE_EVENTS = LIFECYCLE_STEPS;
/**
 * The thread's events: an information request, its reminder, a message from the operators,
 * the reporter's message, a resolved ticket reopened. An internal note is no event.
 */
export const THREAD_EVENTS = ['information-requested', 'information-reminded', 'message-sent', 'message-received', 'reopened'] as const;
/** The steps of the customer notice drafted together: a side proposes a version, the other approves it. */
export const CUSTOMER_NOTICE_EVENTS = ['customer-notice-proposed', 'customer-notice-approved'] as const;
/** An evidence file added by either side (the other side is told; the email names no file). */
export const EVIDENCE_EVENTS = ['attachment-added'] as const;
/** Correspondence: the steps of the thread, the customer notice and the evidence files that the other side is emailed about. */
const EMAILED_CORRESPONDENCE_EVENTS = [...THREAD_EVENTS, ...CUSTOMER_NOTICE_EVENTS, ...EVIDENCE_EVENTS] as const;
/** Correspondence: what the history records of the thread, the customer notice and the evidence files. */
export const CORRESPONDENCE_EVENTS = EMAILED_CORRESPONDENCE_EVENTS;
/** The events someone is emailed about: the reporter or the operators, as src/domain/audience.ts decides. */
export const NOTIFIABLE_EVENTS = [...LIFECYCLE_EVENTS, ...EMAILED_CORRESPONDENCE_EVENTS] as const;
/** Everything a ticket's history records: its steps, the missed deadline, what became of each email and the correspondence. */
export const HISTORY_EVENTS = [
  ...LIFECYCLE_EVENTS,
  'sla-breached',
  'notification-sent',
  'notification-failed',
  'notification-held-back',
  ...CORRESPONDENCE_EVENTS,
] as const;
/** Who did what a history entry records (`by`), who wrote a message, and who is emailed about it. */
export const PARTIES = ['reporter', 'operator'] as const;
export const PRIORITIES = ['p1', 'p2', 'p3', 'p4'] as const;
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const OUTCOMES = ['no-action', 'revise-offer', 'remove-offer', 'mitigated'] as const;
/** What the reporter knows of the vulnerability's exploitation; `unknown` when they did not say. */
export const EXPLOITATIONS = ['unknown', 'none-known', 'suspected', 'active'] as const;
/** Where the customer notice stands: no version yet, a version awaiting the other side, or the latest version approved. */
export const CUSTOMER_NOTICE_STATUSES = ['none', 'proposed', 'approved'] as const;
/** A thread's messages: to the other side, a question the reporter is asked to answer, and the operators' own notes. */
export const MESSAGE_KINDS = ['message', 'information-request', 'internal-note'] as const;

export type Category = (typeof CATEGORIES)[number];
export type Locale = (typeof LOCALES)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];
export type CorrespondenceEvent = (typeof CORRESPONDENCE_EVENTS)[number];
export type NotifiableEvent = (typeof NOTIFIABLE_EVENTS)[number];
export type Party = (typeof PARTIES)[number];
export type HistoryEvent = (typeof HISTORY_EVENTS)[number];
export type Priority = (typeof PRIORITIES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Outcome = (typeof OUTCOMES)[number];
export type Exploitation = (typeof EXPLOITATIONS)[number];
export type CustomerNoticeEvent = (typeof CUSTOMER_NOTICE_EVENTS)[number];
export type EvidenceEvent = (typeof EVIDENCE_EVENTS)[number];
export type CustomerNoticeStatus = (typeof CUSTOMER_NOTICE_STATUSES)[number];
export type LifecycleStep = (typeof LIFECYCLE_STEPS)[number];
export type ThreadEvent = (typeof THREAD_EVENTS)[number];
export type MessageKind = (typeof MESSAGE_KINDS)[number];
