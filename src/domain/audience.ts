// Who is emailed about a history entry. What an operator did goes to the reporter, what the reporter
// did goes to the operators (OPS_NOTIFY_EMAIL); the submission goes to both: the reporter's
// confirmation and the operators' new-ticket email. Pure.

import type { HistoryEntry } from './ticket';
import type { NotifiableEvent } from './vocabulary';

/** The two readers of the service's emails. */
export const AUDIENCES = ['reporter', 'operators'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** The reporter's own steps in the correspondence: the operators hear of them. */
const BY_THE_REPORTER: ReadonlySet<NotifiableEvent> = new Set(['message-received']);
/** Steps either side takes: the other side hears of them. */
const BY_EITHER_SIDE: ReadonlySet<NotifiableEvent> = new Set(['customer-notice-proposed', 'customer-notice-approved', 'attachment-added']);

/**
 * Who is emailed about `entry` (an entry whose event is notifiable), first the one its queue
 * message names by default: the submission goes to the reporter and then the operators.
 */
export function audiencesOf(entry: Pick<HistoryEntry, 'by'> & { event: NotifiableEvent }): readonly Audience[] {
  if (entry.event === 'submitted') return ['reporter', 'operators'];
  if (BY_THE_REPORTER.has(entry.event)) return ['operators'];
  if (BY_EITHER_SIDE.has(entry.event)) return entry.by === 'reporter' ? ['operators'] : ['reporter'];
  return ['reporter'];
}
