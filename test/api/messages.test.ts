// The thread on a ticket through the local host against Azurite: who writes what, what each side
// reads, how an information request and the reporter's answer move the ticket, reopening, and
// every bad input refused with nothing stored and nothing queued.

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newConfirmationNumber } from '../../src/domain/confirmationNumber';
import { aSubmission } from '../support/builders';
import { indexNow, pendingEvents as pendingEventsOf } from '../support/indexing';
import { csrfOf, statusCookieOf } from '../support/statusPage';
import { startTestHost, type TestHost } from '../support/testHost';

const OPS_KEY = 'ops-key-for-message-tests-0123456789';
const OPERATOR = { authorization: `Bearer ${OPS_KEY}` };
let t: TestHost;

beforeAll(async () => {
  t = await startTestHost({ env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: `/tmp/messages-outbox-${process.pid}` }, enableQueues: false });
});
afterAll(async () => t?.stop());

interface MessageBody {
  id: string;
  at: string;
  author: string;
  kind: string;
  body: string;
}
interface HistoryItem {
  event: string;
  status: string;
  note?: string;
  by?: string;
}

async function submit(): Promise<{ n: string; token: string }> {
  const res = await t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aSubmission()) });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { confirmationNumber: string; accessToken: string };
  await indexNow(t.connectionString, body.confirmationNumber); // what the (stopped) queue worker would do
  return { n: body.confirmationNumber, token: body.accessToken };
}

function operatorPost(path: string, body: unknown): Promise<Response> {
  return t.fetch(path, { method: 'POST', headers: { ...OPERATOR, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function acknowledged(): Promise<{ n: string; token: string }> {
  const ticket = await submit();
  expect((await operatorPost(`/api/tickets/${ticket.n}/acknowledge`, { priority: 'p2', severity: 'high' })).status).toBe(200);
  return ticket;
}

const post = (n: string, headers: Record<string, string>, body: unknown): Promise<Response> =>
  t.fetch(`/api/tickets/${n}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const asReporter = (token: string) => ({ authorization: `Bearer ${token}` });

async function messagesOf(n: string, headers: Record<string, string> = OPERATOR): Promise<MessageBody[]> {
  const res = await t.fetch(`/api/tickets/${n}/messages`, { headers });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: MessageBody[] }).items;
}

async function ticketOf(n: string): Promise<{ status: string; outcome: string | null; history: HistoryItem[] }> {
  const res = await t.fetch(`/api/tickets/${n}`, { headers: OPERATOR });
  expect(res.status).toBe(200);
  return (await res.json()) as { status: string; outcome: string | null; history: HistoryItem[] };
}

const pendingEvents = (n: string): Promise<string[]> => pendingEventsOf(t.connectionString, n);

async function expectProblem(res: Response, status: number, mentions?: RegExp): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await res.json()) as { status: number };
  expect(problem.status).toBe(status);
  if (mentions) expect(JSON.stringify(problem)).toMatch(mentions);
}

describe('writing and reading the thread', () => {
  it("stores the reporter's message, lists it to both sides and records it in the history as the reporter's", async () => {
    const { n, token } = await submit();
    const res = await post(n, asReporter(token), { body: 'It also answers on port 8443.' });
    expect(res.status).toBe(201);
    const written = (await res.json()) as MessageBody;
    expect(written).toMatchObject({ author: 'reporter', kind: 'message', body: 'It also answers on port 8443.' });
    expect(await messagesOf(n, asReporter(token))).toEqual([written]);
    expect(await messagesOf(n)).toEqual([written]);
    const { status, history } = await ticketOf(n);
    expect(status).toBe('submitted');
    expect(history.at(-1)).toMatchObject({ event: 'message-received', status: 'submitted', by: 'reporter' });
    expect(await pendingEvents(n)).toEqual(['message-received']);
  });

  it("records an operator's message as sent to the reporter, and lists the thread oldest first", async () => {
    const { n, token } = await acknowledged();
    await post(n, asReporter(token), { body: 'first' });
    await post(n, OPERATOR, { body: 'second' });
    await post(n, asReporter(token), { body: 'third' });
    const thread = await messagesOf(n, asReporter(token));
    expect(thread.map((m) => [m.author, m.body])).toEqual([
      ['reporter', 'first'],
      ['operator', 'second'],
      ['reporter', 'third'],
    ]);
    expect(thread.map((m) => m.at)).toEqual([...thread.map((m) => m.at)].sort());
    expect((await ticketOf(n)).history.filter((h) => h.event === 'message-sent')).toEqual([
      expect.objectContaining({ status: 'acknowledged', by: 'operator' }),
    ]);
  });

  it('keeps internal notes from the reporter: not listed, not on the status page, not in the history, not emailed', async () => {
    const { n, token } = await acknowledged();
    const before = await ticketOf(n);
    const pendingBefore = await pendingEvents(n);
    const res = await post(n, OPERATOR, { body: 'INTERNAL-SECRET: the vendor knew in March', kind: 'internal-note' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ author: 'operator', kind: 'internal-note' });
    expect((await messagesOf(n)).map((m) => m.kind)).toEqual(['internal-note']);
    expect(await messagesOf(n, asReporter(token))).toEqual([]);
    const page = await (await t.fetch(`/api/tickets/${n}`, { headers: { ...asReporter(token), accept: 'text/html' } })).text();
    expect(page).not.toContain('INTERNAL-SECRET');
    const operatorPage = await (await t.fetch(`/api/tickets/${n}`, { headers: { ...OPERATOR, accept: 'text/html' } })).text();
    expect(operatorPage).not.toContain('INTERNAL-SECRET');
    expect((await ticketOf(n)).history).toEqual(before.history);
    expect(await pendingEvents(n)).toEqual(pendingBefore);
  });

  it('takes any Unicode text up to 20,000 characters, astral ones included, and gives it back as it was', async () => {
    const { n, token } = await submit();
    const body = `${'🔐'.repeat(19_998)}\n<`;
    const res = await post(n, asReporter(token), { body });
    expect(res.status).toBe(201);
    expect((await messagesOf(n)).map((m) => m.body)).toEqual([body]);
  });

  it('escapes HTML and script in a message wherever the page shows it', async () => {
    const { n, token } = await acknowledged();
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"&\'';
    expect((await post(n, OPERATOR, { body: evil, kind: 'information-request' })).status).toBe(201);
    expect((await post(n, asReporter(token), { body: evil })).status).toBe(201);
    const page = await (await t.fetch(`/api/tickets/${n}`, { headers: { ...asReporter(token), accept: 'text/html' } })).text();
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&amp;&#39;');
  });
});

describe('an information request', () => {
  it("moves an acknowledged ticket to awaiting-reporter; the reporter's answer moves it back to investigating", async () => {
    const { n, token } = await acknowledged();
    const asked = await post(n, OPERATOR, { body: 'Which firmware version runs on the appliance?', kind: 'information-request' });
    expect(asked.status).toBe(201);
    expect(await asked.json()).toMatchObject({ author: 'operator', kind: 'information-request' });
    let ticket = await ticketOf(n);
    expect(ticket.status).toBe('awaiting-reporter');
    expect(ticket.history.at(-1)).toMatchObject({ event: 'information-requested', status: 'awaiting-reporter', by: 'operator' });
    const page = await (await t.fetch(`/api/tickets/${n}`, { headers: { ...asReporter(token), accept: 'text/html' } })).text();
    expect(page).toContain('What we need from you');
    expect(page).toContain('Which firmware version runs on the appliance?');

    expect((await post(n, asReporter(token), { body: 'Firmware 4.2.1.' })).status).toBe(201);
    ticket = await ticketOf(n);
    expect(ticket.status).toBe('investigating');
    expect(ticket.history.at(-1)).toMatchObject({ event: 'message-received', status: 'investigating', by: 'reporter' });
    expect(await pendingEvents(n)).toEqual(['acknowledged', 'information-requested', 'message-received']);
  });

  it('moves an investigated ticket too, and an operator may go on without the answer', async () => {
    const { n } = await acknowledged();
    expect((await operatorPost(`/api/tickets/${n}/status`, { status: 'investigating' })).status).toBe(200);
    expect((await post(n, OPERATOR, { body: 'Can you share a capture?', kind: 'information-request' })).status).toBe(201);
    expect((await ticketOf(n)).status).toBe('awaiting-reporter');
    const res = await operatorPost(`/api/tickets/${n}/status`, { status: 'investigating', note: 'We reproduced it ourselves.' });
    expect(res.status).toBe(200);
    const ticket = await ticketOf(n);
    expect(ticket.status).toBe('investigating');
    expect(ticket.history.at(-1)).toMatchObject({ event: 'investigating', status: 'investigating', note: 'We reproduced it ourselves.' });
  });

  it('answers 409 on a ticket that is submitted, already awaiting the reporter or resolved, and stores nothing', async () => {
    const { n } = await submit();
    await expectProblem(await post(n, OPERATOR, { body: 'Which version?', kind: 'information-request' }), 409, /awaiting-reporter/);
    expect(await messagesOf(n)).toEqual([]);
    expect((await ticketOf(n)).status).toBe('submitted');

    const waiting = await acknowledged();
    expect((await post(waiting.n, OPERATOR, { body: 'Which version?', kind: 'information-request' })).status).toBe(201);
    await expectProblem(await post(waiting.n, OPERATOR, { body: 'And the build?', kind: 'information-request' }), 409);
    expect(await messagesOf(waiting.n)).toHaveLength(1);

    const done = await acknowledged();
    expect((await operatorPost(`/api/tickets/${done.n}/status`, { status: 'resolved', outcome: 'no-action' })).status).toBe(200);
    await expectProblem(await post(done.n, OPERATOR, { body: 'Which version?', kind: 'information-request' }), 409);
    expect(await messagesOf(done.n)).toEqual([]);
  });

  it('cannot be resolved while it waits for the reporter: the operator goes on first (409)', async () => {
    const { n } = await acknowledged();
    await post(n, OPERATOR, { body: 'Which version?', kind: 'information-request' });
    await expectProblem(await operatorPost(`/api/tickets/${n}/status`, { status: 'resolved', outcome: 'no-action' }), 409);
    expect((await ticketOf(n)).status).toBe('awaiting-reporter');
  });
});

describe('a resolved ticket', () => {
  it('takes no message from its reporter (409, nothing stored or queued) until an operator reopens it with a note', async () => {
    const { n, token } = await acknowledged();
    expect((await operatorPost(`/api/tickets/${n}/status`, { status: 'resolved', outcome: 'revise-offer' })).status).toBe(200);
    const pending = await pendingEvents(n);
    await expectProblem(await post(n, asReporter(token), { body: 'The fix did not hold.' }), 409, /resolved/);
    expect(await messagesOf(n)).toEqual([]);
    expect(await pendingEvents(n)).toEqual(pending);

    await expectProblem(await operatorPost(`/api/tickets/${n}/status`, { status: 'investigating' }), 400, /note/);
    expect((await ticketOf(n)).status).toBe('resolved');
    const reopened = await operatorPost(`/api/tickets/${n}/status`, { status: 'investigating', note: 'The publisher reports the fix did not hold.' });
    expect(reopened.status).toBe(200);
    let ticket = await ticketOf(n);
    expect(ticket).toMatchObject({ status: 'investigating', outcome: null });
    expect(ticket.history.at(-1)).toMatchObject({
      event: 'reopened',
      status: 'investigating',
      by: 'operator',
      note: 'The publisher reports the fix did not hold.',
    });
    expect(await pendingEvents(n)).toContain('reopened');

    expect((await post(n, asReporter(token), { body: 'Still reachable on 8443.' })).status).toBe(201);
    expect((await operatorPost(`/api/tickets/${n}/status`, { status: 'resolved', outcome: 'mitigated' })).status).toBe(200);
    ticket = await ticketOf(n);
    expect(ticket).toMatchObject({ status: 'resolved', outcome: 'mitigated' });
    expect(ticket.history.map((h) => h.event)).toEqual(['submitted', 'acknowledged', 'resolved', 'reopened', 'message-received', 'resolved']);
  });

  it('still takes operator messages (the reporter is told), but no reporter reopens it', async () => {
    const { n, token } = await acknowledged();
    await operatorPost(`/api/tickets/${n}/status`, { status: 'resolved', outcome: 'no-action' });
    expect((await post(n, OPERATOR, { body: 'For the record: closed after review.' })).status).toBe(201);
    const asReporterChange = await t.fetch(`/api/tickets/${n}/status`, {
      method: 'POST',
      headers: { ...asReporter(token), 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'investigating', note: 'Please look again.' }),
    });
    expect(asReporterChange.status).toBe(403);
    expect((await ticketOf(n)).status).toBe('resolved');
  });
});

describe('bad input: a clear problem, nothing stored, nothing queued', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['an empty body', { body: '' }, /body/],
    ['a blank body', { body: ' \n\t ' }, /blank/],
    ['a body of 20,001 characters', { body: 'x'.repeat(20_001) }, /20000/],
    ['a body with a lone surrogate', { body: 'broken \ud800 text' }, /Unicode/],
    ['no body', {}, /body/],
    ['a body that is no text', { body: 42 }, /body/],
    ['an unknown field', { body: 'hi', subject: 'x' }, /subject/],
    ['a kind from the reporter', { body: 'hi', kind: 'message' }, /kind/],
    ['invalid JSON', '{"body": ', /JSON/],
  ];
  for (const [name, body, mentions] of cases) {
    it(`answers 400 for ${name}`, async () => {
      const { n, token } = await submit();
      await expectProblem(await post(n, asReporter(token), body), 400, mentions);
      expect(await messagesOf(n)).toEqual([]);
      expect(await pendingEvents(n)).toEqual([]);
      expect((await ticketOf(n)).history.map((h) => h.event)).toEqual(['submitted']);
    });
  }

  it('answers 400 for an operator kind that does not exist', async () => {
    const { n } = await submit();
    await expectProblem(await post(n, OPERATOR, { body: 'hi', kind: 'broadcast' }), 400, /kind/);
    expect(await messagesOf(n)).toEqual([]);
  });

  it('answers 415 for another media type and 413 for a body over 256 KiB', async () => {
    const { n, token } = await submit();
    await expectProblem(await post(n, { ...asReporter(token), 'content-type': 'text/plain' }, 'hello'), 415);
    await expectProblem(await post(n, asReporter(token), { body: '🔐'.repeat(70_000) }), 413);
    expect(await messagesOf(n)).toEqual([]);
  });

  it("answers 404 for another ticket's token, 401 without a credential, 400 for a mistyped number, 404 for an unknown one", async () => {
    const mine = await submit();
    const theirs = await submit();
    await expectProblem(await post(theirs.n, asReporter(mine.token), { body: 'hello' }), 404);
    expect((await t.fetch(`/api/tickets/${theirs.n}/messages`, { headers: asReporter(mine.token) })).status).toBe(404);
    await expectProblem(await post(theirs.n, {}, { body: 'hello' }), 401);
    const typo = `${theirs.n.slice(0, -1)}${theirs.n.endsWith('0') ? '1' : '0'}`;
    await expectProblem(await post(typo, OPERATOR, { body: 'hello' }), 400);
    await expectProblem(await post(newConfirmationNumber(randomBytes), OPERATOR, { body: 'hello' }), 404);
    expect(await messagesOf(theirs.n)).toEqual([]);
  });

  it('refuses the 31st message of a side within an hour (429 with Retry-After), storing and queuing nothing; the other side may still write', async () => {
    const { n, token } = await acknowledged();
    for (let i = 1; i <= 30; i++) expect((await post(n, asReporter(token), { body: `detail ${i}` })).status).toBe(201);
    const pending = await pendingEvents(n);
    const historyLength = (await ticketOf(n)).history.length;
    const flood = await post(n, asReporter(token), { body: 'detail 31' });
    await expectProblem(flood, 429, /30 messages an hour/);
    const retryAfter = Number(flood.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await messagesOf(n)).map((m) => m.body)).not.toContain('detail 31');
    expect(await messagesOf(n)).toHaveLength(30);
    expect((await ticketOf(n)).history).toHaveLength(historyLength);
    expect(await pendingEvents(n)).toEqual(pending);
    expect((await post(n, OPERATOR, { body: 'We are reading them all.' })).status).toBe(201);
  });
});

describe('the status page’s reply form without JavaScript: the status cookie and the page’s CSRF token', () => {
  const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

  /** The status page as the reporter opens it without JavaScript (the code typed): its cookie and its CSRF token. */
  async function openPage(n: string, token: string): Promise<{ cookie: string; csrf: string; page: string }> {
    const shown = await t.fetch(`/api/tickets/${n}/view`, { method: 'POST', headers: FORM, body: new URLSearchParams({ token }).toString() });
    expect(shown.status).toBe(200);
    const page = await shown.text();
    return { cookie: statusCookieOf(shown), csrf: csrfOf(page), page };
  }

  const reply = (n: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    t.fetch(`/api/tickets/${n}/messages`, { method: 'POST', headers: { ...FORM, ...headers }, body: new URLSearchParams(fields).toString() });

  it('carries no access code: the page’s form has the CSRF field and no code field, and the reply goes with the cookie and that token', async () => {
    const { n, token } = await acknowledged();
    expect((await operatorPost(`/api/tickets/${n}/messages`, { body: 'Which firmware?', kind: 'information-request' })).status).toBe(201);
    const { cookie, csrf, page } = await openPage(n, token);
    expect(page).not.toContain(token);
    expect(cookie).not.toContain(token);
    expect(page).not.toContain('id="reply-token"');

    const sent = await reply(n, { body: 'Firmware 4.2.1', csrf }, { cookie });
    expect(sent.status).toBe(200);
    const answer = await sent.text();
    expect(answer).toContain('Your message has been sent.');
    expect(answer).toContain('Firmware 4.2.1');
    expect(answer).not.toContain(token);
    expect(sent.headers.getSetCookie()).toEqual([]); // the page keeps the cookie it came with
    expect((await messagesOf(n)).map((m) => m.body)).toEqual(['Which firmware?', 'Firmware 4.2.1']);
    expect((await ticketOf(n)).status).toBe('investigating');
  });

  it('refuses a reply with the cookie but without the CSRF token, or with a wrong one: a 403 page in the reader’s language that leads back, nothing stored or queued', async () => {
    const { n, token } = await acknowledged();
    const { cookie, csrf } = await openPage(n, token);
    const historyBefore = (await ticketOf(n)).history.length;
    const pendingBefore = await pendingEvents(n);
    for (const fields of [
      { body: 'Forged' },
      { body: 'Forged', csrf: `${csrf.slice(0, -2)}xx` },
      { body: 'Forged', csrf: '' },
      { body: 'Forged', csrf: 'x'.repeat(500) },
    ]) {
      for (const [language, title] of [
        ['en', 'This form could not be sent'],
        ['de', 'Dieses Formular konnte nicht gesendet werden'],
      ] as const) {
        const res = await reply(n, fields, { cookie, 'accept-language': language });
        expect(res.status).toBe(403);
        expect(res.headers.get('content-type')).toContain('text/html');
        const body = await res.text();
        expect(body).toContain(`lang="${language}"`);
        expect(body).toContain(title);
        expect(body).toContain(`href="/api/tickets/${n}"`);
        expect(body).not.toContain(token);
      }
    }
    expect(await messagesOf(n)).toEqual([]);
    expect((await ticketOf(n)).history).toHaveLength(historyBefore);
    expect(await pendingEvents(n)).toEqual(pendingBefore);
  });

  it('takes the typed access code when the cookie is gone: the text comes back with the code field, and the code sends it', async () => {
    const { n, token } = await acknowledged();
    const { csrf } = await openPage(n, token);
    const expired = await reply(n, { body: 'Kept text', csrf });
    expect(expired.status).toBe(400);
    const again = await expired.text();
    expect(again).toContain('id="reply-token"');
    expect(again).toContain('Kept text');
    expect(await messagesOf(n)).toEqual([]);
    const sent = await reply(n, { body: 'Kept text', token });
    expect(sent.status).toBe(200);
    expect(await sent.text()).not.toContain(token);
    expect(statusCookieOf(sent)).not.toContain(token); // the page gets a token of its own again
    expect((await messagesOf(n)).map((m) => m.body)).toEqual(['Kept text']);
  });
});
