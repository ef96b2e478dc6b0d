// Intake through the local host against real Azurite: what a publisher's client sees.

import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { newConfirmationNumber } from '../../src/domain/confirmationNumber';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../support/testHost';
import { aSubmission, asFormFields } from '../support/builders';

const OPS_KEY = 'ops-key-for-intake-tests-0123456789';
let t: TestHost;

beforeAll(async () => {
  t = await startTestHost({ env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: `/tmp/intake-outbox-${process.pid}` }, enableQueues: false });
});
afterAll(async () => t?.stop());

function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return t.fetch('/api/tickets', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A plain HTML form post: its answer, where it leads, and the cookie it set (as a Cookie header). */
async function formPost(fields: Record<string, string> | [string, string][]): Promise<{ res: Response; location: string; cookie: string }> {
  const res = await t.fetch('/api/tickets', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { res, location: res.headers.get('location') ?? '', cookie };
}

async function ticketCount(): Promise<number> {
  const table = TableClient.fromConnectionString(t.connectionString, 'tickets', { allowInsecureConnection: true });
  let n = 0;
  for await (const _ of table.listEntities({ queryOptions: { filter: "RowKey eq 'ticket'" } })) n++;
  return n;
}

describe('submitting a security event', () => {
  it('answers 201 with a confirmation number, deadline, token and Location, and stores the ticket', async () => {
    const res = await post(aSubmission({ category: 'vulnerability', cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' }));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.confirmationNumber).toMatch(/^[A-Z0-9-]{6,32}$/);
    expect(res.headers.get('location')).toBe(`/api/tickets/${body.confirmationNumber}`);
    expect(body.status).toBe('submitted');
    expect(Date.parse(body.acknowledgeBy)).toBeGreaterThan(Date.parse(body.submittedAt));
    expect(body.cvss).toEqual({ version: '3.1', baseScore: 10, baseSeverity: 'critical', score: 10, severity: 'critical' });
    expect(body.accessToken.length).toBeGreaterThanOrEqual(22);
    // The token after `#`: a browser keeps it to itself, so no URL the host records carries it.
    expect(new URL(body.statusUrl).pathname).toBe(`/api/tickets/${body.confirmationNumber}`);
    expect(new URL(body.statusUrl).search).toBe('');
    expect(new URL(body.statusUrl).hash).toBe(`#token=${body.accessToken}`);

    const status = await t.fetch(`/api/tickets/${body.confirmationNumber}`, { headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(status.status).toBe(200);
    const ticket = await status.json();
    expect(ticket).toMatchObject({ confirmationNumber: body.confirmationNumber, status: 'submitted', slaBreached: false, priority: null });
    expect(ticket.history).toEqual([expect.objectContaining({ event: 'submitted', status: 'submitted' })]);
  });

  it('keeps line and paragraph separators (U+2028, U+2029) pasted into the free text, exactly as sent', async () => {
    // Text copied out of word processors and PDFs carries them; Azurite's batch parser used to fail on them (503).
    const description = 'Schritt 1: Konsole öffnen\u2028Schritt 2: Befehl ausführen\u2029Absatz zwei';
    const steps = 'Patch einspielen\u2028Dienst neu starten';
    const res = await post(aSubmission({ description, mitigation: { available: true, steps } }));
    expect(res.status).toBe(201);
    const { confirmationNumber } = await res.json();
    // The API shows neither field; the stored ticket must hold both unchanged.
    const table = TableClient.fromConnectionString(t.connectionString, 'tickets', { allowInsecureConnection: true });
    const stored = await table.getEntity<{ Description: string; MitigationSteps: string }>(confirmationNumber, 'ticket');
    expect(stored.Description).toBe(description);
    expect(stored.MitigationSteps).toBe(steps);
  });

  it('gives an incident without a vector cvss null', async () => {
    const res = await post(aSubmission());
    expect(res.status).toBe(201);
    expect((await res.json()).cvss).toBeNull();
  });

  it('stores the token only as a hash', async () => {
    const res = await post(aSubmission());
    const { confirmationNumber, accessToken } = await res.json();
    const table = TableClient.fromConnectionString(t.connectionString, 'tickets', { allowInsecureConnection: true });
    const entity = await table.getEntity(confirmationNumber, 'ticket');
    expect(JSON.stringify(entity)).not.toContain(accessToken);
  });

  it('never reuses a confirmation number under concurrent submissions', async () => {
    const responses = await Promise.all(Array.from({ length: 40 }, () => post(aSubmission())));
    const numbers = await Promise.all(responses.map(async (r) => (await r.json()).confirmationNumber));
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(new Set(numbers).size).toBe(40);
  });

  it('takes a plain HTML form post and answers 303 to the status page, the token in a cookie for that page, not in the URL', async () => {
    const { res, location, cookie } = await formPost(asFormFields(aSubmission({ mitigation: { available: true, steps: 'Block port 8443.' } })));
    expect(res.status).toBe(303);
    expect(location).toMatch(/^\/api\/tickets\/SE-[A-Z0-9-]+\?submitted=1$/);
    const number = new URL(location, t.url).pathname.split('/').pop();
    const setCookie = res.headers.getSetCookie();
    expect(setCookie).toHaveLength(1);
    // Written as the Functions host writes cookies (ASP.NET: lower-case attribute names, its own order).
    const [pair, ...attributes] = setCookie[0]!.split('; ');
    expect(pair).toMatch(/^status-token=[A-Za-z0-9_-]{43}$/);
    expect(attributes.map((a) => a.toLowerCase()).sort()).toEqual(
      ['httponly', 'max-age=600', `path=/api/tickets/${number!.toLowerCase()}`, 'samesite=strict'].sort(),
    );
    const page = await t.fetch(location, { headers: { accept: 'text/html', cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="ticket-status">Received<');
    // The cookie is for the page only; the JSON API takes a bearer token.
    expect((await t.fetch(location, { headers: { accept: 'application/json', cookie } })).status).toBe(401);
  });

  it('picks the reporter locale from Accept-Language when the body has none', async () => {
    const res = await post(aSubmission(), { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' });
    const { confirmationNumber } = await res.json();
    const table = TableClient.fromConnectionString(t.connectionString, 'tickets', { allowInsecureConnection: true });
    const entity = await table.getEntity<{ Core: string }>(confirmationNumber, 'ticket');
    expect(JSON.parse(entity.Core).reporter.locale).toBe('de');
  });
});

describe('Idempotency-Key', () => {
  it('replays the same ticket (200, same number and token) for the same key and body', async () => {
    const before = await ticketCount();
    const body = aSubmission({ summary: 'Replayed submission' });
    const first = await post(body, { 'idempotency-key': 'replay-key-1' });
    const second = await post(body, { 'idempotency-key': 'replay-key-1' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    const [a, b] = [await first.json(), await second.json()];
    expect(b.confirmationNumber).toBe(a.confirmationNumber);
    expect(b.accessToken).toBe(a.accessToken);
    expect(await ticketCount()).toBe(before + 1);
  });

  it('answers 422 for the same key with another body, storing nothing', async () => {
    await post(aSubmission({ summary: 'First body here' }), { 'idempotency-key': 'replay-key-2' });
    const before = await ticketCount();
    const res = await post(aSubmission({ summary: 'Second, different body' }), { 'idempotency-key': 'replay-key-2' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await ticketCount()).toBe(before);
  });

  it('makes one ticket from a burst of concurrent requests with one key', async () => {
    const before = await ticketCount();
    const body = aSubmission({ summary: 'Double-clicked submit' });
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(body, { 'idempotency-key': 'double-click-1' })));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => s === 201 || s === 200 || s === 409)).toBe(true);
    for (const r of responses.filter((x) => x.status === 409)) expect(r.headers.get('retry-after')).toBeTruthy();
    expect(await ticketCount()).toBe(before + 1);
  });

  it('refuses a malformed key', async () => {
    const res = await post(aSubmission(), { 'idempotency-key': 'x'.repeat(256) });
    expect(res.status).toBe(400);
  });
});

describe('bad input: a specific 4xx problem and nothing stored', () => {
  const cases: Array<[string, () => Promise<Response>, number, RegExp?]> = [
    ['invalid JSON', () => post('{"category": "incident",'), 400],
    ['a JSON array', () => post('[]'), 400],
    ['an empty body', () => post(''), 400],
    ['a missing field', () => post(aSubmission({ summary: undefined })), 400, /summary/],
    ['an unknown field', () => post(aSubmission({ extra: 1 })), 400, /extra/],
    ['a status field', () => post(aSubmission({ status: 'resolved' })), 400, /status/],
    ['a priority field', () => post(aSubmission({ priority: 'p1' })), 400, /priority/],
    ['a wrong type', () => post(aSubmission({ summary: 42 })), 400, /summary/],
    ['a blank string', () => post(aSubmission({ description: '   ' })), 400, /description/],
    ['over-long text', () => post(aSubmission({ summary: 'x'.repeat(201) })), 400, /summary/],
    ['a body over 64 KiB', () => post(aSubmission({ description: 'x'.repeat(70 * 1024) })), 413],
    ['another media type', () => t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }), 415],
    ['a malformed CVE ID', () => post(aSubmission({ category: 'vulnerability', cveId: 'CVE-21-1' })), 400, /cveId/],
    [
      'an invalid CVSS vector',
      () => post(aSubmission({ category: 'vulnerability', cvssVector: 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' })),
      400,
      /\bAV\b/,
    ],
    ['a vulnerability with neither CVE nor CVSS', () => post(aSubmission({ category: 'vulnerability' })), 400, /cveId/],
    ['mitigation available without steps', () => post(aSubmission({ mitigation: { available: true } })), 400, /mitigation\.steps/],
    ['a control character in a single-line field', () => post(aSubmission({ summary: 'Line one\r\nInjected: header' })), 400, /summary/],
    ['an OData-shaped offer id', () => post(aSubmission({ offerId: "x' or PartitionKey ne '" })), 400, /offerId/],
    ['affected versions over 1,000 characters', () => post(aSubmission({ affectedVersions: 'v'.repeat(1001) })), 400, /affectedVersions.*too_long/],
    ['a CWE ID of 0', () => post(aSubmission({ weakness: 'CWE-0' })), 400, /weakness.*invalid_cwe/],
    ['a lower-case CWE ID', () => post(aSubmission({ weakness: 'cwe-79' })), 400, /weakness.*invalid_cwe/],
    ['an exploitation value not in the list', () => post(aSubmission({ exploitation: 'exploited' })), 400, /exploitation.*wrong_type/],
    ['a disclosure date that is not a date', () => post(aSubmission({ publicDisclosure: 'next week' })), 400, /publicDisclosure.*invalid_date/],
    ['a disclosure date that does not exist', () => post(aSubmission({ publicDisclosure: '2025-02-29' })), 400, /publicDisclosure.*invalid_date/],
  ];
  for (const [name, send, status, mentions] of cases) {
    it(`answers ${status} for ${name}`, async () => {
      const before = await ticketCount();
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = await res.json();
      expect(problem.status).toBe(status);
      expect(problem.title).toBeTruthy();
      expect(JSON.stringify(problem)).not.toMatch(/at .*\.(ts|js):\d+|RestError|stack/i);
      if (mentions) expect(JSON.stringify(problem.errors ?? problem.detail)).toMatch(mentions);
      expect(await ticketCount()).toBe(before);
    });
  }

  it('stores OData-shaped text in free-text fields harmlessly, as text', async () => {
    const summary = "x' or RowKey ne '' or '1' eq '1";
    const res = await post(aSubmission({ summary }));
    expect(res.status).toBe(201);
    const { confirmationNumber, accessToken } = await res.json();
    const ticket = await (await t.fetch(`/api/tickets/${confirmationNumber}`, { headers: { authorization: `Bearer ${accessToken}` } })).json();
    expect(ticket.summary).toBe(summary);
  });
});

describe('more of the report: affected versions, weakness, exploitation, public disclosure', () => {
  const operator = { authorization: `Bearer ${OPS_KEY}` };
  const MARKUP = '<script>alert("versions")</script> 2.0 & <b>2.1</b>\n3.0';

  it('keeps all four: the reporter sees exploitation and the disclosure date, operators the whole report, markup as text', async () => {
    const res = await post(aSubmission({ affectedVersions: MARKUP, weakness: 'CWE-79 ', exploitation: 'active', publicDisclosure: '2031-01-15' }));
    expect(res.status).toBe(201);
    const { confirmationNumber, accessToken } = await res.json();
    const mine = await (await t.fetch(`/api/tickets/${confirmationNumber}`, { headers: { authorization: `Bearer ${accessToken}` } })).json();
    expect(mine).toMatchObject({ exploitation: 'active', publicDisclosure: '2031-01-15' });
    expect(mine).not.toHaveProperty('affectedVersions');
    expect(mine).not.toHaveProperty('weakness');
    const answer = await t.fetch(`/api/ops/tickets/${confirmationNumber}`, { headers: operator });
    expect(answer.headers.get('content-type')).toContain('application/json');
    const report = await answer.json();
    expect(report).toMatchObject({ exploitation: 'active', publicDisclosure: '2031-01-15' });
    expect(report.report).toMatchObject({ affectedVersions: MARKUP, weakness: 'CWE-79', exploitation: 'active', publicDisclosure: '2031-01-15' });
  });

  it.each(['unknown', 'none-known', 'suspected', 'active'])('takes the exploitation %s', async (exploitation) => {
    const res = await post(aSubmission({ exploitation }));
    expect(res.status).toBe(201);
    const { confirmationNumber } = await res.json();
    const report = await (await t.fetch(`/api/ops/tickets/${confirmationNumber}`, { headers: operator })).json();
    expect(report.exploitation).toBe(exploitation);
  });

  it('reads exploitation unknown and the rest null when the reporter gave none of them', async () => {
    const { confirmationNumber } = await (await post(aSubmission())).json();
    const report = await (await t.fetch(`/api/ops/tickets/${confirmationNumber}`, { headers: operator })).json();
    expect(report).toMatchObject({ exploitation: 'unknown', publicDisclosure: null });
    expect(report.report).toMatchObject({ affectedVersions: null, weakness: null, exploitation: 'unknown', publicDisclosure: null });
  });

  it('takes a disclosure date in the past (public already) and shows it so on the status page', async () => {
    const { res, location, cookie } = await formPost([
      ...asFormFields(aSubmission()),
      ['publicDisclosure', '2020-02-29'],
      ['exploitation', 'active'],
      ['affectedVersions', MARKUP],
      ['reporter.locale', 'en'],
    ]);
    expect(res.status).toBe(303);
    const page = await (await t.fetch(location, { headers: { cookie, accept: 'text/html' } })).text();
    expect(page).toContain('29 February 2020 (public already when you reported it)');
    expect(page).toContain('Being exploited');
    expect(page).not.toContain('<script>alert("versions")');
    expect(page).not.toContain('alert(&quot;versions&quot;)');
  });
});

describe('reading a ticket', () => {
  async function submitted(): Promise<{ confirmationNumber: string; accessToken: string }> {
    return (await post(aSubmission())).json();
  }

  it('answers 401 without credentials', async () => {
    const { confirmationNumber } = await submitted();
    expect((await t.fetch(`/api/tickets/${confirmationNumber}`)).status).toBe(401);
  });

  it("answers 404, not 401 or 403, for another ticket's token, and the same for an unknown number", async () => {
    const a = await submitted();
    const b = await submitted();
    const wrong = await t.fetch(`/api/tickets/${a.confirmationNumber}`, { headers: { authorization: `Bearer ${b.accessToken}` } });
    expect(wrong.status).toBe(404);
    const unknown = await t.fetch(`/api/tickets/${newConfirmationNumber(randomBytes)}`, { headers: { authorization: `Bearer ${b.accessToken}` } });
    expect(unknown.status).toBe(404);
    const [wrongBody, unknownBody] = [await wrong.json(), await unknown.json()];
    expect(unknownBody).toEqual(wrongBody);
    expect(JSON.stringify(wrongBody)).not.toContain(b.confirmationNumber);
  });

  it('accepts the token from the email link (?token=)', async () => {
    const { confirmationNumber, accessToken } = await submitted();
    const res = await t.fetch(`/api/tickets/${confirmationNumber}?token=${encodeURIComponent(accessToken)}`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
  });

  it('answers 400 for a number with one character mistyped, before any lookup', async () => {
    const { confirmationNumber, accessToken } = await submitted();
    const i = confirmationNumber.length - 3;
    const typo = confirmationNumber.slice(0, i) + (confirmationNumber[i] === 'A' ? 'B' : 'A') + confirmationNumber.slice(i + 1);
    const res = await t.fetch(`/api/tickets/${typo}`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('lets an operator read any ticket, and never lets a reporter token act as an operator', async () => {
    const { confirmationNumber, accessToken } = await submitted();
    const asOperator = await t.fetch(`/api/tickets/${confirmationNumber}`, { headers: { authorization: `Bearer ${OPS_KEY}` } });
    expect(asOperator.status).toBe(200);
    const ack = await t.fetch(`/api/tickets/${confirmationNumber}/acknowledge`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ priority: 'p1', severity: 'high' }),
    });
    expect(ack.status).toBe(403);
  });
});

describe('health', () => {
  it('answers 200 ok while storage answers', async () => {
    const res = await t.fetch('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('the no-JavaScript path', () => {
  it('renders the confirmation page after a form post, with the number and escaped user text', async () => {
    const fields = asFormFields(aSubmission({ summary: '<script>alert(1)</script> & "quotes"', reporter: { locale: 'de' } }));
    const { location, cookie } = await formPost(fields);
    const page = await t.fetch(location, { headers: { accept: 'text/html,application/xhtml+xml', cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    const number = /\/api\/tickets\/([A-Z0-9-]+)\?/.exec(location)?.[1] ?? 'missing';
    expect(html).toContain(number);
    expect(html).toContain('lang="de"');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('answers a refused form post with an HTML problem page, storing nothing', async () => {
    const before = await ticketCount();
    const res = await t.fetch('/api/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      body: new URLSearchParams(asFormFields(aSubmission({ summary: 'x' }))).toString(),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toMatch(/summary|Summary/);
    expect(await ticketCount()).toBe(before);
  });

  it('answers a refused German form in German, whatever the browser language', async () => {
    const res = await t.fetch('/api/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en-US,en;q=0.9' },
      body: new URLSearchParams(asFormFields(aSubmission({ summary: 'x', reporter: { locale: 'de' } }))).toString(),
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('lang="de"');
    expect(html).toContain('Kurzbeschreibung');
  });

  it('answers the status link with a page for browsers and 404 as a page for a wrong token', async () => {
    const { confirmationNumber } = await (await post(aSubmission())).json();
    const res = await t.fetch(`/api/tickets/${confirmationNumber}?token=not-the-token-at-all`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
  });
});

describe('the status link, with the token kept out of every URL the host records', () => {
  async function submitted(
    summary = 'Status link without the token in the URL',
  ): Promise<{ confirmationNumber: string; accessToken: string; statusUrl: string }> {
    return (await post(aSubmission({ summary }))).json();
  }

  function postToken(confirmationNumber: string, token: string, headers: Record<string, string> = {}): Promise<Response> {
    return t.fetch(`/api/tickets/${confirmationNumber}/view`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
      body: new URLSearchParams({ token }).toString(),
    });
  }

  it('answers a browser that brought no token with a page asking for it (200, never 401 JSON), in its language', async () => {
    const { confirmationNumber } = await submitted();
    const res = await t.fetch(`/api/tickets/${confirmationNumber}`, { headers: { accept: 'text/html,application/xhtml+xml', 'accept-language': 'de-DE' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('lang="de"');
    expect(html).toContain(`<form id="token-form" method="post" action="/api/tickets/${confirmationNumber}/view">`);
    // Named with its content's hash (src/web/pageScripts.ts), so the browser may keep it.
    expect(html).toMatch(/<script src="\/api\/status-page\.js\?v=[0-9a-f]{16}" defer><\/script>/);
    // It knows nothing of the ticket: the same page for a number that does not exist.
    expect(html).not.toContain('Status link without the token in the URL');
    const unknown = newConfirmationNumber(randomBytes);
    const other = await t.fetch(`/api/tickets/${unknown}`, { headers: { accept: 'text/html' } });
    expect(other.status).toBe(200);
    expect(await other.text()).toContain(`action="/api/tickets/${unknown}/view"`);
  });

  it('answers the token posted from that page with the status page (200, no-store), the token in no URL of it', async () => {
    const { confirmationNumber, accessToken } = await submitted();
    const res = await postToken(confirmationNumber, accessToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('location')).toBeNull();
    const html = await res.text();
    expect(html).toContain('Status link without the token in the URL');
    expect(html).toContain('id="ticket-status">Received<');
    expect(html).not.toContain(accessToken);
  });

  it('takes the whole link pasted from the email as well as the code alone', async () => {
    const { confirmationNumber, accessToken, statusUrl } = await submitted();
    expect((await postToken(confirmationNumber, `  ${statusUrl}\n`)).status).toBe(200);
    expect((await postToken(confirmationNumber, `${new URL(statusUrl).origin}/api/tickets/${confirmationNumber}?token=${accessToken}`)).status).toBe(200);
  });

  it('answers a wrong token with the same 404 page as a wrong token in the link, and an unknown number the same', async () => {
    const mine = await submitted();
    const other = await submitted();
    const viaLink = await t.fetch(`/api/tickets/${mine.confirmationNumber}?token=not-the-token-at-all`, { headers: { accept: 'text/html' } });
    const posted = await postToken(mine.confirmationNumber, 'not-the-token-at-all');
    const anotherTicketsToken = await postToken(mine.confirmationNumber, other.accessToken);
    const unknown = await postToken(newConfirmationNumber(randomBytes), mine.accessToken);
    const expected = await viaLink.text();
    for (const res of [posted, anotherTicketsToken, unknown]) {
      expect(res.status).toBe(404);
      expect(await res.text()).toBe(expected);
    }
  });

  it('asks again for an empty code (400), and refuses other media types (415) and large bodies (413)', async () => {
    const { confirmationNumber } = await submitted();
    const empty = await postToken(confirmationNumber, '   ', { 'accept-language': 'en' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Please enter the access code from the email.');
    const json = await t.fetch(`/api/tickets/${confirmationNumber}/view`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"token":"x"}',
    });
    expect(json.status).toBe(415);
    expect((await postToken(confirmationNumber, 'x'.repeat(5000))).status).toBe(413);
  });

  it('still opens an old link with ?token= as a page', async () => {
    const { confirmationNumber, accessToken } = await submitted();
    const page = await t.fetch(`/api/tickets/${confirmationNumber}?token=${accessToken}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="ticket-status">Received<');
  });

  it('serves the status page script from the app, so the page CSP (script-src self) admits it', async () => {
    const res = await t.fetch('/api/status-page.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const script = await res.text();
    expect(script).toContain('replaceState');
    expect(script).toContain('Bearer');
  });

  it('lets the operator routes under the ticket be: POST …/view is not …/acknowledge', async () => {
    const { confirmationNumber } = await submitted();
    const ack = await t.fetch(`/api/tickets/${confirmationNumber}/acknowledge`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OPS_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ priority: 'p3', severity: 'low' }),
    });
    expect(ack.status).toBe(200);
    expect((await t.fetch(`/api/tickets/${confirmationNumber}/view`, { headers: { accept: 'text/html' } })).status).toBe(404);
  });
});
