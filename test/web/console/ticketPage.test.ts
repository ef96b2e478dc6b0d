import { describe, expect, it } from 'vitest';
import { customerNoticeOf } from '../../../src/domain/customerNotice';
import type { Message } from '../../../src/domain/thread';
import type { HistoryEntry } from '../../../src/domain/ticket';
import { availableActions, CONSOLE_ACTIONS } from '../../../src/web/console/actionForms';
import { visibleText } from '../support/visibleText';
import { aConsoleTicket, aSession, EMAILED, page, SUBMITTED } from './consoleFixtures';

const HOSTILE = `<script>alert("x")</script> & 'quotes'`;
function form(html: string, action: string): string {
  const start = html.indexOf(`id="act-${action}"`);
  expect(start, `the form ${action}`).toBeGreaterThan(0);
  return html.slice(html.lastIndexOf('<form', start), html.indexOf('</form>', start));
}

const ACKNOWLEDGED = aConsoleTicket({
  status: 'acknowledged',
  acknowledgedAt: '2026-12-01T09:00:00.000Z',
  priority: 'p1',
  severity: 'critical',
  history: [SUBMITTED, EMAILED, { at: '2026-12-01T09:00:00.000Z', event: 'acknowledged', status: 'acknowledged', note: 'On it' }],
});

describe('the ticket page', () => {
  it('shows the whole report: description, CVE, the CVSS vector with score and severity, mitigation, notification, the reporter’s contact and language', () => {
    const text = visibleText(page());
    expect(text).toContain('DESCRIPTION-SECRET: send ${jndi:ldap://x} to /admin');
    expect(text).toContain('CVE ID CVE-2021-44228');
    expect(text).toContain('Base score 10.0, severity Critical (CVSS 3.1) CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H');
    expect(text).toContain('Available. The steps: STEPS-SECRET: disable lookups');
    expect(text).toContain('The reporter asks for customers to be notified.');
    expect(text).toContain('Reporter Ada Lovelace');
    expect(text).toContain('Email ada@contoso.example');
    expect(text).toContain('Language English');
    expect(text).toContain('To acknowledge 3 h left');
  });

  it('offers a submitted ticket acknowledgement, with the severity preselected from the CVSS rating and no priority chosen for the operator', () => {
    const html = page();
    expect(availableActions(aConsoleTicket(), { status: 'proposed', proposedBy: 'reporter' })).toEqual([
      'acknowledge',
      'reply',
      'note',
      'approve-notice',
      'propose-notice',
    ]);
    const ack = form(html, 'acknowledge');
    expect(ack).toContain('action="/api/console/tickets/SE-7K2M-9QXH-4TRB/acknowledge#act-acknowledge"');
    expect(ack).toContain('<option value="critical" selected>Critical</option>');
    expect(ack).toContain('<option value="" selected>Choose…</option>\n<option value="p1">');
    expect(ack).toContain('Preselected from the CVSS rating (Critical)');
    expect(ack).toContain('<label for="acknowledge-priority">Priority</label>');
    expect(html).not.toContain('id="act-resolve"');
    expect(html).not.toContain('id="act-reopen"');
  });

  it('asks for the severity when there is no CVSS vector to suggest one', () => {
    const ack = form(page({ ticket: aConsoleTicket({ cvss: null, cvssVector: null }) }), 'acknowledge');
    expect(ack).toContain('There is no CVSS vector: choose the severity.');
    expect(ack).not.toMatch(/<option value="(critical|high|medium|low)" selected>/);
  });

  it('puts the CSRF token and the ticket version the page was rendered from into every form', () => {
    const ticket = {
      ...ACKNOWLEDGED,
      history: [
        ...ACKNOWLEDGED.history,
        { at: '2026-12-01T09:01:00.000Z', event: 'notification-sent', status: 'acknowledged', about: 'acknowledged' } as HistoryEntry,
      ],
    };
    const html = page({ ticket, notice: customerNoticeOf(ticket, { versions: [], approvals: [] }) });
    const forms = [...html.matchAll(/<form method="post" action="\/api\/console\/tickets\/SE-7K2M-9QXH-4TRB\/([a-z-]+)#act-\1"[\s\S]*?<\/form>/g)];
    expect(forms.map((m) => m[1])).toEqual(['investigate', 'request-information', 'resolve', 'reply', 'note', 'approve-notice', 'propose-notice']);
    for (const [markup] of forms) {
      expect(markup).toContain('<input type="hidden" name="csrf" value="CSRF-TOKEN-1">');
      expect(markup).toContain('<input type="hidden" name="ticketVersion" value="4">');
    }
    expect(form(html, 'approve-notice')).toContain('<input type="hidden" name="noticeVersion" value="1">');
    expect(form(html, 'propose-notice')).toContain('<input type="hidden" name="basedOnVersion" value="1">');
    expect(form(html, 'propose-notice')).toContain('NOTIFICATION-SECRET draft</textarea>');
  });

  it('offers each status the steps the lifecycle allows, and every action has its form somewhere', () => {
    const none = { status: 'none' } as const;
    expect(availableActions({ status: 'investigating' }, none)).toEqual(['request-information', 'resolve', 'reply', 'note', 'propose-notice']);
    expect(availableActions({ status: 'awaiting-reporter' }, none)).toEqual(['investigate', 'reply', 'note', 'propose-notice']);
    expect(availableActions({ status: 'resolved' }, { status: 'proposed', proposedBy: 'operator' })).toEqual(['reopen', 'reply', 'note', 'propose-notice']);
    const offered = new Set(
      (['submitted', 'acknowledged', 'investigating', 'awaiting-reporter', 'resolved'] as const).flatMap((status) =>
        availableActions({ status }, { status: 'proposed', proposedBy: 'reporter' }),
      ),
    );
    expect([...offered].sort()).toEqual([...CONSOLE_ACTIONS].sort());
  });

  it('asks for a note to reopen, and for an outcome to resolve', () => {
    const resolved = aConsoleTicket({ status: 'resolved', outcome: 'mitigated', acknowledgedAt: '2026-12-01T09:00:00.000Z', priority: 'p2', severity: 'high' });
    const reopen = form(page({ ticket: resolved }), 'reopen');
    expect(reopen).toMatch(/<textarea id="reopen-note" name="note" rows="3" maxlength="2000" required aria-required="true"/);
    const resolve = form(page({ ticket: ACKNOWLEDGED }), 'resolve');
    expect(resolve).toContain('<select id="resolve-outcome" name="outcome" required aria-required="true"');
    expect(resolve).toContain('<option value="revise-offer">The offer needs to be revised</option>');
    expect(page({ ticket: aConsoleTicket({ status: 'awaiting-reporter', acknowledgedAt: '2026-12-01T09:00:00.000Z' }) })).toContain(
      'Go on without the reporter’s answer',
    );
  });

  it('shows the thread with internal notes marked in words, and the open question', () => {
    const ticket = aConsoleTicket({
      status: 'awaiting-reporter',
      acknowledgedAt: '2026-12-01T09:00:00.000Z',
      thread: { recent: { reporter: [], operator: [] }, openRequest: { messageId: 'q1', eventId: 'e1', at: '2026-12-01T10:00:00.000Z' } },
    });
    const messages: Message[] = [
      { id: 'n1', at: '2026-12-01T09:30:00.000Z', author: 'operator', kind: 'internal-note', body: `Looks real ${HOSTILE}` },
      { id: 'q1', at: '2026-12-01T10:00:00.000Z', author: 'operator', kind: 'information-request', body: 'Which version?' },
    ];
    const html = page({ ticket, messages });
    expect(html).toContain('<li class="message from-operator internal" id="m-n1" data-kind="internal-note">');
    expect(visibleText(html)).toContain('Internal note, not shown to the reporter');
    expect(visibleText(html)).toContain('Question to the reporter · waiting for the answer');
    expect(html).not.toContain('<script>alert');
  });

  it('tells the timeline in the team’s words and shows the customer notice with its versions and comparison', () => {
    const ticket = aConsoleTicket();
    const notice = customerNoticeOf(ticket, {
      versions: [{ version: 2, text: 'NOTIFICATION-SECRET draft, updated', proposedBy: 'operator', proposedAt: '2026-12-01T10:00:00.000Z' }],
      approvals: [],
    });
    const text = visibleText(page({ ticket, notice }));
    expect(text).toContain('The reporter submitted the report.');
    expect(text).toContain('Email to the reporter sent: the confirmation.');
    expect(text).toContain('What changed from version 1 to version 2');
    expect(text).toContain('Version 2, proposed by the team on');
    expect(text).not.toContain('We received your report');
  });

  it('confirms a step done after the redirect', () => {
    const html = page({ ticket: ACKNOWLEDGED, outcome: { kind: 'done', action: 'acknowledge' } });
    expect(html).toContain('<p class="notice ok" id="action-done" role="status">Acknowledged. The reporter is emailed.</p>');
  });

  it('on a conflict says what changed since the operator’s version and keeps what they typed in the form', () => {
    const change: HistoryEntry = { at: '2026-12-01T11:00:00.000Z', event: 'message-received', status: 'acknowledged', by: 'reporter' };
    const ticket = { ...ACKNOWLEDGED, history: [...ACKNOWLEDGED.history, change] };
    const html = page({
      ticket,
      outcome: { kind: 'conflict', input: { action: 'resolve', values: { outcome: 'no-action', note: `Nothing to do ${HOSTILE}` } }, changes: [change] },
    });
    expect(html).toContain('role="alert"');
    expect(visibleText(html)).toContain('Someone else acted on this ticket first');
    expect(visibleText(html)).toContain('The reporter wrote to the team.');
    const resolve = form(html, 'resolve');
    expect(resolve).toContain('<option value="no-action" selected>');
    expect(resolve).toContain('Nothing to do &lt;script&gt;');
    expect(resolve).toContain('name="ticketVersion" value="4"');
  });

  it('on a conflict that took the form away, shows the typed text to copy', () => {
    const change: HistoryEntry = { at: '2026-12-01T09:00:00.000Z', event: 'acknowledged', status: 'acknowledged' };
    const html = page({
      ticket: ACKNOWLEDGED,
      outcome: { kind: 'conflict', input: { action: 'acknowledge', values: { priority: 'p3', note: 'My note to keep' } }, changes: [change] },
    });
    expect(html).not.toContain('id="act-acknowledge"');
    expect(visibleText(html)).toContain('Acknowledge: My note to keep');
    expect(visibleText(html)).toContain('The team acknowledged the report and set its priority and severity.');
  });

  it('keeps the input of a refused form and says beside each field what is wrong', () => {
    const html = page({
      ticket: ACKNOWLEDGED,
      outcome: { kind: 'invalid', input: { action: 'reply', values: { body: '   ' } }, issues: [{ field: 'body', code: 'blank' }] },
    });
    expect(html).toContain('<a href="#reply-body">This contains only spaces; please write some text.</a>');
    const reply = form(html, 'reply');
    expect(reply).toContain('<p class="field-error" id="reply-body-error">');
    expect(reply).toContain('aria-describedby="reply-body-hint reply-body-error" aria-invalid="true" autofocus');
    expect(reply).toContain('>\n   </textarea>');
    expect(form(html, 'note')).not.toContain('aria-invalid');
  });

  it('words a too-long text and a refusal in German', () => {
    const html = page({
      session: aSession({ language: 'de' }),
      ticket: ACKNOWLEDGED,
      outcome: {
        kind: 'invalid',
        input: { action: 'note', values: { body: 'x' } },
        issues: [{ field: 'body', code: 'too_long', max: 20_000, length: 20_001 }],
      },
    });
    expect(html).toContain('Höchstens 20.000 Zeichen; jetzt sind es 20.001.');
    expect(html).toContain('Die meldende Person hat die Meldung eingereicht.');
    const refused = page({
      session: aSession({ language: 'de' }),
      ticket: ACKNOWLEDGED,
      outcome: { kind: 'refused', input: { action: 'acknowledge', values: {} }, reason: { code: 'transition' } },
    });
    expect(visibleText(refused)).toContain('Dieser Schritt ist jetzt nicht möglich: Die Meldung ist „Bestätigt“.');
  });

  it('escapes every text the reporter gave', () => {
    const hostile = aConsoleTicket({
      summary: HOSTILE,
      description: HOSTILE,
      offerId: HOSTILE,
      reporter: { name: HOSTILE, email: HOSTILE, locale: 'de' },
      mitigation: { available: true, steps: HOSTILE },
      history: [{ ...SUBMITTED, note: HOSTILE }],
    });
    const html = page({ ticket: hostile });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toMatch(/\sstyle=/);
  });
});
