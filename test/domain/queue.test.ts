import { describe, expect, it } from 'vitest';
import {
  compareNewestFirst,
  isOverdueNow,
  matchesQueueFilter,
  missedDeadline,
  orderQueue,
  queueEntryOf,
  queuePosition,
  queueSeverity,
  type QueueEntry,
} from '../../src/domain/queue';
import { aTicket } from '../support/builders';

const now = new Date('2027-01-05T12:00:00.000Z');
const at = (offsetMinutes: number) => new Date(now.getTime() + offsetMinutes * 60_000).toISOString();

function anEntry(overrides: Partial<QueueEntry> = {}): QueueEntry {
  return {
    confirmationNumber: 'SE-AAAA-AAAA-AAAAA',
    status: 'submitted',
    category: 'incident',
    offerId: 'contoso-firewall',
    summary: 'Admin console reachable without login',
    cveId: null,
    cvssSeverity: null,
    severity: null,
    priority: null,
    submittedAt: at(-60),
    acknowledgeBy: at(60),
    acknowledgedAt: null,
    slaBreached: false,
    updatedAt: at(-60),
    version: 1,
    ...overrides,
  };
}

describe('the queue entry of a ticket', () => {
  it('takes the summary, the CVSS severity ("none" as low) and the operator’s severity apart', () => {
    const ticket = aTicket({
      cvss: { version: '3.1', baseScore: 0, baseSeverity: 'none', score: 0, severity: 'none' },
      severity: 'high',
      priority: 'p2',
      status: 'acknowledged',
    });
    const entry = queueEntryOf(ticket, 3, at(-5));
    expect(entry).toMatchObject({ cvssSeverity: 'low', severity: 'high', priority: 'p2', status: 'acknowledged', version: 3, updatedAt: at(-5) });
    expect(entry).not.toHaveProperty('description');
    expect(queueSeverity(entry)).toBe('high');
    expect(queueSeverity({ severity: null, cvssSeverity: 'critical' })).toBe('critical');
    expect(queueSeverity({ severity: null, cvssSeverity: null })).toBeNull();
  });
});

describe('overdue and missed deadlines', () => {
  it('is not overdue at the deadline’s exact instant, and is one millisecond later', () => {
    expect(isOverdueNow(anEntry({ acknowledgeBy: now.toISOString() }), now)).toBe(false);
    expect(isOverdueNow(anEntry({ acknowledgeBy: new Date(now.getTime() - 1).toISOString() }), now)).toBe(true);
    expect(missedDeadline(anEntry({ acknowledgeBy: now.toISOString() }), now)).toBe(false);
  });

  it('counts a flagged ticket as overdue whatever its deadline, and an acknowledged one never as overdue', () => {
    expect(isOverdueNow(anEntry({ slaBreached: true }), now)).toBe(true);
    expect(isOverdueNow(anEntry({ status: 'acknowledged', acknowledgeBy: at(-600), acknowledgedAt: at(-1) }), now)).toBe(false);
  });

  it('says a ticket acknowledged after its deadline missed it, one acknowledged at the deadline did not', () => {
    expect(missedDeadline(anEntry({ status: 'acknowledged', acknowledgeBy: at(-10), acknowledgedAt: at(-9) }), now)).toBe(true);
    expect(missedDeadline(anEntry({ status: 'acknowledged', acknowledgeBy: at(-10), acknowledgedAt: at(-10) }), now)).toBe(false);
  });
});

describe('the queue order', () => {
  it('puts overdue and flagged unacknowledged tickets first, then the unacknowledged by deadline, then the rest by longest waiting', () => {
    const flagged = anEntry({ confirmationNumber: 'SE-1', slaBreached: true, acknowledgeBy: at(-30) });
    const overdue = anEntry({ confirmationNumber: 'SE-2', acknowledgeBy: at(-5) });
    const dueNow = anEntry({ confirmationNumber: 'SE-3', acknowledgeBy: now.toISOString() });
    const dueLater = anEntry({ confirmationNumber: 'SE-4', acknowledgeBy: at(120) });
    const waitingLong = anEntry({ confirmationNumber: 'SE-5', status: 'investigating', acknowledgedAt: at(-500), updatedAt: at(-400) });
    const waitingShort = anEntry({ confirmationNumber: 'SE-6', status: 'awaiting-reporter', acknowledgedAt: at(-500), updatedAt: at(-1) });
    const acknowledgedLate = anEntry({ confirmationNumber: 'SE-7', status: 'acknowledged', slaBreached: true, acknowledgedAt: at(-200), updatedAt: at(-200) });
    const shuffled = [waitingShort, dueLater, acknowledgedLate, overdue, waitingLong, dueNow, flagged];
    expect(orderQueue(shuffled, now).map((e) => e.confirmationNumber)).toEqual(['SE-1', 'SE-2', 'SE-3', 'SE-4', 'SE-5', 'SE-7', 'SE-6']);
    expect(queuePosition(dueNow, now).group).toBe(1);
    expect(queuePosition(overdue, now).group).toBe(0);
  });

  it('breaks ties by number, and leaves its input as it was', () => {
    const input = [anEntry({ confirmationNumber: 'SE-B' }), anEntry({ confirmationNumber: 'SE-A' })];
    expect(orderQueue(input, now).map((e) => e.confirmationNumber)).toEqual(['SE-A', 'SE-B']);
    expect(input.map((e) => e.confirmationNumber)).toEqual(['SE-B', 'SE-A']);
  });

  it('orders search answers and resolved tickets newest submission first', () => {
    const older = anEntry({ confirmationNumber: 'SE-1', submittedAt: at(-100) });
    const newer = anEntry({ confirmationNumber: 'SE-2', submittedAt: at(-1) });
    expect([older, newer].sort(compareNewestFirst).map((e) => e.confirmationNumber)).toEqual(['SE-2', 'SE-1']);
  });
});

describe('the queue filter', () => {
  const critical = anEntry({ category: 'vulnerability', cvssSeverity: 'critical' });
  it('matches status, category and severity (the operator’s before the CVSS one)', () => {
    expect(matchesQueueFilter(critical, { category: 'vulnerability', severity: 'critical', status: 'submitted' }, now)).toBe(true);
    expect(matchesQueueFilter(critical, { category: 'incident' }, now)).toBe(false);
    expect(matchesQueueFilter({ ...critical, severity: 'low' }, { severity: 'critical' }, now)).toBe(false);
    expect(matchesQueueFilter({ ...critical, severity: 'low' }, { severity: 'low' }, now)).toBe(true);
    expect(matchesQueueFilter(critical, { status: 'acknowledged' }, now)).toBe(false);
  });

  it('matches breached for flagged, overdue and late-acknowledged tickets, and not for one not yet due', () => {
    expect(matchesQueueFilter(anEntry({ slaBreached: true }), { breached: true }, now)).toBe(true);
    expect(matchesQueueFilter(anEntry({ acknowledgeBy: at(-1) }), { breached: true }, now)).toBe(true);
    expect(matchesQueueFilter(anEntry({ status: 'acknowledged', acknowledgeBy: at(-10), acknowledgedAt: at(-5) }), { breached: true }, now)).toBe(true);
    expect(matchesQueueFilter(anEntry(), { breached: true }, now)).toBe(false);
    expect(matchesQueueFilter(anEntry(), { breached: false }, now)).toBe(true);
  });
});
