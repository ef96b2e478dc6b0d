// The customer notice drafted together, through the local host against Azurite with the queue
// worker running: version 1 from the submission, proposals on the latest version, approval by the
// other side, every rule's refusal (nothing stored, nothing emailed), two proposals at once, and
// the reporter's emails read from the outbox through a real mail parser.

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_PROPOSALS_PER_HOUR } from '../../src/domain/customerNotice';
import { aSubmission } from '../support/builders';
import { csrfOf } from '../support/statusPage';
import { startTestHost, type TestHost } from '../support/testHost';
import { OPS_KEY, drained, eventually, historyOf, pendingRows, submit, type Submitted } from './notifications.support';

let t: TestHost;
let outbox: string;

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), 'customer-notice-outbox-'));
  t = await startTestHost({ env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: outbox, EMAIL_SENDER: 'DoNotReply@intake.example' } });
});
afterAll(async () => {
  await t?.stop();
  await rm(outbox, { recursive: true, force: true });
});

const DRAFT = 'Dear customers,\nplease update the firewall appliance to version 4.2 now.';
const OPERATOR = { authorization: `Bearer ${OPS_KEY}` };
const reporter = (ticket: Submitted) => ({ authorization: `Bearer ${ticket.accessToken}` });

interface NoticeBody {
  status: string;
  version: number;
  text: string | null;
  proposedBy: string | null;
  proposedAt: string | null;
  approvedBy?: string;
  approvedAt?: string;
  versions: Array<{ version: number; text: string; proposedBy: string; proposedAt: string }>;
}

/** A ticket whose submission asked for a customer notice, with `message` as its draft (null: none). */
async function withDraft(locale: 'de' | 'en' = 'en', message: string | null = DRAFT): Promise<Submitted> {
  return submit(t, aSubmission({ reporter: { locale }, customerNotification: { requested: true, ...(message === null ? {} : { message }) } }));
}

function getNotice(n: string, headers: Record<string, string>): Promise<Response> {
  return t.fetch(`/api/tickets/${n}/customer-notice`, { headers });
}

async function notice(n: string, headers: Record<string, string> = OPERATOR): Promise<NoticeBody> {
  const res = await getNotice(n, headers);
  expect(res.status).toBe(200);
  return (await res.json()) as NoticeBody;
}

function propose(n: string, headers: Record<string, string>, body: unknown): Promise<Response> {
  return t.fetch(`/api/tickets/${n}/customer-notice`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function approve(n: string, headers: Record<string, string>, body: unknown): Promise<Response> {
  return t.fetch(`/api/tickets/${n}/customer-notice/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function expectProblem(res: Response, status: number, title: string | RegExp): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await res.json()) as Record<string, unknown>;
  expect(problem.status).toBe(status);
  expect(problem.title).toMatch(title);
  return problem;
}

async function noticeEvents(n: string): Promise<string[]> {
  return (await historyOf(t, n)).filter((h) => h.event.startsWith('customer-notice-')).map((h) => `${h.event}:${(h as { by?: string }).by ?? ''}`);
}

/** The outbox's emails about one ticket, parsed by mailparser. */
async function emailsFor(n: string): Promise<ParsedMail[]> {
  const names = (await readdir(outbox)).filter((name) => name.endsWith('.eml') && name.includes(`_${n}_`));
  return Promise.all(names.map(async (name) => simpleParser(await readFile(path.join(outbox, name)))));
}

function withSubject(mails: ParsedMail[], subject: string): ParsedMail {
  const found = mails.find((m) => m.subject === subject);
  if (!found) throw new Error(`no email "${subject}" among ${mails.map((m) => m.subject).join(', ')}`);
  return found;
}

async function waitForEmails(n: string, count: number): Promise<ParsedMail[]> {
  return eventually(`${count} email(s) for ${n}`, async () => {
    const mails = await emailsFor(n);
    return mails.length >= count ? mails : undefined;
  });
}

/** Every queued email of the ticket has been handled: sent, or dropped as not the reporter's to hear of. */
async function settled(n: string): Promise<void> {
  await drained(t, 'ticket-notifications');
  await eventually(`no pending email rows for ${n}`, async () => (await pendingRows(t, n)).length === 0);
}

describe('version 1 is the submission’s draft', () => {
  it('is proposed by the reporter when the ticket was submitted', async () => {
    const ticket = await withDraft();
    const body = await notice(ticket.confirmationNumber, reporter(ticket));
    const submittedAt = ((await (await t.fetch(`/api/tickets/${ticket.confirmationNumber}`, { headers: OPERATOR })).json()) as { submittedAt: string })
      .submittedAt;
    expect(body).toEqual({
      status: 'proposed',
      version: 1,
      text: DRAFT,
      proposedBy: 'reporter',
      proposedAt: submittedAt,
      versions: [{ version: 1, text: DRAFT, proposedBy: 'reporter', proposedAt: submittedAt }],
    });
  });

  it('is absent without a draft: status none, and the first proposal is version 1 on top of version 0', async () => {
    const ticket = await withDraft('en', null);
    expect(await notice(ticket.confirmationNumber)).toEqual({ status: 'none', version: 0, text: null, proposedBy: null, proposedAt: null, versions: [] });
    await expectProblem(await approve(ticket.confirmationNumber, reporter(ticket), { version: 1 }), 409, 'Not the latest version');

    const res = await propose(ticket.confirmationNumber, OPERATOR, { text: 'We fixed it.', basedOnVersion: 0 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as NoticeBody;
    expect(body).toMatchObject({ status: 'proposed', version: 1, text: 'We fixed it.', proposedBy: 'operator' });
  });
});

describe('both sides settle a notice in two versions', () => {
  it('the operator proposes version 2, the reporter is emailed in German, approves it, and the team hears of it (not the reporter)', async () => {
    const ticket = await withDraft('de');
    const n = ticket.confirmationNumber;
    const v2 = 'Sehr geehrte Kundinnen und Kunden,\nbitte aktualisieren Sie die Firewall noch heute auf Version 4.2.';

    const proposed = await propose(n, OPERATOR, { text: v2, basedOnVersion: 1 });
    expect(proposed.status).toBe(200);
    expect(await proposed.json()).toMatchObject({ status: 'proposed', version: 2, text: v2, proposedBy: 'operator' });

    const seen = await notice(n, reporter(ticket));
    expect(seen.versions.map((v) => [v.version, v.proposedBy])).toEqual([
      [1, 'reporter'],
      [2, 'operator'],
    ]);

    const approved = await approve(n, reporter(ticket), { version: 2 });
    expect(approved.status).toBe(200);
    const body = (await approved.json()) as NoticeBody;
    expect(body).toMatchObject({ status: 'approved', version: 2, text: v2, proposedBy: 'operator', approvedBy: 'reporter' });
    expect(Date.parse(body.approvedAt ?? '')).not.toBeNaN();
    expect(await noticeEvents(n)).toEqual(['customer-notice-proposed:operator', 'customer-notice-approved:reporter']);

    // The confirmation and the operator's proposal reach the reporter; their own approval does not.
    await settled(n);
    const mails = await waitForEmails(n, 2);
    expect(mails).toHaveLength(2);
    const mail = withSubject(mails, `[${n}] Kundenmitteilung: neue Fassung vorgeschlagen`);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('ada@contoso.example');
    expect(mail.text).toContain('neue Fassung der Mitteilung an die Kunden');
    expect(mail.html || '').toContain('lang="de"');
    // The link carries the token after #, and the email carries no word of the notice.
    expect(mail.text).toMatch(new RegExp(`/api/tickets/${n}#token=[A-Za-z0-9_-]{43}`));
    for (const words of ['aktualisieren', 'Firewall noch heute', 'please update']) {
      expect(mail.text).not.toContain(words);
      expect(mail.html || '').not.toContain(words);
    }
  });

  it('an approval by the operator of the reporter’s version emails the reporter in English', async () => {
    const ticket = await withDraft('en');
    const n = ticket.confirmationNumber;
    expect((await approve(n, OPERATOR, { version: 1 })).status).toBe(200);
    expect(await noticeEvents(n)).toEqual(['customer-notice-approved:operator']);
    const mails = await waitForEmails(n, 2);
    const mail = withSubject(mails, `[${n}] Customer notice approved`);
    expect(mail.text).toContain('We have approved your latest version of the notice to customers');
    expect(mail.text).not.toContain('firewall appliance');
  });
});

describe('refusals: a clear problem, nothing stored, nothing emailed', () => {
  /** The notice, its history and the emails queued for it do not change across `act`. */
  async function unchanged(n: string, act: () => Promise<void>): Promise<void> {
    await settled(n);
    const before = { notice: await notice(n), history: await historyOf(t, n), mails: (await emailsFor(n)).length };
    await act();
    expect(await pendingRows(t, n)).toEqual([]);
    await settled(n);
    expect(await notice(n)).toEqual(before.notice);
    expect(await historyOf(t, n)).toEqual(before.history);
    expect((await emailsFor(n)).length).toBe(before.mails);
  }

  it('a proposal on a version that is not the latest: 409', async () => {
    const ticket = await withDraft();
    const n = ticket.confirmationNumber;
    expect((await propose(n, OPERATOR, { text: 'Version two', basedOnVersion: 1 })).status).toBe(200);
    await unchanged(n, async () => {
      const problem = await expectProblem(
        await propose(n, reporter(ticket), { text: 'My edit of version one', basedOnVersion: 1 }),
        409,
        'Stale customer notice version',
      );
      expect(problem.detail).toMatch(/latest is version 2/);
      await expectProblem(await propose(n, reporter(ticket), { text: 'From the future', basedOnVersion: 7 }), 409, 'Stale customer notice version');
    });
  });

  it('an approval by the side that proposed the version: 409', async () => {
    const ticket = await withDraft();
    const n = ticket.confirmationNumber;
    await unchanged(n, async () => {
      await expectProblem(await approve(n, reporter(ticket), { version: 1 }), 409, 'Approval by the proposer');
    });
    expect((await propose(n, OPERATOR, { text: 'Version two', basedOnVersion: 1 })).status).toBe(200);
    await unchanged(n, async () => {
      await expectProblem(await approve(n, OPERATOR, { version: 2 }), 409, 'Approval by the proposer');
    });
  });

  it('an approval of a version that is not the latest, or of one approved already: 409', async () => {
    const ticket = await withDraft();
    const n = ticket.confirmationNumber;
    expect((await propose(n, OPERATOR, { text: 'Version two', basedOnVersion: 1 })).status).toBe(200);
    await unchanged(n, async () => {
      await expectProblem(await approve(n, OPERATOR, { version: 1 }), 409, 'Not the latest version');
      await expectProblem(await approve(n, reporter(ticket), { version: 3 }), 409, 'Not the latest version');
    });
    expect((await approve(n, reporter(ticket), { version: 2 })).status).toBe(200);
    await unchanged(n, async () => {
      await expectProblem(await approve(n, reporter(ticket), { version: 2 }), 409, 'Version already approved');
      await expectProblem(await approve(n, OPERATOR, { version: 2 }), 409, 'Version already approved');
    });
  });

  it('another ticket’s token: 404 for reading, proposing and approving, as for an unknown number', async () => {
    const mine = await withDraft();
    const other = await withDraft();
    const n = mine.confirmationNumber;
    await unchanged(n, async () => {
      await expectProblem(await getNotice(n, reporter(other)), 404, 'Ticket not found');
      await expectProblem(await propose(n, reporter(other), { text: 'Hijacked', basedOnVersion: 1 }), 404, 'Ticket not found');
      await expectProblem(await approve(n, reporter(other), { version: 1 }), 404, 'Ticket not found');
    });
    await expectProblem(await getNotice(n, {}), 401, 'Authentication required');
    await expectProblem(await propose(n, {}, { text: 'Anonymous', basedOnVersion: 1 }), 401, 'Authentication required');
  });

  it('empty, blank, oversized or broken text, and a malformed base: 400 naming the field', async () => {
    const ticket = await withDraft();
    const n = ticket.confirmationNumber;
    await unchanged(n, async () => {
      const cases: Array<[unknown, string, RegExp]> = [
        [{ text: '', basedOnVersion: 1 }, 'text', /required/],
        [{ text: ' \n\t ', basedOnVersion: 1 }, 'text', /blank/],
        [{ text: 'x'.repeat(20_001), basedOnVersion: 1 }, 'text', /at most 20000 characters long; it has 20001/],
        [{ text: 'broken \ud800 text', basedOnVersion: 1 }, 'text', /not valid Unicode/],
        [{ text: 42, basedOnVersion: 1 }, 'text', /must be text/],
        [{ basedOnVersion: 1 }, 'text', /must be text/],
        [{ text: 'Fine', basedOnVersion: -1 }, 'basedOnVersion', /at least 0/],
        [{ text: 'Fine', basedOnVersion: 1.5 }, 'basedOnVersion', /whole number/],
        [{ text: 'Fine', basedOnVersion: '1' }, 'basedOnVersion', /whole number/],
        [{ text: 'Fine' }, 'basedOnVersion', /whole number/],
        [{ text: 'Fine', basedOnVersion: 1, by: 'operator' }, '', /Unknown field/],
      ];
      for (const [body, field, message] of cases) {
        const problem = await expectProblem(await propose(n, reporter(ticket), body), 400, 'Invalid request');
        const errors = problem.errors as Array<{ path: string; message: string }>;
        expect(errors[0]?.path, JSON.stringify(body).slice(0, 80)).toBe(field);
        expect(errors[0]?.message).toMatch(message);
      }
      await expectProblem(await propose(n, reporter(ticket), '{"text": "unfinished'), 400, 'Invalid JSON');
      await expectProblem(await approve(n, OPERATOR, { version: 0 }), 400, 'Invalid request');
      await expectProblem(await approve(n, OPERATOR, {}), 400, 'Invalid request');
      const asText = await t.fetch(`/api/tickets/${n}/customer-notice`, {
        method: 'PUT',
        headers: { 'content-type': 'text/plain', ...OPERATOR },
        body: 'Hello',
      });
      await expectProblem(asText, 415, 'Unsupported media type');
      await expectProblem(await propose(n, OPERATOR, { text: 'x'.repeat(70_000), basedOnVersion: 1 }), 413, 'Payload too large');
    });
  });

  it('takes 20,000 characters, astral ones too, exactly as sent', async () => {
    const ticket = await withDraft();
    const n = ticket.confirmationNumber;
    const text = `${'ä'.repeat(19_998)}🛡️`; // 19,998 + 2 code points (U+1F6E1 U+FE0F)
    const res = await propose(n, reporter(ticket), { text, basedOnVersion: 1 });
    expect(res.status).toBe(200);
    expect((await notice(n)).text).toBe(text);
  });

  it('keeps HTML and script as text: the JSON has it as sent, the status page shows it escaped', async () => {
    const ticket = await withDraft();
    const n = ticket.confirmationNumber;
    const text = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"';
    expect((await propose(n, OPERATOR, { text, basedOnVersion: 1 })).status).toBe(200);
    expect((await notice(n, reporter(ticket))).text).toBe(text);
    const page = await (await t.fetch(`/api/tickets/${n}`, { headers: { accept: 'text/html', ...reporter(ticket) } })).text();
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });
});

describe('the status page’s forms', () => {
  const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
  /** The status page as its reporter opens it without JavaScript: the access code typed in. */
  const openPage = (ticket: Submitted): Promise<Response> =>
    t.fetch(`/api/tickets/${ticket.confirmationNumber}/view`, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({ token: ticket.accessToken }).toString(),
    });

  it('work with the page’s own token in the status cookie: the access code is in no answer, and without the cookie a post is 401', async () => {
    const ticket = await withDraft();
    const n = ticket.confirmationNumber;
    expect((await propose(n, OPERATOR, { text: 'Version two', basedOnVersion: 1 })).status).toBe(200);

    const shown = await openPage(ticket);
    expect(shown.status).toBe(200);
    const page = await shown.text();
    expect(page).not.toContain(ticket.accessToken);
    const [setCookie] = shown.headers.getSetCookie();
    expect(setCookie).toMatch(/^status-token=[A-Za-z0-9_-]{43}; /);
    expect(setCookie?.toLowerCase()).toContain('httponly');
    expect(setCookie?.toLowerCase()).toContain('samesite=strict');
    expect(setCookie).not.toContain(ticket.accessToken);
    const cookie = setCookie!.split(';')[0]!;

    const csrf = csrfOf(page);

    const withoutCookie = await t.fetch(`/api/tickets/${n}/customer-notice/approve`, { method: 'POST', headers: FORM, body: `version=2&csrf=${csrf}` });
    expect(withoutCookie.status).toBe(401);
    const approved = await t.fetch(`/api/tickets/${n}/customer-notice/approve`, {
      method: 'POST',
      headers: { ...FORM, cookie },
      body: `version=2&csrf=${csrf}`,
    });
    expect(approved.status).toBe(200);
    const answer = await approved.text();
    expect(answer).toContain('You approved version 2. The team has been told.');
    expect(answer).not.toContain(ticket.accessToken);
    expect(approved.headers.getSetCookie()).toEqual([]); // the page keeps the cookie it came with
    expect(await notice(n)).toMatchObject({ status: 'approved', approvedBy: 'reporter' });
  });

  it('answer another ticket’s page token with 404, and store nothing', async () => {
    const mine = await withDraft();
    const other = await withDraft();
    const shown = await openPage(other);
    const cookie = shown.headers.getSetCookie()[0]!.split(';')[0]!;
    const res = await t.fetch(`/api/tickets/${mine.confirmationNumber}/customer-notice`, {
      method: 'POST',
      headers: { ...FORM, cookie },
      body: new URLSearchParams({ text: 'Hijacked', basedOnVersion: '1', csrf: csrfOf(await shown.text()) }).toString(),
    });
    expect(res.status).toBe(404);
    expect((await notice(mine.confirmationNumber)).version).toBe(1);
  });

  it('refuse a post with the status cookie but without the page’s CSRF token, or with a wrong one: a 403 page in the reader’s language that leads back, nothing stored or emailed', async () => {
    const ticket = await withDraft();
    const n = ticket.confirmationNumber;
    expect((await propose(n, OPERATOR, { text: 'Version two', basedOnVersion: 1 })).status).toBe(200);
    const shown = await openPage(ticket);
    const cookie = shown.headers.getSetCookie()[0]!.split(';')[0]!;
    const csrf = csrfOf(await shown.text());
    // The confirmation and the proposal's email add history of their own: let them land first.
    await settled(n);
    const historyBefore = (await historyOf(t, n)).length;
    const posts: Array<[string, Record<string, string>]> = [
      ['/approve', { version: '2' }],
      ['/approve', { version: '2', csrf: `${csrf.slice(0, -2)}xx` }],
      ['', { text: 'Forged', basedOnVersion: '2' }],
      ['', { text: 'Forged', basedOnVersion: '2', csrf: 'not-the-csrf-token' }],
    ];
    for (const [path, fields] of posts) {
      const res = await t.fetch(`/api/tickets/${n}/customer-notice${path}`, {
        method: 'POST',
        headers: { ...FORM, 'accept-language': 'de', cookie },
        body: new URLSearchParams(fields).toString(),
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('text/html');
      const body = await res.text();
      expect(body).toContain('lang="de"');
      expect(body).toContain('Dieses Formular konnte nicht gesendet werden');
      expect(body).toContain(`href="/api/tickets/${n}"`);
      expect(body).not.toContain(ticket.accessToken);
    }
    expect(await notice(n)).toMatchObject({ status: 'proposed', version: 2 });
    expect(await pendingRows(t, n)).toEqual([]);
    await settled(n);
    expect(await historyOf(t, n)).toHaveLength(historyBefore);
    // With the page's token the same approval goes.
    const approved = await t.fetch(`/api/tickets/${n}/customer-notice/approve`, {
      method: 'POST',
      headers: { ...FORM, cookie },
      body: new URLSearchParams({ version: '2', csrf }).toString(),
    });
    expect(approved.status).toBe(200);
    expect(await notice(n)).toMatchObject({ status: 'approved', approvedBy: 'reporter' });
  });
});

describe('concurrent edits are refused, never lost', () => {
  it('of two proposals on the same version exactly one wins; the other is a 409 and stores nothing', async () => {
    const ticket = await withDraft();
    const n = ticket.confirmationNumber;
    const [a, b] = await Promise.all([
      propose(n, OPERATOR, { text: 'The team’s version', basedOnVersion: 1 }),
      propose(n, reporter(ticket), { text: 'The reporter’s version', basedOnVersion: 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    await expectProblem(loser, 409, 'Stale customer notice version');
    const body = await notice(n);
    expect(body.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(body.text).toBe(a.status === 200 ? 'The team’s version' : 'The reporter’s version');
    expect(await noticeEvents(n)).toHaveLength(1);
  });

  it('of five proposals on the same version at once exactly one is stored', async () => {
    const ticket = await withDraft();
    const n = ticket.confirmationNumber;
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => propose(n, i % 2 ? OPERATOR : reporter(ticket), { text: `Proposal ${i}`, basedOnVersion: 1 })),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect((await notice(n)).versions).toHaveLength(2);
  });
});

describe('a flood of proposals', () => {
  it(`takes ${NOTICE_PROPOSALS_PER_HOUR} proposals an hour on a ticket, then answers 429 with Retry-After and stores nothing`, async () => {
    const ticket = await withDraft();
    const n = ticket.confirmationNumber;
    for (let version = 1; version <= NOTICE_PROPOSALS_PER_HOUR; version++) {
      expect((await propose(n, reporter(ticket), { text: `Draft ${version + 1}`, basedOnVersion: version })).status).toBe(200);
    }
    const res = await propose(n, reporter(ticket), { text: 'One too many', basedOnVersion: NOTICE_PROPOSALS_PER_HOUR + 1 });
    await expectProblem(res, 429, 'Too many customer notice proposals');
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await notice(n)).version).toBe(NOTICE_PROPOSALS_PER_HOUR + 1);
  });
});
