// A ticket in the API's answers (openapi/openapi.json, TicketWithHistory): its public fields
// (src/web/presentation.ts, which the status page shows too) with its history; operators read the
// report itself through GET /api/ops/tickets/{n} (reportJson, TicketReport). Token hashes never leave.

import { confirmationEmailState, type ConfirmationEmailState, type Ticket } from '../domain/ticket';
import type { TicketWithHistory } from '../services/ticketService';
import { publicTicket, type PublicTicket } from '../web/presentation';
import { EXPOSED_HEADERS } from './exposedHeaders';

export type TicketJson = PublicTicket & {
  history?: TicketWithHistory['history'];
  /** with the history: whether the confirmation email is still queued (e.g. for the sending quota), sent, failed or held back */
  confirmationEmail?: ConfirmationEmailState;
};

export function ticketJson(ticket: Ticket | TicketWithHistory): TicketJson {
  return {
    ...publicTicket(ticket),
    ...('history' in ticket ? { history: ticket.history, confirmationEmail: confirmationEmailState(ticket.history) } : {}),
  };
}

/** What the reporter wrote, for operators only: the text they triage and the contact they answer. */
export interface ReportJson {
  description: string;
  cveId: string | null;
  cvssVector: string | null;
  mitigation: Ticket['mitigation'];
  customerNotification: Ticket['customerNotification'];
  affectedVersions: string | null;
  weakness: string | null;
  exploitation: Ticket['exploitation'];
  publicDisclosure: string | null;
  reporter: Ticket['reporter'];
}

export function reportJson(ticket: Ticket): ReportJson {
  return {
    description: ticket.description,
    cveId: ticket.cveId,
    cvssVector: ticket.cvssVector,
    mitigation: { available: ticket.mitigation.available, steps: ticket.mitigation.steps },
    customerNotification: { requested: ticket.customerNotification.requested, message: ticket.customerNotification.message },
    affectedVersions: ticket.affectedVersions,
    weakness: ticket.weakness,
    exploitation: ticket.exploitation,
    publicDisclosure: ticket.publicDisclosure,
    reporter: { name: ticket.reporter.name, email: ticket.reporter.email, locale: ticket.reporter.locale },
  };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...EXPOSED_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}
