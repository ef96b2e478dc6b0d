// The confirmation email end to end without ACS: a form post through the local host, the real
// Azurite queue, the queue trigger, and one .eml in the outbox that a mail client can open.

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emailOperationId } from '../../src/email/message';
import { OutboxTransport } from '../../src/email/outboxTransport';
import { renderTicketEmail } from '../../src/email/templates';
import { aSubmission, aTicket } from '../support/builders';
import { startTestHost, type TestHost } from '../support/testHost';
import {
  OPS_KEY,
  captureConsole,
  eventually,
  notificationEntries,
  operator,
  parseEml,
  pendingRows,
  storageKeyOf,
  submit,
  type ParsedEmail,
} from './notifications.support';

let t: TestHost;
let outbox: string;
let output: ReturnType<typeof captureConsole>;
const secrets: string[] = [];

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), 'notifications-outbox-'));
  output = captureConsole();
  t = await startTestHost({ env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: outbox, EMAIL_SENDER: 'DoNotReply@intake.example' } });
});
afterAll(async () => {
  await t?.stop();
  output?.restore();
  await rm(outbox, { recursive: true, force: true });
});
afterEach(() => {
  // No log line, of the host or of the app, ever carries a token or the storage key.
  const everything = [...t.logs, ...output.lines].join('\n');
  for (const secret of [...secrets, storageKeyOf(t)]) expect(everything).not.toContain(secret);
});

/** The outbox's finished emails about one ticket (the file name carries the number). */
async function emailsFor(confirmationNumber: string): Promise<string[]> {
  return (await readdir(outbox)).filter((name) => name.endsWith('.eml') && name.includes(`_${confirmationNumber}_`));
}

async function waitForEmails(confirmationNumber: string, count: number): Promise<ParsedEmail[]> {
  const names = await eventually(`${count} email(s) for ${confirmationNumber}`, async () => {
    const found = await emailsFor(confirmationNumber);
    return found.length >= count ? found.sort() : undefined;
  });
  return Promise.all(names.map(async (name) => parseEml(await readFile(path.join(outbox, name), 'utf8'))));
}

function part(email: ParsedEmail, type: 'text/plain' | 'text/html'): string {
  const found = email.parts.find((p) => p.contentType.startsWith(type));
  if (!found) throw new Error(`no ${type} part`);
  return found.body;
}

describe('the confirmation email in the outbox', () => {
  it('arrives within seconds as one complete RFC 5322 message, in English for locale en', async () => {
    const ticket = await submit(t, aSubmission({ reporter: { locale: 'en' } }));
    secrets.push(ticket.accessToken);

    const [email] = await waitForEmails(ticket.confirmationNumber, 1);
    const seconds = (Date.now() - ticket.receivedAt) / 1000;
    process.stdout.write(`201 to .eml: ${seconds.toFixed(2)} s\n`); // a figure for the report
    expect(seconds).toBeLessThan(10);

    const h = email!.headers;
    expect(Date.parse(h.get('date') ?? '')).not.toBeNaN();
    expect(h.get('from')).toBe('DoNotReply@intake.example');
    expect(h.get('to')).toBe('ada@contoso.example'); // the bare address: the name is the submitter's words
    expect(h.get('subject')).toBe(`[${ticket.confirmationNumber}] Security event received`);
    expect(h.get('message-id')).toMatch(/^<[^<>@\s]+@intake\.example>$/);
    expect(h.get('mime-version')).toBe('1.0');
    expect(h.get('content-type')).toMatch(/^multipart\/alternative;/);
    expect(email!.parts.map((p) => p.contentType.split(';')[0])).toEqual(['text/plain', 'text/html']);

    const text = part(email!, 'text/plain');
    expect(text).toContain(`confirmation number ${ticket.confirmationNumber}`);
    expect(text).toContain('What happens next');
    expect(text).toContain(`Please quote the confirmation number ${ticket.confirmationNumber}`);
    expect(part(email!, 'text/html')).toContain('<html lang="en"');

    // Nothing half-written is left behind, and nothing else was written for this ticket.
    expect((await readdir(outbox)).filter((name) => !name.endsWith('.eml'))).toEqual([]);
    expect(await emailsFor(ticket.confirmationNumber)).toHaveLength(1);
  });

  it('is German for locale de', async () => {
    const ticket = await submit(t, aSubmission({ reporter: { name: 'Jörg Müller', email: 'joerg@contoso.example', locale: 'de' } }));
    secrets.push(ticket.accessToken);

    const [email] = await waitForEmails(ticket.confirmationNumber, 1);

    expect(email!.headers.get('subject')).toBe(`[${ticket.confirmationNumber}] Sicherheitsereignis eingegangen`);
    expect(email!.headers.get('to')).toBe('joerg@contoso.example');
    const text = part(email!, 'text/plain');
    expect(text).toContain('Guten Tag,');
    expect(text).toContain(`Bestätigungsnummer ${ticket.confirmationNumber}`);
    expect(text).toContain('Wie es weitergeht');
    expect(part(email!, 'text/html')).toContain('<html lang="de"');
  });

  it('carries a status link with #token= that opens the ticket, as a page and as JSON, the token in no URL the host receives', async () => {
    const ticket = await submit(t, aSubmission({ reporter: { locale: 'en' } }));
    secrets.push(ticket.accessToken);
    const [email] = await waitForEmails(ticket.confirmationNumber, 1);

    const link = /https?:\/\/\S+#token=[^\s"<]+/.exec(part(email!, 'text/plain'))?.[0];
    expect(link).toBeDefined();
    const url = new URL(link!);
    expect(url.pathname).toBe(`/api/tickets/${ticket.confirmationNumber}`);
    // After `#`, never in the query: a browser does not send the fragment, so the host never logs it.
    expect(url.search).toBe('');
    const token = new URLSearchParams(url.hash.slice(1)).get('token')!;
    secrets.push(token);
    // The email's token is its own (made when it was sent; no token waits in a queue), and the
    // one the reporter was shown keeps working beside it.
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token).not.toBe(ticket.accessToken);
    // The same link in the HTML part (HTML-escaped once).
    expect(part(email!, 'text/html')).toContain(`href="${link!.replace(/&/g, '&amp;')}"`);

    // What a browser requests for the link: the path alone. It answers 200 with the page that takes
    // the token from the fragment (or asks for it); the page then sends it as a bearer header.
    const opened = await t.fetch(url.pathname, { headers: { accept: 'text/html' } });
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('id="token-form"');
    const page = await t.fetch(url.pathname, { headers: { accept: 'text/html', authorization: `Bearer ${token}` } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain(ticket.confirmationNumber);
    const json = await t.fetch(url.pathname, { headers: { accept: 'application/json', authorization: `Bearer ${token}` } });
    expect(json.status).toBe(200);
    expect((await json.json()).confirmationNumber).toBe(ticket.confirmationNumber);
  });

  it('is recorded in the history as notification-sent, and the pending row is gone', async () => {
    const ticket = await submit(t, aSubmission());
    secrets.push(ticket.accessToken);
    await waitForEmails(ticket.confirmationNumber, 1);

    expect(
      await eventually('notification-sent', async () => {
        const entries = await notificationEntries(t, ticket.confirmationNumber);
        return entries.length > 0 ? entries : undefined;
      }),
    ).toEqual(['notification-sent:submitted']);
    expect(await pendingRows(t, ticket.confirmationNumber)).toEqual([]);
    // The app's own log line says so (and shows that the log capture of this file works).
    const sent = output.lines.filter((l) => l.includes('"notification sent"') && l.includes(ticket.confirmationNumber));
    expect(sent.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ level: 'info', event: 'submitted' })]);
  });

  it('sends one short update per later change, in the reporter language, and records each', async () => {
    const ticket = await submit(t, aSubmission({ reporter: { locale: 'de' } }));
    secrets.push(ticket.accessToken);
    await waitForEmails(ticket.confirmationNumber, 1);

    await operator(t, ticket.confirmationNumber, 'acknowledge', { priority: 'p2', severity: 'high' });
    await waitForEmails(ticket.confirmationNumber, 2);
    await operator(t, ticket.confirmationNumber, 'status', { status: 'investigating' });
    await waitForEmails(ticket.confirmationNumber, 3);
    await operator(t, ticket.confirmationNumber, 'status', { status: 'resolved', outcome: 'mitigated' });
    const emails = await waitForEmails(ticket.confirmationNumber, 4);

    // One email per event; files written within the same second have no order between them.
    const bySubject = new Map(emails.map((e) => [e.headers.get('subject')?.replace(`[${ticket.confirmationNumber}] `, ''), e]));
    expect([...bySubject.keys()].sort()).toEqual([
      'Sicherheitsereignis abgeschlossen',
      'Sicherheitsereignis bestätigt',
      'Sicherheitsereignis eingegangen',
      'Sicherheitsereignis wird untersucht',
    ]);
    expect(part(bySubject.get('Sicherheitsereignis bestätigt')!, 'text/plain')).toMatch(/Priorität: P2[\s\S]*Schweregrad: hoch/);
    expect(part(bySubject.get('Sicherheitsereignis abgeschlossen')!, 'text/plain')).toContain('Ergebnis: Das Problem wurde entschärft.');
    await eventually('four notification-sent entries', async () => (await notificationEntries(t, ticket.confirmationNumber)).length === 4);
    expect((await notificationEntries(t, ticket.confirmationNumber)).sort()).toEqual(
      ['acknowledged', 'investigating', 'resolved', 'submitted'].map((e) => `notification-sent:${e}`),
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // nothing more trickles in
    expect(await emailsFor(ticket.confirmationNumber)).toHaveLength(4);
  });
});

it('says at start where the emails go', () => {
  expect(output.lines).toContain(`Emails: written as .eml files to ${outbox} (no ACS setting)`);
});

describe('user-written text in the email', () => {
  it('is not in the email at all: the address is unverified, so neither summary nor name is quoted', async () => {
    const summary = `<script>alert("x")</script> Tom & Jerry's "bug"`;
    const ticket = await submit(t, aSubmission({ summary, reporter: { name: `O'Brien & <b>Sons</b>`, locale: 'en' } }));
    secrets.push(ticket.accessToken);

    const [email] = await waitForEmails(ticket.confirmationNumber, 1);
    for (const text of [part(email!, 'text/html'), part(email!, 'text/plain'), email!.rawHeaders]) {
      expect(text).not.toContain('Jerry');
      expect(text).not.toContain('script');
      expect(text).not.toContain('Brien');
      expect(text).not.toContain('Sons');
    }
    expect(part(email!, 'text/plain')).toContain('Hello,');
    // The subject carries the number and the kind of event, never the reporter's words.
    expect(email!.headers.get('subject')).toBe(`[${ticket.confirmationNumber}] Security event received`);
  });

  it('cannot add a header through a line break in the name (refused by the API; harmless in the transport)', async () => {
    const refused = await t.fetch('/api/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aSubmission({ reporter: { name: 'Eve\r\nBcc: victim@evil.example' } })),
    });
    expect(refused.status).toBe(400);

    // Below the API, a ticket that somehow holds such a name still yields one To header and no Bcc.
    const dir = await mkdtemp(path.join(tmpdir(), 'notifications-crlf-'));
    try {
      const name = 'Eve\r\nBcc: victim@evil.example\r\n\r\nInjected body';
      const rendered = renderTicketEmail({
        kind: 'submitted',
        ticket: aTicket({ reporter: { name, email: 'eve@contoso.example', locale: 'en' } }),
        statusUrl: 'http://127.0.0.1:7071/api/tickets/SE-7K2M-9QXH-4TRB#token=t',
        locale: 'en',
      });
      await new OutboxTransport({ dir, sender: 'DoNotReply@intake.example' }).send(
        { to: { address: 'eve@contoso.example', displayName: name }, ...rendered, id: emailOperationId('SE-7K2M-9QXH-4TRB', 'submitted', 'h-0000') },
        {},
      );
      const [file] = (await readdir(dir)).filter((n) => n.endsWith('.eml'));
      const email = parseEml(await readFile(path.join(dir, file!), 'utf8'));
      expect(email.rawHeaders).not.toMatch(/^bcc:/im);
      expect([...email.headers.keys()].filter((k) => k === 'to')).toHaveLength(1);
      expect(email.headers.get('to')).toBe('eve@contoso.example');
      expect(email.rawHeaders).not.toContain('Eve');
      expect(part(email, 'text/plain')).not.toContain('Injected body');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
