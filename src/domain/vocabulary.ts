// The words of the domain, each list written once: the types follow from the lists, so a schema,
// a page or a check that needs the values reads them here instead of spelling them again.

export const CATEGORIES = ['incident', 'vulnerability'] as const;
export const LOCALES = ['de', 'en'] as const;
/** In the lifecycle's order, as the status page shows its steps. */
export const TICKET_STATUSES = ['submitted', 'acknowledged', 'investigating', 'resolved'] as const;
/** The steps of the customer notice drafted together: a side proposes a version, the other approves it. */
export const CUSTOMER_NOTICE_EVENTS = ['customer-notice-proposed', 'customer-notice-approved'] as const;
/** The events emailed to the other side: the four steps of the lifecycle, the customer notice's steps. */
export const NOTIFIABLE_EVENTS = [...TICKET_STATUSES, ...CUSTOMER_NOTICE_EVENTS] as const;
/** Everything a ticket's history records: its steps, the missed deadline and what became of each email. */
export const HISTORY_EVENTS = [...NOTIFIABLE_EVENTS, 'sla-breached', 'notification-sent', 'notification-failed', 'notification-held-back'] as const;
export const PRIORITIES = ['p1', 'p2', 'p3', 'p4'] as const;
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const OUTCOMES = ['no-action', 'revise-offer', 'remove-offer', 'mitigated'] as const;
/** Who did something on a ticket: its reporter or an operator (a history entry's `by`). */
export const ACTORS = ['reporter', 'operator'] as const;
/** Where the customer notice stands: no version yet, a version awaiting the other side, or the latest version approved. */
export const CUSTOMER_NOTICE_STATUSES = ['none', 'proposed', 'approved'] as const;

export type Category = (typeof CATEGORIES)[number];
export type Locale = (typeof LOCALES)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type NotifiableEvent = (typeof NOTIFIABLE_EVENTS)[number];
export type HistoryEvent = (typeof HISTORY_EVENTS)[number];
export type Priority = (typeof PRIORITIES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Outcome = (typeof OUTCOMES)[number];
export type CustomerNoticeEvent = (typeof CUSTOMER_NOTICE_EVENTS)[number];
export type Actor = (typeof ACTORS)[number];
export type CustomerNoticeStatus = (typeof CUSTOMER_NOTICE_STATUSES)[number];
