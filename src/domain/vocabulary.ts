// The words of the domain, each list written once: the types follow from the lists, so a schema,
// a page or a check that needs the values reads them here instead of spelling them again.

export const CATEGORIES = ['incident', 'vulnerability'] as const;
export const LOCALES = ['de', 'en'] as const;
/** The lifecycle's steps, in order, as the status page shows them. */
export const LIFECYCLE_STEPS = ['submitted', 'acknowledged', 'investigating', 'resolved'] as const;
/** Every status a ticket can have: the steps, and (within the investigation) waiting for the reporter's answer. */
export const TICKET_STATUSES = [...LIFECYCLE_STEPS, 'awaiting-reporter'] as const;
/**
 * The correspondence's events: an information request, its reminder, a message from the operators,
 * the reporter's message, a resolved ticket reopened. An internal note is no event.
 */
export const THREAD_EVENTS = ['information-requested', 'information-reminded', 'message-sent', 'message-received', 'reopened'] as const;
/** The events the other side is emailed about: the four steps of the lifecycle and the correspondence's. */
export const NOTIFIABLE_EVENTS = [...LIFECYCLE_STEPS, ...THREAD_EVENTS] as const;
/** Everything a ticket's history records: its steps, the missed deadline and what became of each email. */
export const HISTORY_EVENTS = [...NOTIFIABLE_EVENTS, 'sla-breached', 'notification-sent', 'notification-failed', 'notification-held-back'] as const;
export const PRIORITIES = ['p1', 'p2', 'p3', 'p4'] as const;
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const OUTCOMES = ['no-action', 'revise-offer', 'remove-offer', 'mitigated'] as const;
/** Who wrote a message or did what a history entry records. */
export const AUTHORS = ['reporter', 'operator'] as const;
/** A thread's messages: to the other side, a question the reporter is asked to answer, and the operators' own notes. */
export const MESSAGE_KINDS = ['message', 'information-request', 'internal-note'] as const;

export type Category = (typeof CATEGORIES)[number];
export type Locale = (typeof LOCALES)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type NotifiableEvent = (typeof NOTIFIABLE_EVENTS)[number];
export type HistoryEvent = (typeof HISTORY_EVENTS)[number];
export type Priority = (typeof PRIORITIES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Outcome = (typeof OUTCOMES)[number];
export type LifecycleStep = (typeof LIFECYCLE_STEPS)[number];
export type ThreadEvent = (typeof THREAD_EVENTS)[number];
export type Author = (typeof AUTHORS)[number];
export type MessageKind = (typeof MESSAGE_KINDS)[number];
