// Small builders for the console's renderers: a queue entry, a session, a report, a ticket and its page.
import { customerNoticeOf } from '../../../src/domain/customerNotice';
import type { HistoryEntry } from '../../../src/domain/ticket';
import type { ConsoleTicket, QueueEntry, SlaReport } from '../../../src/web/console/consoleData';
import type { ConsoleSession } from '../../../src/web/console/consoleLayout';
import { renderTicketPage, type TicketPageArgs } from '../../../src/web/console/ticketPage';
import { aTicket } from '../../support/builders';

export const NOW = new Date('2026-12-01T12:00:00.000Z');

export function aSession(overrides: Partial<ConsoleSession> = {}): ConsoleSession {
  return { operator: 'ops@contoso.example', csrf: 'CSRF-TOKEN-1', language: 'en', ...overrides };
}

export function aQueueEntry(overrides: Partial<QueueEntry> = {}): QueueEntry {
  return {
    confirmationNumber: 'SE-7K2M-9QXH-4TRB',
    status: 'submitted',
    category: 'vulnerability',
    offerId: 'contoso-firewall',
    summary: 'Remote code execution in the admin console',
    cveId: 'CVE-2021-44228',
    cvssSeverity: 'critical',
    severity: null,
    priority: null,
    exploitation: 'unknown',
    submittedAt: '2026-11-30T15:00:00.000Z',
    acknowledgeBy: '2026-12-01T15:00:00.000Z',
    acknowledgedAt: null,
    slaBreached: false,
    updatedAt: '2026-11-30T15:00:00.000Z',
    version: 2,
    ...overrides,
  };
}

export function anSlaReport(overrides: Partial<SlaReport> = {}): SlaReport {
  return {
    days: 30,
    from: '2026-11-01T12:00:00.000Z',
    to: '2026-12-01T12:00:00.000Z',
    submitted: 41,
    due: 40,
    acknowledgedInTime: 37,
    shareInTime: 37 / 40,
    medianMinutesToAcknowledge: 192,
    breaches: [],
    ...overrides,
  };
}

export const SUBMITTED: HistoryEntry = { at: '2026-11-30T15:00:00.000Z', event: 'submitted', status: 'submitted' };
export const EMAILED: HistoryEntry = { at: '2026-11-30T15:00:05.000Z', event: 'notification-sent', status: 'submitted', about: 'submitted' };

export function aConsoleTicket(overrides: Partial<ConsoleTicket> = {}): ConsoleTicket {
  return {
    ...aTicket({ submittedAt: '2026-11-30T15:00:00.000Z', acknowledgeBy: '2026-12-01T15:00:00.000Z' }),
    history: [SUBMITTED, EMAILED],
    ...overrides,
  } as ConsoleTicket;
}

/** The ticket page of `overrides`, by default a submitted ticket without messages, notice or files. */
export function page(overrides: Partial<TicketPageArgs> = {}): string {
  const ticket = overrides.ticket ?? aConsoleTicket();
  return renderTicketPage({
    session: aSession(),
    now: NOW,
    ticket,
    messages: [],
    notice: customerNoticeOf(ticket, { versions: [], approvals: [] }),
    ...overrides,
  });
}
