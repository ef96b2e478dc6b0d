// The reporter's emails about the thread end to end: an operator's question, message and
// reopening go through the real queue and the queue trigger into the outbox, in the reporter's
// language, read back through a real mail parser. None quotes what anyone wrote; each link opens
// the status page; the reporter's own message is no email to the reporter.

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSubmission } from '../support/builders';
import { startTestHost, type TestHost } from '../support/testHost';
import { OPS_KEY, eventually, notificationEntries, operator, submit } from './notifications.support';

let t: TestHost;
let outbox: string;

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), 'thread-outbox-'));
  t = await startTestHost({ env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: outbox, EMAIL_SENDER: 'DoNotReply@intake.example' } });
});
afterAll(async () => {
  await t?.stop();
  await rm(outbox, { recursive: true, force: true });
});

const QUESTION = 'QUESTION-SECRET: which firmware runs on 10.0.0.7?';

async function emailsFor(n: string): Promise<ParsedMail[]> {
  const names = (await readdir(outbox)).filter((name) => name.endsWith('.eml') && name.includes(`_${n}_`));
  const mails = await Promise.all(names.map(async (name) => simpleParser(await readFile(path.join(outbox, name)))));
  return mails.sort((a, b) => (a.date?.getTime() ?? 0) - (b.date?.getTime() ?? 0));
}

/** Waits until the ticket has `count` emails and returns the one whose subject matches. */
async function emailAbout(n: string, count: number, subject: RegExp): Promise<ParsedMail> {
  const mails = await eventually(`${count} email(s) for ${n}`, async () => {
    const found = await emailsFor(n);
    return found.length >= count ? found : undefined;
  });
  const mail = mails.find((m) => subject.test(m.subject ?? ''));
  expect(mail, `an email "${subject}" among ${mails.map((m) => m.subject).join(' | ')}`).toBeDefined();
  return mail as ParsedMail;
}

function writeAsOperator(n: string, body: unknown): Promise<Response> {
  return t.fetch(`/api/tickets/${n}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${OPS_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The status link of an email, and whether the page it opens answers 200 with that token. */
async function expectWorkingLink(mail: ParsedMail, n: string): Promise<void> {
  const link = /https?:\/\/\S+#token=[^\s"<]+/.exec(mail.text ?? '')?.[0];
  expect(link, 'a status link with #token=').toBeDefined();
  const url = new URL(link as string);
  expect(url.pathname).toBe(`/api/tickets/${n}`);
  const token = decodeURIComponent(new URLSearchParams(url.hash.slice(1)).get('token') ?? '');
  const page = await t.fetch(url.pathname, { headers: { authorization: `Bearer ${token}`, accept: 'text/html' } });
  expect(page.status).toBe(200);
  expect(mail.html).toContain(`href="${link}"`);
}

function expectNothingWritten(mail: ParsedMail, ...texts: string[]): void {
  for (const text of texts) {
    expect(mail.text).not.toContain(text);
    expect(mail.html).not.toContain(text);
    expect(mail.subject).not.toContain(text);
  }
}

describe("the reporter's emails about the thread", () => {
  it('a question, in German: says that something is asked and how to answer, without the question; its link opens the page', async () => {
    const { confirmationNumber: n } = await submit(t, aSubmission({ reporter: { locale: 'de' } }));
    await operator(t, n, 'acknowledge', { priority: 'p2', severity: 'high' });
    expect((await writeAsOperator(n, { body: QUESTION, kind: 'information-request' })).status).toBe(201);
    const mail = await emailAbout(n, 3, /Frage/);
    expect(mail.subject).toBe(`[${n}] Wir haben eine Frage zu Ihrer Meldung`);
    expect(mail.html).toContain('lang="de"');
    expect(mail.text).toContain('So antworten Sie');
    expect(mail.text).toContain('„Ihre Antwort“');
    expect(mail.text).toContain('Wartet auf Ihre Antwort'); // the status, in the status page's words
    expect(mail.text).toContain(n);
    expectNothingWritten(mail, 'QUESTION-SECRET', 'firmware', 'Admin console reachable');
    await expectWorkingLink(mail, n);
    expect(await notificationEntries(t, n)).toContain('notification-sent:information-requested');
  });

  it('a message from the team and a reopening, in English; the reporter is never emailed about their own message', async () => {
    const { confirmationNumber: n, accessToken } = await submit(t, aSubmission({ reporter: { locale: 'en' } }));
    await operator(t, n, 'acknowledge', { priority: 'p3', severity: 'low' });
    await emailAbout(n, 2, /acknowledged/);

    const mine = await t.fetch(`/api/tickets/${n}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'REPORTER-SECRET: it also listens on 8443' }),
    });
    expect(mine.status).toBe(201);
    expect((await writeAsOperator(n, { body: 'MESSAGE-SECRET: thanks, we see it too' })).status).toBe(201);
    const message = await emailAbout(n, 3, /New message/);
    expect(message.subject).toBe(`[${n}] New message about your report`);
    expectNothingWritten(message, 'MESSAGE-SECRET', 'REPORTER-SECRET');
    await expectWorkingLink(message, n);

    await operator(t, n, 'status', { status: 'resolved', outcome: 'mitigated' });
    await operator(t, n, 'status', { status: 'investigating', note: 'REOPEN-SECRET: the fix did not hold' });
    const reopened = await emailAbout(n, 5, /reopened/);
    expect(reopened.subject).toBe(`[${n}] Your report has been reopened`);
    expect(reopened.text).toContain('Under investigation');
    expectNothingWritten(reopened, 'REOPEN-SECRET');
    await expectWorkingLink(reopened, n);

    // Five emails: received, acknowledged, the message, resolved, reopened; none about the reporter's own message.
    const all = await emailsFor(n);
    expect(all).toHaveLength(5);
    expect((await notificationEntries(t, n)).filter((e) => e.endsWith(':message-received'))).toEqual([]);
  });

  it('a file the team added, in German: says a file was added, never its name or content; the reporter is not emailed about their own file', async () => {
    const { confirmationNumber: n, accessToken } = await submit(t, aSubmission({ reporter: { locale: 'de' } }));
    await emailAbout(n, 1, /eingegangen/);
    const add = (authorization: string, name: string, content: string) =>
      t.fetch(`/api/tickets/${n}/attachments`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'text/plain', 'content-disposition': `attachment; filename="${name}"` },
        body: content,
      });
    expect((await add(`Bearer ${accessToken}`, 'REPORTER-FILE.txt', 'REPORTER-CONTENT')).status).toBe(201);
    expect((await add(`Bearer ${OPS_KEY}`, 'TEAM-FILE.txt', 'TEAM-CONTENT')).status).toBe(201);
    const added = await emailAbout(n, 2, /Datei/);
    expect(added.subject).toBe(`[${n}] Ihrer Meldung wurde eine Datei hinzugefügt`);
    expectNothingWritten(added, 'TEAM-FILE', 'TEAM-CONTENT', 'REPORTER-FILE', 'REPORTER-CONTENT');
    await expectWorkingLink(added, n);
    await eventually('the reporter-side email about the team file recorded', async () =>
      (await notificationEntries(t, n)).some((e) => e.endsWith(':attachment-added')),
    );
    expect(await emailsFor(n)).toHaveLength(2); // the confirmation and the team's file; none about the reporter's own
  });
});
