import { describe, expect, it } from 'vitest';
import {
  acknowledge,
  canTransition,
  changeStatus,
  flagSlaBreach,
  isOverdue,
  minutesOverdue,
  MissingSeverity,
  openTicket,
  OutcomeOnlyOnResolution,
  OutcomeRequired,
  ReopenNoteRequired,
  statusChange,
  type StatusChange,
  suggestedSeverity,
  TransitionNotAllowed,
  type Ticket,
} from '../../src/domain/ticket';
import { scoreCvssVector } from '../../src/domain/cvss';
import { parseSubmission } from '../../src/domain/submission';
import { aSubmission, aTicket } from '../support/builders';

const submittedAt = new Date('2026-11-23T10:00:00Z');
const deadline = new Date('2026-11-24T10:00:00Z');
/** What these tests lean on: an incident (no CVSS score to suggest a severity), due a day after its submission. */
const incident: Partial<Ticket> = {
  confirmationNumber: 'SE-TEST',
  category: 'incident',
  cveId: null,
  cvssVector: null,
  cvss: null,
  submittedAt: submittedAt.toISOString(),
  acknowledgeBy: deadline.toISOString(),
};

/** A vulnerability scored from `vector` as intake scores it. */
function scored(vector: string): Partial<Ticket> {
  const result = scoreCvssVector(vector);
  if (!result.ok) throw new Error(result.message);
  return { ...incident, category: 'vulnerability', cvssVector: vector, cvss: result.score };
}

describe('the ticket lifecycle', () => {
  it('opens submitted, unflagged, with a submitted history entry', () => {
    const { ticket, entry } = openTicket({
      confirmationNumber: 'SE-TEST',
      submission: (parseSubmission(aSubmission(), { defaultLocale: 'en' }) as unknown as { ok: true; submission: never }).submission,
      cvss: null,
      submittedAt,
      acknowledgeBy: deadline,
    });
    expect(ticket).toMatchObject({ status: 'submitted', slaBreached: false, priority: null, severity: null, outcome: null });
    expect(entry).toEqual({ at: submittedAt.toISOString(), event: 'submitted', status: 'submitted' });
  });

  it('allows exactly submitted → acknowledged → investigating → resolved, acknowledged → resolved, awaiting the reporter and back, and reopening', () => {
    expect(canTransition('submitted', 'acknowledged')).toBe(true);
    expect(canTransition('acknowledged', 'investigating')).toBe(true);
    expect(canTransition('acknowledged', 'resolved')).toBe(true);
    expect(canTransition('investigating', 'resolved')).toBe(true);
    expect(canTransition('acknowledged', 'awaiting-reporter')).toBe(true);
    expect(canTransition('investigating', 'awaiting-reporter')).toBe(true);
    expect(canTransition('awaiting-reporter', 'investigating')).toBe(true);
    expect(canTransition('resolved', 'investigating')).toBe(true); // reopening (operators, with a note)
    expect(canTransition('submitted', 'investigating')).toBe(false);
    expect(canTransition('submitted', 'resolved')).toBe(false);
    expect(canTransition('submitted', 'awaiting-reporter')).toBe(false);
    expect(canTransition('awaiting-reporter', 'resolved')).toBe(false);
    expect(canTransition('awaiting-reporter', 'awaiting-reporter')).toBe(false);
    expect(canTransition('resolved', 'resolved')).toBe(false);
    expect(canTransition('resolved', 'acknowledged')).toBe(false);
    expect(canTransition('investigating', 'acknowledged')).toBe(false);
  });

  it('acknowledges with priority and the CVSS severity as the default', () => {
    const ticket = aTicket(scored('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N'));
    expect(suggestedSeverity(ticket)).toBe('medium');
    const { ticket: acked, entry } = acknowledge(ticket, { priority: 'p2', note: 'seen' }, new Date('2026-11-23T11:00:00Z'));
    expect(acked).toMatchObject({ status: 'acknowledged', priority: 'p2', severity: 'medium', acknowledgedAt: '2026-11-23T11:00:00.000Z' });
    expect(entry).toMatchObject({ event: 'acknowledged', status: 'acknowledged', note: 'seen' });
  });

  it('suggests the severity of the whole vector, not of its base', () => {
    // Base 9.8 critical; the environmental metrics bring it to 6.6 medium (3.1), E:U to 5.2 medium (4.0).
    expect(suggestedSeverity(aTicket(scored('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/IR:L/AR:L/MAV:L')))).toBe('medium');
    expect(suggestedSeverity(aTicket(scored('CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U')))).toBe('medium');
    const { ticket } = acknowledge(aTicket(scored('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MC:N/MI:N/MA:N')), { priority: 'p3' }, submittedAt);
    expect(ticket.severity).toBe('low'); // a whole score of 0.0 ("none") is offered as low
  });

  it('needs a severity when there is no CVSS score to suggest one', () => {
    expect(() => acknowledge(aTicket(incident), { priority: 'p1' }, submittedAt)).toThrow(MissingSeverity);
  });

  it('refuses a second acknowledgement', () => {
    const { ticket } = acknowledge(aTicket(incident), { priority: 'p1', severity: 'high' }, submittedAt);
    expect(() => acknowledge(ticket, { priority: 'p1', severity: 'high' }, submittedAt)).toThrow(TransitionNotAllowed);
  });

  it('records the outcome on resolution only', () => {
    const { ticket: acked } = acknowledge(aTicket(incident), { priority: 'p3', severity: 'low' }, submittedAt);
    const { ticket: investigating } = changeStatus(acked, { status: 'investigating' }, submittedAt);
    expect(investigating.outcome).toBeNull();
    const { ticket: resolved, entry } = changeStatus(investigating, { status: 'resolved', outcome: 'revise-offer' }, submittedAt);
    expect(resolved).toMatchObject({ status: 'resolved', outcome: 'revise-offer' });
    expect(entry.event).toBe('resolved');
    expect(() => changeStatus(resolved, { status: 'resolved', outcome: 'mitigated' }, submittedAt)).toThrow(TransitionNotAllowed);
    // Back into the investigation only as a reopening, with the note that says why.
    expect(() => changeStatus(resolved, { status: 'investigating' }, submittedAt)).toThrow(ReopenNoteRequired);
    expect(() => changeStatus(resolved, { status: 'investigating', note: '  ' }, submittedAt)).toThrow(ReopenNoteRequired);
  });

  it('reopens a resolved ticket with a note: investigating again, its outcome open, a reopened entry by an operator', () => {
    const { ticket: acked } = acknowledge(aTicket(incident), { priority: 'p3', severity: 'low' }, submittedAt);
    const { ticket: resolved } = changeStatus(acked, { status: 'resolved', outcome: 'mitigated' }, submittedAt);
    const at = new Date('2026-12-01T08:00:00Z');
    const { ticket, entry } = changeStatus(resolved, { status: 'investigating', note: 'The fix did not hold.' }, at);
    expect(ticket).toMatchObject({ status: 'investigating', outcome: null, priority: 'p3', severity: 'low' });
    expect(entry).toEqual({ at: at.toISOString(), event: 'reopened', status: 'investigating', note: 'The fix did not hold.', by: 'operator' });
    expect(new ReopenNoteRequired().code).toBe('note_required');
  });

  it('resolves a ticket only with an outcome, and takes one only on resolution', () => {
    expect(statusChange({ status: 'resolved', outcome: 'mitigated', note: 'patched' })).toEqual({ status: 'resolved', outcome: 'mitigated', note: 'patched' });
    expect(statusChange({ status: 'investigating' })).toEqual({ status: 'investigating' });
    expect(() => statusChange({ status: 'resolved' })).toThrow(new OutcomeRequired());
    expect(() => statusChange({ status: 'resolved' })).toThrow('A resolved ticket needs an outcome.');
    expect(() => statusChange({ status: 'investigating', outcome: 'no-action' })).toThrow(OutcomeOnlyOnResolution);
    expect(() => statusChange({ status: 'investigating', outcome: 'no-action' })).toThrow('An outcome is given only on resolution.');
    // A caller the types do not hold (plain JavaScript, a cast) is held by changeStatus itself.
    const { ticket: acked } = acknowledge(aTicket(), { priority: 'p3', severity: 'low' }, submittedAt);
    expect(() => changeStatus(acked, { status: 'resolved' } as unknown as StatusChange, submittedAt)).toThrow(OutcomeRequired);
  });

  it('names each refusal by a stable code', () => {
    expect(new TransitionNotAllowed('submitted', 'resolved').code).toBe('transition_not_allowed');
    expect(new MissingSeverity().code).toBe('severity_required');
    expect(new OutcomeRequired().code).toBe('outcome_required');
    expect(new OutcomeOnlyOnResolution().code).toBe('outcome_only_on_resolution');
  });
});

describe('the acknowledgement SLA', () => {
  it('is overdue only after the deadline, while still submitted and unflagged', () => {
    const ticket = aTicket(incident);
    expect(isOverdue(ticket, deadline)).toBe(false);
    expect(isOverdue(ticket, new Date(deadline.getTime() + 1))).toBe(true);
    const { ticket: acked } = acknowledge(ticket, { priority: 'p1', severity: 'high' }, submittedAt);
    expect(isOverdue(acked, new Date('2030-01-01T00:00:00Z'))).toBe(false);
  });

  it('flags a breach once and keeps the status', () => {
    const later = new Date('2026-11-24T10:30:59Z');
    const { ticket, entry } = flagSlaBreach(aTicket(incident), later);
    expect(ticket.slaBreached).toBe(true);
    expect(ticket.status).toBe('submitted');
    expect(entry).toMatchObject({ event: 'sla-breached', status: 'submitted' });
    expect(minutesOverdue(ticket, later)).toBe(30);
    expect(() => flagSlaBreach(ticket, later)).toThrow(TransitionNotAllowed);
  });

  it('keeps slaBreached true through acknowledgement and resolution', () => {
    const { ticket: flagged } = flagSlaBreach(aTicket(incident), new Date('2026-11-25T00:00:00Z'));
    const { ticket: acked } = acknowledge(flagged, { priority: 'p1', severity: 'high' }, new Date('2026-11-25T01:00:00Z'));
    const { ticket: resolved } = changeStatus(acked, { status: 'resolved', outcome: 'mitigated' }, new Date('2026-11-25T02:00:00Z'));
    expect(resolved.slaBreached).toBe(true);
  });
});
