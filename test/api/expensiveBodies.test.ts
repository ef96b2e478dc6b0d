// Bodies built to be expensive, through the local host against real Azurite: each is answered
// with a short, specific 400 problem, nothing is stored, and the health check sent beside them is
// answered. (How much CPU each costs is measured by `npm run bench`, not asserted here.)

import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADVERSARIAL_BODIES, type AdversarialBody } from '../../tools/testkit/adversarialBodies';
import { aSubmission, asFormFields } from '../support/builders';
import { startTestHost, type TestHost } from '../support/testHost';

let t: TestHost;

beforeAll(async () => {
  t = await startTestHost({
    env: { OPS_API_KEY: 'ops-key-for-expensive-bodies-0123456789', EMAIL_OUTBOX_DIR: `/tmp/expensive-outbox-${process.pid}` },
    enableQueues: false,
  });
});
afterAll(async () => t?.stop());

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

async function send(b: AdversarialBody, accept = 'application/problem+json'): Promise<Answer> {
  const res = await t.fetch('/api/tickets', {
    method: 'POST',
    headers: { 'content-type': b.contentType, accept },
    body: b.body as BodyInit,
    redirect: 'manual',
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

async function ticketCount(): Promise<number> {
  const table = TableClient.fromConnectionString(t.connectionString, 'tickets', { allowInsecureConnection: true });
  await table.createTable();
  let n = 0;
  for await (const _ of table.listEntities({ queryOptions: { filter: "RowKey eq 'ticket'" } })) n++;
  return n;
}

type Problem = { status: number; title: string; detail?: string; errors?: Array<{ path: string; code?: string }>; moreErrors?: number };

function problemOf(answer: Answer): Problem {
  expect(answer.contentType).toContain('application/problem+json');
  return JSON.parse(answer.text) as Problem;
}

function formBody(fields: Array<[string, string]>): AdversarialBody {
  return { name: 'form', contentType: 'application/x-www-form-urlencoded', body: new TextEncoder().encode(new URLSearchParams(fields).toString()) };
}

// A plain form post is answered with a page (the browser shows it), JSON with problem details.
function listedProblems(answer: Answer): number {
  if (answer.contentType.includes('text/html')) return (answer.text.match(/<li>/g) ?? []).length;
  return problemOf(answer).errors?.length ?? 0;
}

describe('bodies of at most 64 KiB built to be expensive', () => {
  it('answers each with a short 400 problem of at most 20 errors, storing nothing, while /api/health is answered beside them', async () => {
    const before = await ticketCount();
    const [health, ...answers] = await Promise.all([t.fetch('/api/health'), ...ADVERSARIAL_BODIES.map((b) => send(b))]);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    ADVERSARIAL_BODIES.forEach((b, i) => {
      const answer = answers[i] as Answer;
      expect(answer.status, b.name).toBe(400);
      expect(answer.contentType, b.name).toMatch(b.contentType === 'application/json' ? /application\/problem\+json/ : /text\/html/);
      expect(listedProblems(answer), b.name).toBeLessThanOrEqual(20);
      // A few problems, never the body sent back: the answer stays far below the 64 KiB sent.
      expect(answer.text.length, b.name).toBeLessThan(16 * 1024);
    });
    expect(await ticketCount()).toBe(before);
  });

  it('lists the first 20 of thousands of problems and counts the rest in moreErrors', async () => {
    const b = ADVERSARIAL_BODIES.find((x) => x.name === 'JSON: thousands of keys') as AdversarialBody;
    const problem = problemOf(await send(b));
    // every key is unknown, and the five required fields are missing
    const keys = (new TextDecoder().decode(b.body).match(/"k\d+"/g) ?? []).length;
    expect(problem.errors).toHaveLength(20);
    expect(problem.errors).toContainEqual(expect.objectContaining({ path: 'k0', code: 'unknown_field' }));
    expect(problem.moreErrors).toBe(keys + 5 - 20);
    expect(problem.detail).toMatch(new RegExp(`And ${keys + 5 - 20} more problems\\.$`));
  });

  it('says once which field a form sent 1,500 times', async () => {
    const repeatedEmail = Array.from({ length: 1500 }, (): [string, string] => ['reporter.email', 'eve@evil.example']);
    const answer = await send(formBody([...asFormFields(aSubmission({ reporter: { locale: 'en' } })), ...repeatedEmail]));
    expect(answer.status).toBe(400);
    expect(answer.text.match(/<li>/g)).toHaveLength(1);
    expect(answer.text).toContain('The email address was sent more than once; please send it once.');
  });

  it('answers a plain form post of thousands of names with a page of 20 problems and a count of the rest', async () => {
    const b = ADVERSARIAL_BODIES.find((x) => x.name === 'form: thousands of different names') as AdversarialBody;
    const answer = await send(b, 'text/html');
    expect(answer.status).toBe(400);
    expect(answer.text.match(/<li>/g)).toHaveLength(20);
    expect(answer.text).toMatch(/There are [\d,]+ more problems, not listed here\./);
  });
});
