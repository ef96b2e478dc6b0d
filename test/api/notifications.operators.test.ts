// Operators hear of every report at once: a TicketSubmitted line and an email to OPS_NOTIFY_EMAIL
// for each new ticket, a ReporterReplied line and an email for what the reporter did, each exactly
// once however often its queue message arrives, through the local host against real Azurite, the
// emails read from the outbox with a real mail parser. None of them carries report text.

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src/domain/ticket';
import { TableTicketStore } from '../../src/storage/ticketStore';
import { TEST_ENTRY, useServices } from '../support/app';
import { aSubmission } from '../support/builders';
import { startTestHost, type TestHost } from '../support/testHost';
import {
  OPS_KEY,
  alertsIn,
  captureConsole,
  drained,
  eventually,
  historyOf,
  operator,
  putMessage,
  submit,
  tickets,
  type Submitted,
} from './notifications.support';

const OPS_MAILBOX = 'security-team@intake.example';
const LIMIT = 3;
const BASE = 'https://intake.example';

let t: TestHost;
let outbox: string;
let output: ReturnType<typeof captureConsole>;

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), 'operators-outbox-'));
  output = captureConsole();
  t = await startTestHost({
    entryPoints: [TEST_ENTRY],
    env: {
      OPS_API_KEY: OPS_KEY,
      EMAIL_OUTBOX_DIR: outbox,
      OPS_NOTIFY_EMAIL: OPS_MAILBOX,
      PUBLIC_BASE_URL: BASE,
      EMAIL_HOURLY_LIMIT_PER_RECIPIENT: String(LIMIT),
    },
  });
});
afterAll(async () => {
  await t?.stop();
  output?.restore();
  await rm(outbox, { recursive: true, force: true });
});

let reporters = 0;
/** A report from an address of its own: the recipient limit of this file is small. */
function aReport(overrides: Record<string, unknown> = {}) {
  reporters++;
  return aSubmission({
    category: 'vulnerability',
    summary: 'SUMMARY-SECRET remote code execution',
    description: 'DESCRIPTION-SECRET: send ${jndi:ldap://x} to /admin',
    cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
    mitigation: { available: true, steps: 'STEPS-SECRET disable lookups' },
    customerNotification: { requested: true, message: 'NOTICE-SECRET draft' },
    reporter: { name: 'REPORTER-SECRET Ada', email: `ada+${reporters}@contoso.example`, locale: 'en' },
    ...overrides,
  });
}
const SECRETS = ['SUMMARY-SECRET', 'DESCRIPTION-SECRET', 'STEPS-SECRET', 'NOTICE-SECRET', 'REPORTER-SECRET', 'ada+', 'contoso.example'];

interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Every finished email about one ticket, parsed as a mail client would. */
async function mailsFor(confirmationNumber: string): Promise<Mail[]> {
  const names = (await readdir(outbox)).filter((name) => name.endsWith('.eml') && name.includes(`_${confirmationNumber}_`));
  const parsed: ParsedMail[] = await Promise.all(names.map(async (name) => simpleParser(await readFile(path.join(outbox, name)))));
  return parsed.map((m) => ({
    to: Array.isArray(m.to) ? m.to.map((a) => a.text).join(', ') : (m.to?.text ?? ''),
    subject: m.subject ?? '',
    text: m.text ?? '',
    html: typeof m.html === 'string' ? m.html : '',
  }));
}

const toOperators = async (n: string) => (await mailsFor(n)).filter((m) => m.to === OPS_MAILBOX);
const toReporter = async (n: string) => (await mailsFor(n)).filter((m) => m.to !== OPS_MAILBOX);

async function waitForMails(n: string, operators: number, reporter: number): Promise<void> {
  await eventually(`${operators} operators' and ${reporter} reporter's emails for ${n}`, async () => {
    const all = await mailsFor(n);
    return all.filter((m) => m.to === OPS_MAILBOX).length >= operators && all.filter((m) => m.to !== OPS_MAILBOX).length >= reporter;
  });
}

/** Appends a history entry as the correspondence does (its endpoints are other parts' work) and queues its notification. */
async function reporterStep(n: string, entry: Omit<HistoryEntry, 'at' | 'status'>): Promise<{ eventId: string; message: Record<string, string> }> {
  const store = new TableTicketStore(tickets(t));
  const stored = await store.get(n);
  if (!stored) throw new Error(`no ticket ${n}`);
  const at = new Date().toISOString();
  const eventId = await store.update(stored, stored.ticket, { at, status: stored.ticket.status, ...entry });
  const message = { confirmationNumber: n, event: entry.event, eventId, queuedAt: at };
  await putMessage(t, 'ticket-notifications', message);
  return { eventId, message };
}

describe('a new ticket', () => {
  let ticket: Submitted;
  beforeAll(async () => {
    ticket = await submit(t, aReport());
    await waitForMails(ticket.confirmationNumber, 1, 1);
  });

  it('is one TicketSubmitted line with number, category, CVSS severity and offer, and no report text', async () => {
    const lines = alertsIn(output.lines, 'TicketSubmitted', ticket.confirmationNumber);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'alert',
        alert: 'TicketSubmitted',
        confirmationNumber: ticket.confirmationNumber,
        category: 'vulnerability',
        severity: 'critical',
        offerId: 'contoso-firewall',
      }),
    ]);
    const line = output.lines.find((l) => l.includes('"TicketSubmitted"') && l.includes(ticket.confirmationNumber))!;
    for (const secret of SECRETS) expect(line).not.toContain(secret);
  });

  it('emails the operators once: severity, category, offer and their link to the ticket, no report text and no token', async () => {
    const [mail, ...more] = await toOperators(ticket.confirmationNumber);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe(`[${ticket.confirmationNumber}] New security event`);
    expect(mail!.text).toContain('A new security event was reported: critical-severity vulnerability.');
    expect(mail!.text).toContain('Category: Vulnerability');
    expect(mail!.text).toContain('CVSS severity: 10.0, critical (CVSS 3.1)');
    expect(mail!.text).toContain('Offer: contoso-firewall');
    expect(mail!.text).toContain(`${BASE}/api/tickets/${ticket.confirmationNumber}`);
    expect(mail!.html).toContain(`href="${BASE}/api/tickets/${ticket.confirmationNumber}"`);
    for (const part of [mail!.text, mail!.html, mail!.subject]) {
      for (const secret of SECRETS) expect(part).not.toContain(secret);
      expect(part).not.toContain('token');
      expect(part).not.toContain(ticket.accessToken);
    }
    // The reporter's confirmation is as before, and the history tells only of it.
    expect(await toReporter(ticket.confirmationNumber)).toHaveLength(1);
    const emails = (await historyOf(t, ticket.confirmationNumber)).filter((h) => h.event.startsWith('notification-'));
    expect(emails).toEqual([expect.objectContaining({ event: 'notification-sent', about: 'submitted' })]);
  });

  it('is announced and emailed once however often its confirmation message arrives', async () => {
    const message = { confirmationNumber: ticket.confirmationNumber, event: 'submitted', eventId: 'e0', queuedAt: new Date().toISOString() };
    await Promise.all([putMessage(t, 'ticket-notifications', message), putMessage(t, 'ticket-notifications', message)]);
    await drained(t, 'ticket-notifications');
    await putMessage(t, 'ticket-notifications', { ...message, audience: 'operators' });
    await drained(t, 'ticket-notifications');
    expect(alertsIn(output.lines, 'TicketSubmitted', ticket.confirmationNumber)).toHaveLength(1);
    expect(await toOperators(ticket.confirmationNumber)).toHaveLength(1);
    expect(await toReporter(ticket.confirmationNumber)).toHaveLength(1);
  });

  it('is announced once when the submission is retried with its Idempotency-Key', async () => {
    const body = JSON.stringify(aReport());
    const post = () =>
      t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `ops-${reporters}` }, body });
    const first = await post();
    expect(first.status).toBe(201);
    const { confirmationNumber } = (await first.json()) as { confirmationNumber: string };
    await waitForMails(confirmationNumber, 1, 1);
    const again = await post();
    expect(again.status).toBe(200);
    await drained(t, 'ticket-notifications');
    expect(alertsIn(output.lines, 'TicketSubmitted', confirmationNumber)).toHaveLength(1);
    expect(await toOperators(confirmationNumber)).toHaveLength(1);
  });
});

describe('a new ticket whose vector says more than its base', () => {
  it('is announced with the severity of the whole vector', async () => {
    // Base 10.0 critical; exploit code unproven and an official fix: 8.7, high.
    const ticket = await submit(t, aReport({ cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/E:U/RL:O' }));
    await waitForMails(ticket.confirmationNumber, 1, 1);
    expect(alertsIn(output.lines, 'TicketSubmitted', ticket.confirmationNumber)).toEqual([expect.objectContaining({ severity: 'high' })]);
    const [mail] = await toOperators(ticket.confirmationNumber);
    expect(mail!.text).toContain('CVSS severity: 8.7, high (CVSS 3.1); base score 10.0, critical');
  });
});

describe('what the reporter did', () => {
  it('a message: one ReporterReplied line and one email to the operators, none to the reporter, whatever the redeliveries', async () => {
    const ticket = await submit(t, aReport({ category: 'incident', cvssVector: undefined }));
    await waitForMails(ticket.confirmationNumber, 1, 1);
    const { message } = await reporterStep(ticket.confirmationNumber, { event: 'message-received' });
    await waitForMails(ticket.confirmationNumber, 2, 1);
    await putMessage(t, 'ticket-notifications', message);
    await drained(t, 'ticket-notifications');

    expect(alertsIn(output.lines, 'ReporterReplied', ticket.confirmationNumber)).toEqual([
      expect.objectContaining({
        confirmationNumber: ticket.confirmationNumber,
        category: 'incident',
        severity: null,
        offerId: 'contoso-firewall',
        event: 'message-received',
      }),
    ]);
    const mails = await toOperators(ticket.confirmationNumber);
    expect(mails.map((m) => m.subject).sort()).toEqual([
      `[${ticket.confirmationNumber}] New security event`,
      `[${ticket.confirmationNumber}] The reporter wrote a message`,
    ]);
    const reply = mails.find((m) => m.subject.endsWith('wrote a message'))!;
    expect(reply.text).toContain('CVSS severity: no vector given');
    for (const secret of SECRETS) expect(reply.text + reply.html).not.toContain(secret);
    expect(await toReporter(ticket.confirmationNumber)).toHaveLength(1);
  });

  it('a customer notice proposed and approved by the reporter goes to the operators; one the team proposed does not', async () => {
    const ticket = await submit(t, aReport());
    await operator(t, ticket.confirmationNumber, 'acknowledge', { priority: 'p2' });
    await waitForMails(ticket.confirmationNumber, 1, 2);
    await reporterStep(ticket.confirmationNumber, { event: 'customer-notice-proposed', by: 'reporter' });
    await reporterStep(ticket.confirmationNumber, { event: 'customer-notice-proposed', by: 'operator' });
    await reporterStep(ticket.confirmationNumber, { event: 'customer-notice-approved', by: 'reporter' });
    await waitForMails(ticket.confirmationNumber, 3, 2);
    await drained(t, 'ticket-notifications');

    const subjects = (await toOperators(ticket.confirmationNumber)).map((m) => m.subject.replace(`[${ticket.confirmationNumber}] `, '')).sort();
    expect(subjects).toEqual(['New security event', 'The reporter approved the customer notice', 'The reporter proposed a customer notice']);
    expect(alertsIn(output.lines, 'ReporterReplied', ticket.confirmationNumber).map((a) => a.event)).toEqual(
      expect.arrayContaining(['customer-notice-proposed', 'customer-notice-approved']),
    );
    expect(alertsIn(output.lines, 'ReporterReplied', ticket.confirmationNumber)).toHaveLength(2);
  });

  it('a forged message naming the operators for an operator\u2019s step is dropped', async () => {
    const ticket = await submit(t, aReport());
    await operator(t, ticket.confirmationNumber, 'acknowledge', { priority: 'p3' });
    await waitForMails(ticket.confirmationNumber, 1, 2);
    await putMessage(t, 'ticket-notifications', {
      confirmationNumber: ticket.confirmationNumber,
      event: 'acknowledged',
      eventId: 'e1',
      queuedAt: new Date().toISOString(),
      audience: 'operators',
    });
    await drained(t, 'ticket-notifications');
    expect(await toOperators(ticket.confirmationNumber)).toHaveLength(1);
    expect(alertsIn(output.lines, 'ReporterReplied', ticket.confirmationNumber)).toEqual([]);
  });
});

describe('the recipient limit', () => {
  it('holds back the reporter\u2019s emails beyond it, never the operators\u2019 mailbox, and tells the operators by email too', async () => {
    const victim = { name: 'Someone Else', email: 'victim@elsewhere.example', locale: 'en' };
    const numbers = (await Promise.all(Array.from({ length: LIMIT + 2 }, () => submit(t, aReport({ reporter: victim }))))).map((s) => s.confirmationNumber);
    for (const n of numbers) await waitForMails(n, 1, 0);
    await eventually('every confirmation decided', async () => {
      const histories = await Promise.all(numbers.map((n) => historyOf(t, n)));
      return histories.every((h) => h.some((e) => e.event === 'notification-sent' || e.event === 'notification-held-back'));
    });
    await drained(t, 'ticket-notifications');
    const newTicketMails = await Promise.all(numbers.map(async (n) => (await toOperators(n)).filter((m) => m.subject.endsWith('New security event')).length));
    expect(newTicketMails).toEqual(numbers.map(() => 1));
    const reporterMails = (await Promise.all(numbers.map(toReporter))).flat();
    expect(reporterMails).toHaveLength(LIMIT);
    const notices = (await Promise.all(numbers.map(toOperators))).flat().filter((m) => m.subject.endsWith('An email to the reporter was held back'));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text + notices[0]!.html).not.toContain('victim@elsewhere.example');
  });
});

describe('without OPS_NOTIFY_EMAIL', () => {
  it('still writes the TicketSubmitted line, once, and emails only the reporter', async () => {
    useServices({ env: { ...process.env, OPS_NOTIFY_EMAIL: '' } });
    const ticket = await submit(t, aReport());
    await waitForMails(ticket.confirmationNumber, 0, 1);
    await drained(t, 'ticket-notifications');
    expect(alertsIn(output.lines, 'TicketSubmitted', ticket.confirmationNumber)).toHaveLength(1);
    expect(await toOperators(ticket.confirmationNumber)).toEqual([]);
  });
});
