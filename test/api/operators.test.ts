// Operator triage through the local host against Azurite: acknowledge, move along the lifecycle,
// list with filters and continuation tokens, and who may do it.

import { randomBytes } from 'node:crypto';
import { newConfirmationNumber } from '../../src/domain/confirmationNumber';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTRY, useServices } from '../support/app';
import { startTestHost, type TestHost } from '../support/testHost';
import { indexNow, pendingEvents as pendingEventsOf } from '../support/indexing';
import { aSubmission } from '../support/builders';

const OPS_KEY = 'ops-key-for-operator-tests-0123456789';
let t: TestHost;

beforeAll(async () => {
  t = await startTestHost({
    env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: `/tmp/operators-outbox-${process.pid}` },
    enableQueues: false,
    entryPoints: [TEST_ENTRY],
  });
});
afterAll(async () => t?.stop());

interface TicketBody {
  confirmationNumber: string;
  status: string;
  priority: string | null;
  severity: string | null;
  outcome: string | null;
  slaBreached: boolean;
  submittedAt: string;
  acknowledgedAt: string | null;
  history?: Array<{ at: string; event: string; status: string; note?: string }>;
}

async function submit(overrides: Record<string, unknown> = {}): Promise<{ confirmationNumber: string; accessToken: string }> {
  const res = await t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aSubmission(overrides)) });
  expect(res.status).toBe(201);
  const body = await res.json();
  await indexNow(t.connectionString, body.confirmationNumber); // what the (stopped) queue worker would do
  return body;
}

function asOperator(path: string, body?: unknown, headers: Record<string, string> = { authorization: `Bearer ${OPS_KEY}` }): Promise<Response> {
  return t.fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}
const acknowledge = (n: string, body: unknown, headers?: Record<string, string>) => asOperator(`/api/tickets/${n}/acknowledge`, body, headers);
const changeStatus = (n: string, body: unknown) => asOperator(`/api/tickets/${n}/status`, body);

async function expectProblem(res: Response, status: number, mentions?: RegExp): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const problem = await res.json();
  expect(problem.status).toBe(status);
  if (mentions) expect(JSON.stringify(problem)).toMatch(mentions);
}

const pendingEvents = (n: string): Promise<string[]> => pendingEventsOf(t.connectionString, n);

const CRITICAL_VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H';

describe('acknowledging a ticket', () => {
  for (const priority of ['p1', 'p2', 'p3', 'p4']) {
    it(`takes priority ${priority} and a severity, and answers the acknowledged ticket`, async () => {
      const { confirmationNumber: n } = await submit();
      const res = await acknowledge(n, { priority, severity: 'medium', note: 'Looking at it.' });
      expect(res.status).toBe(200);
      const body = (await res.json()) as TicketBody;
      expect(body).toMatchObject({ confirmationNumber: n, status: 'acknowledged', priority, severity: 'medium', slaBreached: false });
      expect(Date.parse(body.acknowledgedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(body.submittedAt));
      expect(body.history?.map((h) => h.event)).toEqual(['submitted', 'acknowledged']);
      expect(body.history?.[1]).toMatchObject({ status: 'acknowledged', note: 'Looking at it.' });
    });
  }

  it("defaults the severity to the ticket's CVSS rating", async () => {
    const { confirmationNumber: n } = await submit({ category: 'vulnerability', cvssVector: CRITICAL_VECTOR });
    const res = await acknowledge(n, { priority: 'p1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ severity: 'critical', cvss: { severity: 'critical' } });
  });

  it('lets the operator overrule the CVSS rating', async () => {
    const { confirmationNumber: n } = await submit({ category: 'vulnerability', cvssVector: CRITICAL_VECTOR });
    const res = await acknowledge(n, { priority: 'p2', severity: 'low' });
    expect(await res.json()).toMatchObject({ severity: 'low' });
  });

  it('needs a severity when the ticket has no CVSS rating (400)', async () => {
    const { confirmationNumber: n } = await submit();
    await expectProblem(await acknowledge(n, { priority: 'p2' }), 400, /severity/);
  });

  it('answers 409 when the ticket is already acknowledged, and changes nothing', async () => {
    const { confirmationNumber: n } = await submit();
    expect((await acknowledge(n, { priority: 'p1', severity: 'high' })).status).toBe(200);
    await expectProblem(await acknowledge(n, { priority: 'p4', severity: 'low' }), 409);
    const ticket = (await (await asOperator(`/api/tickets/${n}`)).json()) as TicketBody;
    expect(ticket).toMatchObject({ priority: 'p1', severity: 'high' });
    expect(ticket.history?.filter((h) => h.event === 'acknowledged')).toHaveLength(1);
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ['a bad priority', { priority: 'p5', severity: 'high' }, /priority/],
    ['a bad severity', { priority: 'p1', severity: 'none' }, /severity/],
    ['an unknown field', { priority: 'p1', severity: 'high', assignee: 'bob' }, /assignee/],
    ['a status field', { priority: 'p1', severity: 'high', status: 'resolved' }, /status/],
    ['no priority', { severity: 'high' }, /priority/],
    ['invalid JSON', '{"priority": ', /JSON/],
  ];
  for (const [name, body, mentions] of invalid) {
    it(`answers 400 for ${name}, changing nothing`, async () => {
      const { confirmationNumber: n } = await submit();
      await expectProblem(await acknowledge(n, body), 400, mentions);
      expect(((await (await asOperator(`/api/tickets/${n}`)).json()) as TicketBody).status).toBe('submitted');
    });
  }

  it('answers 404 for an unknown ticket and 400 for a mistyped number', async () => {
    const { confirmationNumber: n } = await submit();
    const i = n.length - 3;
    const typo = n.slice(0, i) + (n[i] === 'A' ? 'B' : 'A') + n.slice(i + 1);
    await expectProblem(await acknowledge(typo, { priority: 'p1', severity: 'high' }), 400);
    await expectProblem(await acknowledge(newConfirmationNumber(randomBytes), { priority: 'p1', severity: 'high' }), 404);
    await expectProblem(await changeStatus(newConfirmationNumber(randomBytes), { status: 'investigating' }), 404);
  });
});

describe('moving a ticket along the lifecycle', () => {
  it('goes acknowledged → investigating → resolved with an outcome; every step in the history with a notification queued', async () => {
    const { confirmationNumber: n } = await submit();
    expect((await acknowledge(n, { priority: 'p2', severity: 'high' })).status).toBe(200);
    const investigating = await changeStatus(n, { status: 'investigating', note: 'Reproduced.' });
    expect(investigating.status).toBe(200);
    expect(await investigating.json()).toMatchObject({ status: 'investigating', outcome: null });
    const resolved = await changeStatus(n, { status: 'resolved', outcome: 'revise-offer', note: 'Image rebuilt.' });
    expect(resolved.status).toBe(200);
    const body = (await resolved.json()) as TicketBody;
    expect(body).toMatchObject({ status: 'resolved', outcome: 'revise-offer', priority: 'p2', severity: 'high' });
    expect(body.history?.map((h) => [h.event, h.status])).toEqual([
      ['submitted', 'submitted'],
      ['acknowledged', 'acknowledged'],
      ['investigating', 'investigating'],
      ['resolved', 'resolved'],
    ]);
    expect(body.history?.[3]?.note).toBe('Image rebuilt.');
    // Each change leaves a pending notification (the queue is not drained in this file): the
    // reporter is emailed about every step.
    // (The confirmation itself is on the queue; it is kept pending only when that write fails.)
    expect(await pendingEvents(n)).toEqual(['acknowledged', 'investigating', 'resolved']);
  });

  for (const outcome of ['no-action', 'revise-offer', 'remove-offer', 'mitigated']) {
    it(`resolves an acknowledged ticket directly with outcome ${outcome}`, async () => {
      const { confirmationNumber: n } = await submit();
      await acknowledge(n, { priority: 'p3', severity: 'low' });
      const res = await changeStatus(n, { status: 'resolved', outcome });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'resolved', outcome });
    });
  }

  it('answers 400 for resolved without an outcome', async () => {
    const { confirmationNumber: n } = await submit();
    await acknowledge(n, { priority: 'p3', severity: 'low' });
    await expectProblem(await changeStatus(n, { status: 'resolved' }), 400, /outcome/);
    const problem = await (await changeStatus(n, { status: 'resolved' })).json();
    expect(problem).toMatchObject({
      title: 'Invalid request',
      detail: 'outcome: A resolved ticket needs an outcome.',
      errors: [{ path: 'outcome', message: 'A resolved ticket needs an outcome.' }],
    });
  });

  it('answers 400 for an outcome given with investigating', async () => {
    const { confirmationNumber: n } = await submit();
    await acknowledge(n, { priority: 'p3', severity: 'low' });
    const res = await changeStatus(n, { status: 'investigating', outcome: 'no-action' });
    await expectProblem(res.clone(), 400, /outcome/);
    expect((await res.json()).errors).toEqual([{ path: 'outcome', message: 'An outcome is given only on resolution.' }]);
  });

  it('answers 400 for an unknown status, outcome or field', async () => {
    const { confirmationNumber: n } = await submit();
    await acknowledge(n, { priority: 'p3', severity: 'low' });
    await expectProblem(await changeStatus(n, { status: 'closed' }), 400, /status/);
    await expectProblem(await changeStatus(n, { status: 'resolved', outcome: 'ignored' }), 400, /outcome/);
    await expectProblem(await changeStatus(n, { status: 'investigating', priority: 'p1' }), 400, /priority/);
  });

  it('answers 409 for a transition the lifecycle forbids, and changes nothing', async () => {
    const { confirmationNumber: n } = await submit();
    await expectProblem(await changeStatus(n, { status: 'investigating' }), 409);
    await expectProblem(await changeStatus(n, { status: 'resolved', outcome: 'no-action' }), 409);
    await acknowledge(n, { priority: 'p3', severity: 'low' });
    await changeStatus(n, { status: 'resolved', outcome: 'no-action' });
    // Back into the investigation is a reopening, which needs its note: without one, a 400.
    await expectProblem(await changeStatus(n, { status: 'investigating' }), 400, /note/);
    await expectProblem(await changeStatus(n, { status: 'resolved', outcome: 'mitigated' }), 409);
    const ticket = (await (await asOperator(`/api/tickets/${n}`)).json()) as TicketBody;
    expect(ticket).toMatchObject({ status: 'resolved', outcome: 'no-action' });
    expect(ticket.history?.map((h) => h.event)).toEqual(['submitted', 'acknowledged', 'resolved']);
  });
});

describe("reading a ticket's report", () => {
  it('gives operators the ticket with its history and the whole report: text, CVE, vector, mitigation, customer message, versions, weakness, exploitation, disclosure, contact', async () => {
    const report = {
      description: 'Zeile 1: <script>alert(1)</script>\nZeile 2: Grüße',
      cveId: 'CVE-2021-44228',
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
      mitigation: { available: true, steps: 'Set log4j2.formatMsgNoLookups=true.' },
      customerNotification: { requested: true, message: 'Bitte informieren Sie betroffene Kunden.' },
      affectedVersions: '2.0 bis 2.4.1 <script>alert(2)</script>',
      weakness: 'CWE-917',
      exploitation: 'suspected',
      publicDisclosure: '2031-01-15',
      reporter: { name: 'Ada Lovelace', email: 'ada@contoso.example', locale: 'de' },
    };
    const { confirmationNumber: n } = await submit({ category: 'vulnerability', ...report });
    const res = await asOperator(`/api/ops/tickets/${n}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ confirmationNumber: n, status: 'submitted', category: 'vulnerability', cvss: { baseScore: 10 } });
    expect(body.history).toEqual([expect.objectContaining({ event: 'submitted' })]);
    expect(body.report).toEqual(report);
    expect(JSON.stringify(body)).not.toMatch(/tokenHash|TokenHashes/i);
  });

  it('shows absent optional parts as null', async () => {
    const { confirmationNumber: n } = await submit();
    const { report } = await (await asOperator(`/api/ops/tickets/${n}`)).json();
    expect(report).toMatchObject({
      cveId: null,
      cvssVector: null,
      mitigation: { steps: null },
      customerNotification: { message: null },
      affectedVersions: null,
      weakness: null,
      exploitation: 'unknown',
      publicDisclosure: null,
    });
  });

  it('is for operators only: 401 without credentials, 403 for the reporter, the same for a number that does not exist', async () => {
    const { confirmationNumber: n, accessToken } = await submit();
    await expectProblem(await t.fetch(`/api/ops/tickets/${n}`), 401);
    await expectProblem(await asOperator(`/api/ops/tickets/${n}`, undefined, { authorization: `Bearer ${accessToken}` }), 403);
    await expectProblem(await t.fetch(`/api/ops/tickets/${n}?token=${encodeURIComponent(accessToken)}`), 401);
    await expectProblem(await asOperator(`/api/ops/tickets/${newConfirmationNumber(randomBytes)}`, undefined, { authorization: `Bearer ${accessToken}` }), 403);
  });

  it('answers 404 for an unknown ticket and 400 for a mistyped number', async () => {
    await expectProblem(await asOperator(`/api/ops/tickets/${newConfirmationNumber(randomBytes)}`), 404);
    const { confirmationNumber: n } = await submit();
    const typo = n.slice(0, -2) + (n.at(-2) === 'A' ? 'B' : 'A') + n.at(-1);
    await expectProblem(await asOperator(`/api/ops/tickets/${typo}`), 400, /confirmation number/i);
  });
});

describe('who may triage', () => {
  const principal = (roles: string[]) =>
    Buffer.from(JSON.stringify({ auth_typ: 'aad', role_typ: 'roles', claims: roles.map((val) => ({ typ: 'roles', val })) })).toString('base64');

  it('answers 401 with WWW-Authenticate without credentials', async () => {
    const { confirmationNumber: n } = await submit();
    const res = await acknowledge(n, { priority: 'p1', severity: 'high' }, {});
    await expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectProblem(await t.fetch('/api/ops/tickets'), 401);
  });

  it("answers 403 for the ticket's own reporter token, on every operator endpoint", async () => {
    const { confirmationNumber: n, accessToken } = await submit();
    const reporter = { authorization: `Bearer ${accessToken}` };
    await expectProblem(await acknowledge(n, { priority: 'p1', severity: 'high' }, reporter), 403);
    await expectProblem(await asOperator(`/api/tickets/${n}/status`, { status: 'investigating' }, reporter), 403);
    await expectProblem(await asOperator('/api/ops/tickets', undefined, reporter), 403);
    await expectProblem(await asOperator('/api/ops/tickets', undefined, { authorization: `Bearer ${OPS_KEY}x` }), 403);
  });

  it('ignores a forged x-ms-client-principal while App Service Authentication is off', async () => {
    const { confirmationNumber: n } = await submit();
    const forged = { 'x-ms-client-principal': principal(['Tickets.Triage']) };
    await expectProblem(await acknowledge(n, { priority: 'p1', severity: 'high' }, forged), 401);
    await expectProblem(await asOperator('/api/ops/tickets', undefined, forged), 401);
  });

  it('honours the platform principal with Tickets.Triage when WEBSITE_AUTH_ENABLED=true, and only with that role', async () => {
    useServices({ env: { ...process.env, WEBSITE_AUTH_ENABLED: 'true' } });
    try {
      const { confirmationNumber: n } = await submit();
      await expectProblem(await acknowledge(n, { priority: 'p1', severity: 'high' }, { 'x-ms-client-principal': principal(['Tickets.Read']) }), 401);
      const res = await acknowledge(n, { priority: 'p1', severity: 'high' }, { 'x-ms-client-principal': principal(['Tickets.Read', 'Tickets.Triage']) });
      expect(res.status).toBe(200);
      expect((await asOperator('/api/ops/tickets?status=acknowledged', undefined, { 'x-ms-client-principal': principal(['Tickets.Triage']) })).status).toBe(
        200,
      );
    } finally {
      useServices({});
    }
  });
});

describe('listing tickets', () => {
  type Page = { items: TicketBody[]; continuationToken?: string };
  async function allPages(query: string): Promise<{ items: TicketBody[]; pages: number }> {
    const items: TicketBody[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const sep = query ? '&' : '';
      const res = await asOperator(`/api/ops/tickets?${query}${token ? `${sep}continuationToken=${encodeURIComponent(token)}` : ''}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as Page;
      expect(page.items.length).toBeLessThanOrEqual(100);
      items.push(...page.items);
      token = page.continuationToken;
      pages++;
    } while (token && pages < 50);
    expect(token).toBeUndefined();
    return { items, pages };
  }

  // 230 submissions and their index rows take a while on a busy 2-core machine: a bound, not a timing.
  it(
    'pages through 230 tickets, at most 100 a page, oldest first, each once, following continuationToken until it is absent',
    { timeout: 180_000 },
    async () => {
      const mine = new Set<string>();
      for (let batch = 0; batch < 23; batch++) {
        const made = await Promise.all(Array.from({ length: 10 }, () => submit()));
        for (const m of made) mine.add(m.confirmationNumber);
      }
      const { items, pages } = await allPages('');
      expect(pages).toBeGreaterThanOrEqual(3);
      const numbers = items.map((i) => i.confirmationNumber);
      expect(new Set(numbers).size).toBe(numbers.length);
      for (const n of mine) expect(numbers).toContain(n);
      const times = items.map((i) => i.submittedAt);
      expect(times).toEqual([...times].sort());
      expect(items[0]).not.toHaveProperty('accessToken');
      expect(JSON.stringify(items[0])).not.toMatch(/ada@contoso|tokenHash/i);
    },
  );

  it('filters by status and by slaBreached, and combines both', async () => {
    const a = await submit();
    const b = await submit();
    await acknowledge(b.confirmationNumber, { priority: 'p2', severity: 'high' });
    const submitted = (await allPages('status=submitted')).items;
    expect(submitted.every((i) => i.status === 'submitted')).toBe(true);
    expect(submitted.map((i) => i.confirmationNumber)).toContain(a.confirmationNumber);
    expect(submitted.map((i) => i.confirmationNumber)).not.toContain(b.confirmationNumber);
    const acknowledged = (await allPages('status=acknowledged&slaBreached=false')).items;
    expect(acknowledged.every((i) => i.status === 'acknowledged' && !i.slaBreached)).toBe(true);
    expect(acknowledged.map((i) => i.confirmationNumber)).toContain(b.confirmationNumber);
    expect((await allPages('slaBreached=true')).items).toEqual([]); // nothing overdue in this file
  });

  it('answers 400 for an unknown filter or value', async () => {
    await expectProblem(await asOperator('/api/ops/tickets?status=open'), 400, /status/);
    await expectProblem(await asOperator('/api/ops/tickets?slaBreached=yes'), 400, /slaBreached/);
    await expectProblem(await asOperator('/api/ops/tickets?owner=me'), 400, /owner/);
  });
});
