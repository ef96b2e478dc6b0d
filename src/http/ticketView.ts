// The public shape of a ticket (CONTRACT.md, GET /api/tickets/{n}): what the reporter and operators
// see. Reporter contact details, the description and the token hashes stay out of it.

import type { Ticket } from '../domain/ticket';
import type { TicketWithHistory } from '../services/ticketService';

export interface TicketJson {
  confirmationNumber: string;
  category: Ticket['category'];
  offerId: string;
  summary: string;
  status: Ticket['status'];
  submittedAt: string;
  acknowledgeBy: string;
  acknowledgedAt: string | null;
  slaBreached: boolean;
  priority: Ticket['priority'];
  severity: Ticket['severity'];
  cvss: Ticket['cvss'];
  outcome: Ticket['outcome'];
  history?: TicketWithHistory['history'];
}

export function ticketJson(ticket: Ticket | TicketWithHistory): TicketJson {
  return {
    confirmationNumber: ticket.confirmationNumber,
    category: ticket.category,
    offerId: ticket.offerId,
    summary: ticket.summary,
    status: ticket.status,
    submittedAt: ticket.submittedAt,
    acknowledgeBy: ticket.acknowledgeBy,
    acknowledgedAt: ticket.acknowledgedAt,
    slaBreached: ticket.slaBreached,
    priority: ticket.priority,
    severity: ticket.severity,
    cvss: ticket.cvss,
    outcome: ticket.outcome,
    ...('history' in ticket ? { history: ticket.history } : {}),
  };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}
