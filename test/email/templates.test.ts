import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { audiencesOf } from '../../src/domain/audience';
import { NOTIFIABLE_EVENTS, type Locale } from '../../src/domain/ticket';
import { scoreCvssVector } from '../../src/domain/cvss';
import { PARTIES } from '../../src/domain/vocabulary';
import { emailOperationId } from '../../src/email/message';
import { OutboxTransport } from '../../src/email/outboxTransport';
import { isEmailKind, renderOperatorEmail, renderTicketEmail, type EmailKind } from '../../src/email/templates';
import { aTicket } from '../support/builders';

const STATUS_URL = 'https://intake.example/status/SE-7K2M-9QXH-4TRB#token=tok123';
const PAGE_URL = 'https://intake.example/status/SE-7K2M-9QXH-4TRB';
/** Every event the reporter is emailed about, whoever did it (src/domain/audience.ts decides). */
const REPORTER_BOUND = NOTIFIABLE_EVENTS.filter((event) =>
  [{ event }, ...PARTIES.map((by) => ({ event, by }))].some((entry) => audiencesOf(entry).includes('reporter')),
);
// Each has a template: a reporter-bound event without one fails here, before any test.
const KINDS: EmailKind[] = REPORTER_BOUND.map((event) => {
  if (!isEmailKind(event)) throw new Error(`the reporter is emailed about ${event}, but no template has words for it`);
  return event;
});
const LOCALES: Locale[] = ['de', 'en'];

const resolvedTicket = aTicket({ status: 'resolved', priority: 'p1', severity: 'high', outcome: 'remove-offer' });

function render(kind: EmailKind, locale: Locale, ticket = resolvedTicket, timeZone?: string) {
  return renderTicketEmail({
    kind,
    ticket,
    locale,
    statusUrl: kind === 'submitted' ? STATUS_URL : PAGE_URL,
    ...(timeZone ? { timeZone } : {}),
  });
}

describe('renderTicketEmail', () => {
  it('has a template for every event the reporter is emailed about, and none for an event the reporter never hears of', () => {
    for (const event of REPORTER_BOUND) expect(isEmailKind(event), event).toBe(true);
    for (const event of NOTIFIABLE_EVENTS.filter((e) => !REPORTER_BOUND.includes(e))) expect(isEmailKind(event), event).toBe(false);
    expect(REPORTER_BOUND).toEqual(
      expect.arrayContaining([
        'submitted',
        'acknowledged',
        'investigating',
        'resolved',
        'information-requested',
        'information-reminded',
        'message-sent',
        'reopened',
        'customer-notice-proposed',
        'customer-notice-approved',
      ]),
    );
  });

  it('writes the German confirmation with the number, the deadline in the SLA zone and UTC, the link and the advice to quote the number', () => {
    const email = render('submitted', 'de', aTicket(), 'Europe/Berlin');

    expect(email.subject).toBe('[SE-7K2M-9QXH-4TRB] Sicherheitsereignis eingegangen');
    for (const part of [email.text, email.html]) {
      expect(part).toContain('SE-7K2M-9QXH-4TRB');
      expect(part).toMatch(/Dienstag, 14\. Januar 2025\D+10:30 MEZ \(Europe\/Berlin\)/);
      expect(part).toContain('2025-01-14T09:30:00Z');
      expect(part).toContain('innerhalb eines Werktags');
      expect(part).toContain('Bitte geben Sie die Bestätigungsnummer SE-7K2M-9QXH-4TRB in jeder Nachricht');
      expect(part).toContain('Schwachstelle');
      expect(part).toContain('Guten Tag,');
      expect(part).toContain('Falls Sie diese Meldung nicht abgegeben haben');
    }
    expect(email.text).toContain(STATUS_URL);
    expect(email.html).toContain('href="https://intake.example/status/SE-7K2M-9QXH-4TRB#token=tok123"');
    expect(email.html).toContain('<html lang="de"');
  });

  it('writes the English confirmation with what happens next', () => {
    const email = render('submitted', 'en', aTicket(), 'America/New_York');

    expect(email.subject).toBe('[SE-7K2M-9QXH-4TRB] Security event received');
    expect(email.text).toMatch(/Tuesday,? 14 January 2025\D+04:30 GMT-5 \(America\/New_York\)/);
    expect(email.text).toContain('2025-01-14T09:30:00Z');
    expect(email.text).toContain('within one business day');
    expect(email.text).toContain('assign a priority and a severity');
    expect(email.text).toMatch(/no action needed, the offer is revised, the offer is removed, or the issue is mitigated/);
    expect(email.text).toContain('reduce the impact on customers');
    expect(email.text).toContain('Please quote the confirmation number SE-7K2M-9QXH-4TRB in all correspondence');
    expect(email.html).toContain('<html lang="en"');
  });

  it('shows the deadline in UTC when no SLA zone is given', () => {
    expect(render('submitted', 'en', aTicket()).text).toMatch(/Tuesday,? 14 January 2025\D+09:30 UTC – 2025-01-14T09:30:00Z/);
  });

  it.each(LOCALES)('reports priority and severity on acknowledgement (%s)', (locale) => {
    const email = render('acknowledged', locale, aTicket({ status: 'acknowledged', priority: 'p2', severity: 'critical' }));

    expect(email.subject).toMatch(/^\[SE-7K2M-9QXH-4TRB\] /);
    expect(email.text).toContain('P2');
    expect(email.text).toContain(locale === 'de' ? 'kritisch' : 'critical');
  });

  it.each(LOCALES)('states the outcome in words when resolved (%s)', (locale) => {
    const email = render('resolved', locale);

    expect(email.subject).toBe(locale === 'de' ? '[SE-7K2M-9QXH-4TRB] Sicherheitsereignis abgeschlossen' : '[SE-7K2M-9QXH-4TRB] Security event resolved');
    expect(email.text).toContain(locale === 'de' ? 'Das Angebot wird aus dem Marketplace entfernt.' : 'The offer is being removed from the marketplace.');
  });

  it.each(LOCALES)('presents a link with a token as personal, in any email (%s)', (locale) => {
    const email = renderTicketEmail({ kind: 'acknowledged', ticket: resolvedTicket, locale, statusUrl: STATUS_URL });

    expect(email.text).toContain(STATUS_URL);
    expect(email.text).toContain(locale === 'de' ? 'Der Link ist persönlich' : 'The link is personal');
    expect(email.text).not.toContain(locale === 'de' ? 'ersten E-Mail' : 'first email');
  });

  it.each(LOCALES)('still presents an older link with the token in its query as personal (%s)', (locale) => {
    const email = renderTicketEmail({ kind: 'acknowledged', ticket: resolvedTicket, locale, statusUrl: `${PAGE_URL}?token=tok123` });

    expect(email.text).toContain(locale === 'de' ? 'Der Link ist persönlich' : 'The link is personal');
  });

  it.each(LOCALES)('links later updates to the page without a token and points to the first email (%s)', (locale) => {
    const email = render('investigating', locale);

    expect(email.text).toContain(PAGE_URL);
    expect(email.text).not.toContain('token=');
    expect(email.text).toContain(locale === 'de' ? 'ersten E-Mail' : 'first email');
  });

  describe.each(LOCALES)('in %s', (locale) => {
    it.each(KINDS)('keeps vulnerability details out of every part of the %s email', (kind) => {
      const email = render(kind, locale);
      for (const part of [email.subject, email.text, email.html]) {
        expect(part).not.toContain('SECRET');
        expect(part).not.toContain('CVSS:3.1');
        expect(part).not.toContain('CVE-2021-44228');
        expect(part).not.toContain('jndi');
        expect(part).not.toMatch(/\b10\.0\b|base ?score/i);
      }
      expect(email.text).toContain('SE-7K2M-9QXH-4TRB');
      expect(email.subject).toContain('SE-7K2M-9QXH-4TRB');
      expect(email.text).toMatch(/in all correspondence|in jeder Nachricht/);
    });
  });

  describe('to an address nobody has verified', () => {
    // Whoever submits chooses the recipient: anything they wrote would go to a stranger from our domain.
    const attacker = aTicket({
      offerId: 'www.refund-desk.example',
      summary: 'ATTACKER-SUMMARY <a href="https://evil.example">Your account is locked, call +1 555 0100</a>',
      reporter: { name: 'ATTACKER-NAME Microsoft Support', email: 'victim@contoso.example', locale: 'en' },
      status: 'resolved',
      priority: 'p1',
      severity: 'high',
      outcome: 'mitigated',
    });
    const chosen = ['ATTACKER-SUMMARY', 'Your account is locked', 'evil.example', 'ATTACKER-NAME', 'Microsoft Support', 'refund-desk'];

    describe.each(LOCALES)('in %s', (locale) => {
      it.each(KINDS)("quotes none of the submitter's words in the subject, text or HTML of the %s email", (kind) => {
        const email = render(kind, locale, { ...attacker, reporter: { ...attacker.reporter, locale } });
        for (const part of [email.subject, email.text, email.html]) {
          for (const words of chosen) expect(part).not.toContain(words);
        }
        expect(email.text.split('\n')[0]).toBe(locale === 'de' ? 'Guten Tag,' : 'Hello,');
        expect(email.text).toContain('SE-7K2M-9QXH-4TRB');
      });
    });

    it('says in the first email what to do if the reader did not submit the report', () => {
      expect(render('submitted', 'en', attacker).text).toContain('If you did not submit this report, someone else entered your email address.');
      expect(render('acknowledged', 'en', attacker).text).not.toContain('did not submit');
    });

    it('keeps the name out of the headers too, even when the caller passes it as the display name', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'templates-headers-'));
      try {
        const rendered = render('submitted', 'en', attacker);
        await new OutboxTransport({ dir, sender: 'DoNotReply@intake.example' }).send(
          {
            to: { address: attacker.reporter.email, displayName: attacker.reporter.name },
            ...rendered,
            id: emailOperationId(attacker.confirmationNumber, 'submitted', 'h-0000'),
          },
          {},
        );
        const [file] = (await readdir(dir)).filter((name) => name.endsWith('.eml'));
        const eml = await readFile(path.join(dir, file!), 'utf8');
        const headers = eml.slice(0, eml.indexOf('\r\n\r\n'));
        expect(headers).toMatch(/^To: victim@contoso\.example\r?$/m);
        for (const words of chosen) expect(headers).not.toContain(words);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  it('never puts the summary or a line break into the subject', () => {
    const ticket = aTicket({ summary: 'Injected\r\nBcc: attacker@evil.example', reporter: { name: 'A\r\nB', email: 'a@b.example', locale: 'en' } });
    for (const kind of KINDS) {
      const { subject } = render(kind, 'en', ticket);
      expect(subject).not.toMatch(/[\r\n]/);
      expect(subject).not.toContain('Injected');
    }
    expect(render('submitted', 'en', ticket).text).not.toContain('Injected\r\nBcc');
  });

  it('tells the reporter of the team’s customer notice steps in their language, with the link and no word of the notice', () => {
    const ticket = aTicket({ status: 'investigating', priority: 'p2', severity: 'high' });
    const cases: Array<[EmailKind, Locale, string, RegExp]> = [
      ['customer-notice-proposed', 'en', 'Customer notice: new version proposed', /proposed a new version of the notice to customers/],
      ['customer-notice-proposed', 'de', 'Kundenmitteilung: neue Fassung vorgeschlagen', /neue Fassung der Mitteilung an die Kunden/],
      ['customer-notice-approved', 'en', 'Customer notice approved', /approved your latest version of the notice/],
      ['customer-notice-approved', 'de', 'Kundenmitteilung freigegeben', /Ihre letzte Fassung der Mitteilung an die Kunden zu Ihrer Meldung freigegeben/],
    ];
    for (const [kind, locale, subject, intro] of cases) {
      const email = renderTicketEmail({ kind, ticket, locale, statusUrl: STATUS_URL });
      expect(email.subject).toBe(`[SE-7K2M-9QXH-4TRB] ${subject}`);
      expect(email.text).toMatch(intro);
      expect(email.text).toContain(STATUS_URL);
      expect(email.html).toContain(`lang="${locale}"`);
      // The status is the ticket's; the notice's text and the triage facts stay out.
      expect(email.text).toMatch(locale === 'de' ? /Status: In Untersuchung/ : /Status: Under investigation/);
      for (const part of [email.subject, email.text, email.html]) {
        expect(part).not.toContain('NOTIFICATION-SECRET');
        expect(part).not.toMatch(/P2|Priorit/);
      }
    }
  });

  it('refuses a status link that is not http(s)', () => {
    expect(() => renderTicketEmail({ kind: 'submitted', ticket: aTicket(), locale: 'en', statusUrl: 'javascript:alert(1)' })).toThrow(/http/);
  });
});

describe("the thread's emails", () => {
  const waiting = aTicket({
    status: 'awaiting-reporter',
    priority: 'p2',
    severity: 'high',
    thread: { recent: { reporter: [], operator: [] }, openRequest: { messageId: 'm1', eventId: 'e2', at: '2025-01-14T09:30:00.000Z' } },
  } as Parameters<typeof aTicket>[0]);
  const THREAD_KINDS = ['information-requested', 'information-reminded', 'message-sent', 'reopened'] as const;
  const SUBJECTS: Record<Locale, Record<(typeof THREAD_KINDS)[number], string>> = {
    en: {
      'information-requested': 'We have a question about your report',
      'information-reminded': 'Reminder: we are waiting for your answer',
      'message-sent': 'New message about your report',
      reopened: 'Your report has been reopened',
    },
    de: {
      'information-requested': 'Wir haben eine Frage zu Ihrer Meldung',
      'information-reminded': 'Erinnerung: Wir warten auf Ihre Antwort',
      'message-sent': 'Neue Nachricht zu Ihrer Meldung',
      reopened: 'Ihre Meldung wurde wieder geöffnet',
    },
  };

  for (const locale of LOCALES) {
    for (const kind of THREAD_KINDS) {
      it(`${kind} in ${locale}: the number in the subject, the link, and nothing of the report`, () => {
        const email = renderTicketEmail({ kind, ticket: waiting, locale, statusUrl: STATUS_URL });
        expect(email.subject).toBe(`[SE-7K2M-9QXH-4TRB] ${SUBJECTS[locale][kind]}`);
        for (const part of [email.text, email.html]) {
          expect(part).toContain('SE-7K2M-9QXH-4TRB');
          expect(part).toContain('#token=tok123');
          for (const secret of ['DESCRIPTION-SECRET', 'STEPS-SECRET', 'NOTIFICATION-SECRET', 'Remote code execution', 'Ada', 'contoso-firewall']) {
            expect(part).not.toContain(secret);
          }
        }
        expect(email.html).toContain(`lang="${locale}"`);
      });
    }

    it(`a question and its reminder in ${locale} say how to answer, step by step`, () => {
      for (const kind of ['information-requested', 'information-reminded'] as const) {
        const { text, html } = renderTicketEmail({ kind, ticket: waiting, locale, statusUrl: STATUS_URL });
        expect(text).toContain(locale === 'de' ? 'So antworten Sie' : 'How to answer');
        expect(text).toContain(locale === 'de' ? '1. Öffnen Sie die Statusseite' : '1. Open the status page');
        expect(html).toContain('<ol');
        expect(text).toContain(locale === 'de' ? 'Wartet auf Ihre Antwort' : 'Waiting for your answer');
      }
      const message = renderTicketEmail({ kind: 'message-sent', ticket: waiting, locale, statusUrl: STATUS_URL });
      expect(message.text).not.toContain(locale === 'de' ? 'So antworten Sie' : 'How to answer');
    });
  }
});

describe('the operators\u2019 email gives the CVSS score of the whole vector', () => {
  function withVector(cvssVector: string) {
    const result = scoreCvssVector(cvssVector);
    if (!result.ok) throw new Error(result.message);
    const ticket = aTicket({ cvssVector, cvss: result.score });
    return renderOperatorEmail({ kind: 'submitted', ticket, ticketUrl: 'https://intake.example/api/tickets/SE-7K2M-9QXH-4TRB' }).text;
  }

  it('as the base score alone for a base vector', () => {
    expect(withVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H')).toContain('CVSS severity: 10.0, critical (CVSS 3.1)\n');
  });

  it('with the base score beside when environmental metrics lower it (3.1)', () => {
    const text = withVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/IR:L/AR:L/MAV:L');
    expect(text).toContain('CVSS severity: 6.6, medium (CVSS 3.1); base score 9.8, critical');
    expect(text).toContain('medium-severity vulnerability');
  });

  it('with the nomenclature and the base score for a threat metric (4.0, E:U)', () => {
    const text = withVector('CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U');
    expect(text).toContain('CVSS severity: 5.2, medium (CVSS 4.0, CVSS-BT); base score 7.7, high');
  });
});
