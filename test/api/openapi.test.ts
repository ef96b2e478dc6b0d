// The API reference (openapi/openapi.json) against the app itself: the document is valid OpenAPI
// 3.1, it lists exactly the HTTP routes the app registers, and every answer the app gives to
// typical requests, through the local host against Azurite, is documented for its operation:
// its status, its media type, its required headers, and its JSON body by the document's schema.

import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import document from '../../openapi/openapi.json';
import { newConfirmationNumber } from '../../src/domain/confirmationNumber';
import { FIELD_ERROR_CODES } from '../../src/domain/submission';
import { CATEGORIES, HISTORY_EVENTS, NOTIFIABLE_EVENTS, OUTCOMES, PRIORITIES, SEVERITIES, STATUS_CHANGES, TICKET_STATUSES } from '../../src/domain/ticket';
import { PARTIES } from '../../src/domain/vocabulary';
import { consoleCookieOf, signInToConsole } from '../support/consoleSession';
import { csrfOf, statusCookieOf } from '../support/statusPage';
import { PUBLIC_TICKET_FIELDS } from '../../src/web/presentation';
import { aSubmission, asFormFields } from '../support/builders';
import { indexNow } from '../support/indexing';
import { startTestHost, type TestHost } from '../support/testHost';

const OPS_KEY = 'ops-key-for-openapi-tests-0123456789';
const OPERATOR = { authorization: `Bearer ${OPS_KEY}` };
const JSON_BODY = { 'content-type': 'application/json' };

// The document's shape, as far as these checks read it.
interface Schema {
  [keyword: string]: unknown;
}
interface Header {
  required?: boolean;
}
interface ResponseObject {
  headers?: Record<string, Header>;
  content?: Record<string, { schema: Schema }>;
}
interface Operation {
  operationId: string;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, ResponseObject>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

let t: TestHost;
/** The document with every $ref replaced by what it names, so each schema compiles on its own. */
let resolved: Document;
// Strict about keywords (an OpenAPI 3.0 habit such as `example` is refused); not about
// `required` or `properties` without `type: object`, which the document's conditions use.
const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true });
addFormats(ajv);
const compiled = new Map<Schema, ValidateFunction>();

function validatorFor(schema: Schema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

function expectValid(schema: Schema, value: unknown, what: string): void {
  const validate = validatorFor(schema);
  const valid = validate(value);
  expect(valid, `${what}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value)}`).toBe(true);
}

function pathPattern(template: string): RegExp {
  return new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
}

function operationFor(method: string, pathname: string): { template: string; operation: Operation } {
  const template = Object.keys(resolved.paths).find((p) => pathPattern(p).test(pathname));
  const operation = template === undefined ? undefined : resolved.paths[template]?.[method.toLowerCase()];
  expect(operation, `${method} ${pathname} is not in the document`).toBeDefined();
  return { template: template as string, operation: operation as Operation };
}

/** Which operations these tests have called, by `METHOD /template`. */
const exercised = new Set<string>();

interface Answer {
  res: Response;
  status: number;
  /** The parsed JSON body, or the text of any other body. */
  body: unknown;
}

/**
 * Calls the app and checks the answer against the document: a documented status, a documented
 * media type (none where the document gives no content), the required headers, and a JSON body
 * that matches the schema, 4xx and 5xx bodies the Problem schema with the same status. A JSON
 * request that succeeds must match the document's request schema too: the document may not
 * refuse what the app takes.
 */
async function call(method: string, pathAndQuery: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const pathname = new URL(pathAndQuery, 'http://host').pathname;
  const { template, operation } = operationFor(method, pathname);
  exercised.add(`${method} ${template}`);
  const res = await t.fetch(pathAndQuery, { method, redirect: 'manual', headers: init.headers ?? {}, ...(init.body === undefined ? {} : { body: init.body }) });
  const where = `${method} ${pathAndQuery} answered ${res.status}`;
  const documented = operation.responses[String(res.status)];
  expect(documented, `${where}, which ${operation.operationId} does not document (it has ${Object.keys(operation.responses).join(', ')})`).toBeDefined();
  const response = documented as ResponseObject;

  for (const [name, header] of Object.entries(response.headers ?? {})) {
    if (header.required) expect(res.headers.get(name), `${where} without its required ${name} header`).not.toBeNull();
  }

  const text = await res.text();
  const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  let body: unknown = text;
  if (!response.content) {
    expect(text, `${where} with a body the document does not give it`).toBe('');
  } else {
    const content = response.content[mediaType];
    expect(content, `${where} as "${mediaType}", which is not documented (${Object.keys(response.content).join(', ')})`).toBeDefined();
    if (mediaType.endsWith('json')) {
      body = JSON.parse(text);
      expectValid((content as { schema: Schema }).schema, body, `${where}: the body does not match the document`);
    }
  }
  if (res.status >= 400 && mediaType.endsWith('json')) {
    expect(mediaType, where).toBe('application/problem+json');
    expectValid(resolved.components.schemas.Problem as Schema, body, `${where}: not a problem`);
    expect((body as { status: number }).status, where).toBe(res.status);
  }

  const requestType = (init.headers?.['content-type'] ?? '').split(';')[0]?.trim();
  const requestSchema = requestType === undefined ? undefined : operation.requestBody?.content[requestType]?.schema;
  if (res.status < 300 && requestType === 'application/json' && requestSchema && init.body !== undefined) {
    expectValid(requestSchema, JSON.parse(init.body), `${method} ${pathAndQuery} was taken, but its body does not match the document`);
  }
  return { res, status: res.status, body };
}

const json = (body: unknown) => JSON.stringify(body);

async function submitted(overrides: Record<string, unknown> = {}): Promise<{ confirmationNumber: string; accessToken: string }> {
  const answer = await call('POST', '/api/tickets', { headers: JSON_BODY, body: json(aSubmission(overrides)) });
  expect(answer.status).toBe(201);
  const receipt = answer.body as { confirmationNumber: string; accessToken: string };
  await indexNow(t.connectionString, receipt.confirmationNumber); // what the (stopped) queue worker would do
  return receipt;
}

/** A well-formed number (check character and all) that no ticket has. */
const unknownNumber = () => newConfirmationNumber(randomBytes);
/** The number with its check character mistyped. */
const mistyped = (n: string) => `${n.slice(0, -1)}${n.endsWith('0') ? '1' : '0'}`;

/** The app's HTTP functions, as it registered them, each with its trigger binding. */
function httpFunctions(): Array<{ name: string; trigger: { route?: unknown; methods?: unknown } & Record<string, unknown> }> {
  return t.host.functions.flatMap((fn) => {
    const trigger = Object.values(fn.metadata.bindings).find((b) => b.type === 'httpTrigger');
    return trigger ? [{ name: fn.name, trigger }] : [];
  });
}

/** The registered HTTP routes as OpenAPI paths (`/api/tickets/{confirmationNumber}`), with their methods. */
function registeredOperations(): string[] {
  const hostJson = JSON.parse(readFileSync('host.json', 'utf8')) as { extensions?: { http?: { routePrefix?: string } } };
  const prefix = hostJson.extensions?.http?.routePrefix ?? 'api';
  return httpFunctions().flatMap(({ name, trigger }) => {
    const route = typeof trigger.route === 'string' ? trigger.route : name;
    // `{name:constraint}`, `{name?}` and `{*name}` are all the parameter `{name}` to OpenAPI.
    const path = `/${[prefix, route].filter((s) => s !== '').join('/')}`.replace(/\{\**([A-Za-z_][\w-]*)[^}]*\}/g, '{$1}');
    const methods = Array.isArray(trigger.methods) && trigger.methods.length > 0 ? (trigger.methods as string[]) : ['GET', 'POST'];
    return methods.map((method) => `${method.toUpperCase()} ${path}`);
  });
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The document's operations, with their method and path (a path item also holds `parameters`). */
function operations(): Array<{ method: string; path: string; operation: Operation }> {
  return Object.entries(resolved.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([key]) => HTTP_METHODS.includes(key))
      .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}

function documentedOperations(): string[] {
  return operations().map(({ method, path }) => `${method} ${path}`);
}

beforeAll(async () => {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(document));
  expect(result.errors ?? [], 'openapi/openapi.json is not a valid OpenAPI document').toEqual([]);
  expect(validator.version).toBe('3.1');
  resolved = validator.resolveRefs() as unknown as Document;
  t = await startTestHost({ env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: `/tmp/openapi-outbox-${process.pid}` }, enableQueues: false });
});
afterAll(async () => t?.stop());

describe('the document', () => {
  it('lists every route and method the app registers, and nothing it does not', () => {
    expect(documentedOperations().sort()).toEqual(registeredOperations().sort());
  });

  it('names each operation after the function that serves it', () => {
    expect(
      operations()
        .map(({ operation }) => operation.operationId)
        .sort(),
    ).toEqual(
      httpFunctions()
        .map(({ name }) => name)
        .sort(),
    );
  });

  it('compiles as JSON Schema 2020-12, every schema of it', () => {
    for (const [name, schema] of Object.entries(resolved.components.schemas)) {
      expect(() => validatorFor(schema), name).not.toThrow();
    }
  });

  it('names the field-problem codes, priorities, severities and outcomes the domain has', () => {
    const schemas = resolved.components.schemas as Record<string, { enum?: unknown[]; properties?: Record<string, { enum?: unknown[] }> }>;
    expect(schemas.FieldProblem?.properties?.code?.enum).toEqual([...FIELD_ERROR_CODES]);
    expect(schemas.Priority?.enum).toEqual([...PRIORITIES]);
    expect(schemas.Severity?.enum).toEqual([...SEVERITIES]);
    expect(schemas.Outcome?.enum).toEqual([...OUTCOMES]);
  });

  it('names the statuses, status changes, history events and public ticket fields the domain and the pages have', () => {
    const schemas = resolved.components.schemas as Record<
      string,
      { enum?: unknown[]; required?: unknown[]; properties?: Record<string, { enum?: unknown[] }> }
    >;
    expect(schemas.TicketStatus?.enum).toEqual([...TICKET_STATUSES]);
    expect(schemas.StatusChange?.properties?.status?.enum).toEqual([...STATUS_CHANGES]);
    expect(schemas.HistoryEntry?.properties?.event?.enum).toEqual([...HISTORY_EVENTS]);
    expect(schemas.HistoryEntry?.properties?.about?.enum).toEqual([...NOTIFIABLE_EVENTS]);
    expect(schemas.HistoryEntry?.properties?.by?.enum).toEqual([...PARTIES]);
    expect(schemas.TicketFields?.properties?.category?.enum).toEqual([...CATEGORIES]);
    expect(schemas.TicketFields?.required).toEqual([...PUBLIC_TICKET_FIELDS]);
    expect(Object.keys(schemas.TicketFields?.properties ?? {})).toEqual([...PUBLIC_TICKET_FIELDS]);
  });

  it('is served at /api/openapi.json, anonymous and cacheable, as it is in the repository', async () => {
    const served = await call('GET', '/api/openapi.json');
    expect(served.status).toBe(200);
    expect(served.body).toEqual(document);
    expect(served.res.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    const etag = served.res.headers.get('etag') ?? '';
    const again = await call('GET', '/api/openapi.json', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect((await call('GET', '/api/openapi.json', { headers: { 'if-none-match': '"another"' } })).status).toBe(200);
  });
});

describe('POST /api/tickets answers as documented', () => {
  it('201, then 200 for the replay and 422 for the same key with another body', async () => {
    const key = `openapi-${randomUUID()}`;
    const body = json(aSubmission({ category: 'vulnerability', cveId: 'CVE-2021-44228', cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' }));
    const headers = { ...JSON_BODY, 'idempotency-key': key };
    expect((await call('POST', '/api/tickets', { headers, body })).status).toBe(201);
    expect((await call('POST', '/api/tickets', { headers, body })).status).toBe(200);
    expect((await call('POST', '/api/tickets', { headers, body: json(aSubmission({ summary: 'Another summary entirely' })) })).status).toBe(422);
  });

  it('201 for a report with every optional field, and for one with optional fields null', async () => {
    await submitted({
      mitigation: { available: true, steps: 'Turn the console off.' },
      customerNotification: { requested: true, message: 'Please update.' },
      reporter: { locale: 'de' },
    });
    await submitted({ cveId: null, cvssVector: null, mitigation: null, customerNotification: null, reporter: { locale: null } });
  });

  it('201 with the whole vector\u2019s score beside the base, as GET /api/tickets/{n} and the operators\u2019 report give it', async () => {
    for (const [cvssVector, cvss] of [
      [
        'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/IR:L/AR:L/MAV:L',
        { version: '3.1', baseScore: 9.8, baseSeverity: 'critical', score: 6.6, severity: 'medium' },
      ],
      [
        'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U/CR:L/U:Red',
        { version: '4.0', baseScore: 7.7, baseSeverity: 'high', score: 4.9, severity: 'medium', nomenclature: 'CVSS-BTE' },
      ],
    ] as const) {
      const created = await call('POST', '/api/tickets', { headers: JSON_BODY, body: json(aSubmission({ category: 'vulnerability', cvssVector })) });
      expect(created.status).toBe(201);
      const { confirmationNumber: n, accessToken } = created.body as { confirmationNumber: string; accessToken: string; cvss: unknown };
      expect((created.body as { cvss: unknown }).cvss).toEqual(cvss);
      expect((await call('GET', `/api/tickets/${n}`, { headers: { authorization: `Bearer ${accessToken}` } })).body).toMatchObject({ cvss });
      expect((await call('GET', `/api/ops/tickets/${n}`, { headers: OPERATOR })).body).toMatchObject({ cvss, report: { cvssVector } });
    }
  });

  it('303 for a form post, and its refusal as a page', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const accepted = await call('POST', '/api/tickets', { headers: form, body: new URLSearchParams(asFormFields(aSubmission())).toString() });
    expect(accepted.status).toBe(303);
    const refused = await call('POST', '/api/tickets', { headers: form, body: new URLSearchParams(asFormFields(aSubmission({ summary: 'x' }))).toString() });
    expect(refused.status).toBe(400);
    expect(refused.res.headers.get('content-type')).toContain('text/html');
  });

  it('400 problems: unknown fields (with moreErrors beyond 20), a bad vector, bad JSON, a bad Idempotency-Key', async () => {
    const unknown = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`extra${i}`, 'x']));
    const many = await call('POST', '/api/tickets', { headers: JSON_BODY, body: json(aSubmission(unknown)) });
    expect(many.status).toBe(400);
    expect(many.body).toMatchObject({ moreErrors: 5 });
    const vector = await call('POST', '/api/tickets', { headers: JSON_BODY, body: json(aSubmission({ cvssVector: 'CVSS:3.1/AV:Q' })) });
    expect(vector.status).toBe(400);
    for (const [cvssVector, metric] of [
      ['CVSS:4.0/AC:H/AV:P/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'AV'],
      ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:S', 'SA'],
    ]) {
      const refused = await call('POST', '/api/tickets', { headers: JSON_BODY, body: json(aSubmission({ category: 'vulnerability', cvssVector })) });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        errors: [{ path: 'cvssVector', code: 'invalid_cvss', params: { metric }, message: expect.stringMatching(new RegExp(`\\b${metric}\\b`)) }],
      });
    }
    expect((await call('POST', '/api/tickets', { headers: JSON_BODY, body: '{"category":' })).status).toBe(400);
    expect((await call('POST', '/api/tickets', { headers: JSON_BODY, body: '[]' })).status).toBe(400);
    const badKey = { ...JSON_BODY, 'idempotency-key': 'k'.repeat(256) };
    expect((await call('POST', '/api/tickets', { headers: badKey, body: json(aSubmission()) })).status).toBe(400);
  });

  it('413 for a body over 64 KiB and 415 for another media type', async () => {
    const large = json(aSubmission({ description: 'x'.repeat(65 * 1024) }));
    expect((await call('POST', '/api/tickets', { headers: JSON_BODY, body: large })).status).toBe(413);
    expect((await call('POST', '/api/tickets', { headers: { 'content-type': 'text/plain' }, body: 'hello' })).status).toBe(415);
  });
});

describe('GET /api/tickets/{confirmationNumber} answers as documented', () => {
  it('200 as JSON for the bearer token, the old ?token= and an operator, and as a page for a browser', async () => {
    const { confirmationNumber: n, accessToken } = await submitted();
    const json = await call('GET', `/api/tickets/${n}`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ confirmationNumber: n, confirmationEmail: 'queued' });
    expect((await call('GET', `/api/tickets/${n}?token=${encodeURIComponent(accessToken)}`)).status).toBe(200);
    expect((await call('GET', `/api/tickets/${n}`, { headers: OPERATOR })).status).toBe(200);
    const page = await call('GET', `/api/tickets/${n}?token=${encodeURIComponent(accessToken)}&submitted=1`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.res.headers.get('content-type')).toContain('text/html');
  });

  it('401 without a credential, 404 for a wrong token or an unknown number, 400 for a mistyped number', async () => {
    const { confirmationNumber: n } = await submitted();
    expect((await call('GET', `/api/tickets/${n}`)).status).toBe(401);
    expect((await call('GET', `/api/tickets/${n}`, { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(404);
    expect((await call('GET', `/api/tickets/${unknownNumber()}`, { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(404);
    expect((await call('GET', `/api/tickets/${mistyped(n)}`, { headers: OPERATOR })).status).toBe(400);
    const page = await call('GET', `/api/tickets/${n}?token=wrong`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    expect(page.res.headers.get('content-type')).toContain('text/html');
  });
});

describe('the status page without JavaScript answers as documented', () => {
  it('a browser without a credential gets the page that asks for the code; posting it gives the status page, a wrong one 404, none 400', async () => {
    const { confirmationNumber: n, accessToken } = await submitted();
    const asks = await call('GET', `/api/tickets/${n}`, { headers: { accept: 'text/html' } });
    expect(asks.status).toBe(200);
    const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
    const shown = await call('POST', `/api/tickets/${n}/view`, { headers: form, body: new URLSearchParams({ token: accessToken }).toString() });
    expect(shown.status).toBe(200);
    expect(shown.res.headers.get('content-type')).toContain('text/html');
    expect((await call('POST', `/api/tickets/${n}/view`, { headers: form, body: 'token=not-the-token' })).status).toBe(404);
    expect((await call('POST', `/api/tickets/${n}/view`, { headers: form, body: 'token=' })).status).toBe(400);
  });

  it('serves the status page script', async () => {
    const script = await call('GET', '/api/status-page.js');
    expect(script.status).toBe(200);
    expect(script.res.headers.get('content-type')).toContain('text/javascript');
  });
});

describe('the operator routes answer as documented', () => {
  it('acknowledge: 200, then 409; 400 for a bad body or no severity to default to; 404, 413, 415', async () => {
    const { confirmationNumber: n } = await submitted();
    const acknowledge = (number: string, body: string, headers: Record<string, string> = { ...OPERATOR, ...JSON_BODY }) =>
      call('POST', `/api/tickets/${number}/acknowledge`, { headers, body });
    expect((await acknowledge(n, json({ priority: 'p9' }))).status).toBe(400);
    expect((await acknowledge(n, json({ priority: 'p2' }))).status).toBe(400); // no CVSS score to suggest a severity
    expect((await acknowledge(n, json({ priority: 'p2', note: 'x'.repeat(17 * 1024) }))).status).toBe(413);
    expect((await acknowledge(n, json({ priority: 'p2' }), { ...OPERATOR, 'content-type': 'text/plain' })).status).toBe(415);
    expect((await acknowledge(unknownNumber(), json({ priority: 'p2', severity: 'low' }))).status).toBe(404);
    const done = await acknowledge(n, json({ priority: 'p2', severity: 'high', note: 'Looking at it.' }));
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'acknowledged', priority: 'p2', severity: 'high' });
    expect((await acknowledge(n, json({ priority: 'p2', severity: 'high' }))).status).toBe(409);
  });

  it('status: 200 along the lifecycle, 400 for resolved without an outcome, 409 for a step it does not allow', async () => {
    const { confirmationNumber: n } = await submitted({ category: 'vulnerability', cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N' });
    const status = (body: unknown) => call('POST', `/api/tickets/${n}/status`, { headers: { ...OPERATOR, ...JSON_BODY }, body: json(body) });
    expect((await status({ status: 'investigating' })).status).toBe(409); // not acknowledged yet
    await call('POST', `/api/tickets/${n}/acknowledge`, { headers: { ...OPERATOR, ...JSON_BODY }, body: json({ priority: 'p3' }) });
    expect((await status({ status: 'investigating' })).status).toBe(200);
    expect((await status({ status: 'resolved' })).status).toBe(400);
    expect((await status({ status: 'investigating', outcome: 'mitigated' })).status).toBe(400);
    const resolved = await status({ status: 'resolved', outcome: 'mitigated', note: 'Fixed in 2.1.' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', outcome: 'mitigated' });
    expect((await status({ status: 'investigating' })).status).toBe(400); // a reopening needs its note
    const reopened = await status({ status: 'investigating', note: 'The fix did not hold in 2.1.1.' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'investigating', outcome: null });
  });

  it('list: 200 with and without filters; 400 for a bad filter, an unknown parameter or a made-up continuationToken', async () => {
    await submitted();
    const all = await call('GET', '/api/ops/tickets', { headers: OPERATOR });
    expect(all.status).toBe(200);
    expect((all.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect((await call('GET', '/api/ops/tickets?status=submitted&slaBreached=false', { headers: OPERATOR })).status).toBe(200);
    expect((await call('GET', '/api/ops/tickets?status=closed', { headers: OPERATOR })).status).toBe(400);
    expect((await call('GET', '/api/ops/tickets?sort=newest', { headers: OPERATOR })).status).toBe(400);
    expect((await call('GET', '/api/ops/tickets?continuationToken=made-up', { headers: OPERATOR })).status).toBe(400);
  });

  it('sla-report: 200 by default and over 90 days; 400 for days out of range or an unknown parameter', async () => {
    await submitted();
    const record = await call('GET', '/api/ops/sla-report', { headers: OPERATOR });
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ days: 30 });
    expect((await call('GET', '/api/ops/sla-report?days=90', { headers: OPERATOR })).body).toMatchObject({ days: 90 });
    expect((await call('GET', '/api/ops/sla-report?days=0', { headers: OPERATOR })).status).toBe(400);
    expect((await call('GET', '/api/ops/sla-report?days=366', { headers: OPERATOR })).status).toBe(400);
    expect((await call('GET', '/api/ops/sla-report?window=30', { headers: OPERATOR })).status).toBe(400);
  });

  it('report: 200 with the report, 400 for a mistyped number, 404 for an unknown one', async () => {
    const { confirmationNumber: n } = await submitted({ cveId: 'CVE-2024-3094' });
    const report = await call('GET', `/api/ops/tickets/${n}`, { headers: OPERATOR });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ report: { cveId: 'CVE-2024-3094' } });
    const more = { affectedVersions: '2.0 to 2.4.1', weakness: 'CWE-79', exploitation: 'active', publicDisclosure: '2031-01-15' };
    const { confirmationNumber: full, accessToken } = await submitted(more);
    expect((await call('GET', `/api/ops/tickets/${full}`, { headers: OPERATOR })).body).toMatchObject({ exploitation: 'active', report: more });
    expect((await call('GET', `/api/tickets/${full}`, { headers: { authorization: `Bearer ${accessToken}` } })).body).toMatchObject({
      exploitation: 'active',
      publicDisclosure: '2031-01-15',
    });
    const refused = await call('POST', '/api/tickets', { headers: JSON_BODY, body: json(aSubmission({ weakness: 'CWE-0', publicDisclosure: 'soon' })) });
    expect(refused.status).toBe(400);
    expect((await call('GET', `/api/ops/tickets/${mistyped(n)}`, { headers: OPERATOR })).status).toBe(400);
    expect((await call('GET', `/api/ops/tickets/${unknownNumber()}`, { headers: OPERATOR })).status).toBe(404);
  });

  it('401 without a credential and 403 for a reporter token, on every operator route', async () => {
    const { confirmationNumber: n, accessToken } = await submitted();
    const routes: Array<[string, string, string?]> = [
      ['POST', `/api/tickets/${n}/acknowledge`, json({ priority: 'p1', severity: 'low' })],
      ['POST', `/api/tickets/${n}/status`, json({ status: 'investigating' })],
      ['GET', '/api/ops/tickets'],
      ['GET', `/api/ops/tickets/${n}`],
      ['GET', '/api/ops/sla-report?days=90'],
    ];
    for (const [method, path, body] of routes) {
      const send = (headers: Record<string, string>) => call(method, path, { headers: { ...JSON_BODY, ...headers }, ...(body === undefined ? {} : { body }) });
      expect((await send({})).status, `${method} ${path}`).toBe(401);
      expect((await send({ authorization: `Bearer ${accessToken}` })).status, `${method} ${path}`).toBe(403);
    }
  });
});

describe('the customer notice answers as documented', () => {
  it('GET, PUT and approve as JSON: 200, and each refusal (400, 401, 404, 409, 413, 415, 429)', async () => {
    const { confirmationNumber: n, accessToken } = await submitted({ customerNotification: { requested: true, message: 'Please update.' } });
    const other = await submitted();
    const reporter = { authorization: `Bearer ${accessToken}` };
    const none = await call('GET', `/api/tickets/${other.confirmationNumber}/customer-notice`, { headers: OPERATOR });
    expect(none.body).toMatchObject({ status: 'none', version: 0 });
    expect((await call('GET', `/api/tickets/${n}/customer-notice`, { headers: reporter })).status).toBe(200);
    expect((await call('GET', `/api/tickets/${n}/customer-notice`)).status).toBe(401);
    expect((await call('GET', `/api/tickets/${n}/customer-notice`, { headers: { authorization: `Bearer ${other.accessToken}` } })).status).toBe(404);
    expect((await call('GET', `/api/tickets/${mistyped(n)}/customer-notice`, { headers: OPERATOR })).status).toBe(400);

    const put = (body: unknown, headers: Record<string, string> = OPERATOR, type = 'application/json') =>
      call('PUT', `/api/tickets/${n}/customer-notice`, { headers: { 'content-type': type, ...headers }, body: typeof body === 'string' ? body : json(body) });
    expect((await put({ text: 'Please update today.', basedOnVersion: 1 })).status).toBe(200);
    expect((await put({ text: 'Late edit', basedOnVersion: 1 }, reporter)).status).toBe(409);
    expect((await put({ text: '', basedOnVersion: 2 }, reporter)).status).toBe(400);
    expect((await put({ text: 'x', basedOnVersion: 2 }, {})).status).toBe(401);
    expect((await put({ text: 'x', basedOnVersion: 2 }, { authorization: `Bearer ${other.accessToken}` })).status).toBe(404);
    expect((await put('text=x', OPERATOR, 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await put({ text: 'x'.repeat(70_000), basedOnVersion: 2 })).status).toBe(413);

    const approveAs = (headers: Record<string, string>, body: unknown) =>
      call('POST', `/api/tickets/${n}/customer-notice/approve`, { headers: { ...JSON_BODY, ...headers }, body: json(body) });
    expect((await approveAs(OPERATOR, { version: 2 })).status).toBe(409);
    expect((await approveAs(reporter, { version: 0 })).status).toBe(400);
    expect((await approveAs({}, { version: 2 })).status).toBe(401);
    expect((await approveAs({ authorization: `Bearer ${other.accessToken}` }, { version: 2 })).status).toBe(404);
    expect(
      (await call('POST', `/api/tickets/${n}/customer-notice/approve`, { headers: { 'content-type': 'text/plain', ...reporter }, body: '2' })).status,
    ).toBe(415);
    expect((await call('POST', `/api/tickets/${n}/customer-notice/approve`, { headers: { ...JSON_BODY, ...reporter }, body: 'x'.repeat(70_000) })).status).toBe(
      413,
    );
    expect((await approveAs(reporter, { version: 2 })).status).toBe(200);

    // A flood: the ticket's 30 proposals an hour (version 2 was the first), then 429.
    let version = 2;
    for (; version < 31; version++) expect((await put({ text: `Draft ${version + 1}`, basedOnVersion: version }, reporter)).status).toBe(200);
    const flooded = await put({ text: 'One too many', basedOnVersion: version }, reporter);
    expect(flooded.status).toBe(429);
  });

  it('the status page’s forms: 200 with the page, the refusals as pages', async () => {
    const { confirmationNumber: n, accessToken } = await submitted({ customerNotification: { requested: true, message: 'Please update.' } });
    const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
    const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = form) =>
      call('POST', `/api/tickets/${n}/customer-notice${path}`, { headers, body: new URLSearchParams(fields).toString() });
    expect(
      (await call('PUT', `/api/tickets/${n}/customer-notice`, { headers: { ...JSON_BODY, ...OPERATOR }, body: json({ text: 'Team', basedOnVersion: 1 }) }))
        .status,
    ).toBe(200);
    expect((await post('/approve', { token: accessToken, version: '1' })).status).toBe(409);
    expect((await post('/approve', { token: accessToken, version: 'one' })).status).toBe(400);
    expect((await post('/approve', { version: '2' })).status).toBe(401);
    expect((await post('/approve', { token: 'not-the-token', version: '2' })).status).toBe(404);
    const approved = await post('/approve', { token: accessToken, version: '2' });
    expect(approved.status).toBe(200);
    expect(approved.res.headers.get('content-type')).toContain('text/html');
    expect((await post('', { token: accessToken, text: '', basedOnVersion: '2' })).status).toBe(400);
    expect((await post('', { token: accessToken, text: 'Mine', basedOnVersion: '1' })).status).toBe(409);
    expect((await post('', { text: 'Mine', basedOnVersion: '2' })).status).toBe(401);
    expect((await post('', { token: 'not-the-token', text: 'Mine', basedOnVersion: '2' })).status).toBe(404);
    expect((await post('', { token: accessToken, text: 'x'.repeat(70_000), basedOnVersion: '2' })).status).toBe(413);
    expect(
      (await post('', { token: accessToken, text: 'Mine', basedOnVersion: '2' }, { 'content-type': 'application/json', accept: 'text/html' })).status,
    ).toBe(415);
    expect((await post('', { token: accessToken, text: 'Mine', basedOnVersion: '2' })).status).toBe(200);
  });
});

describe('the thread answers as documented', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

  it('POST: 201 for the reporter and an operator; 400, 401, 404, 409, 413, 415; GET: 200, 400, 401, 404', async () => {
    const { confirmationNumber: n, accessToken } = await submitted();
    const reporter = { authorization: `Bearer ${accessToken}`, ...JSON_BODY };
    const post = (headers: Record<string, string>, body: string, number = n) => call('POST', `/api/tickets/${number}/messages`, { headers, body });
    expect((await post(reporter, json({ body: 'A detail I forgot: it also answers on port 8443.' }))).status).toBe(201);
    expect((await post({ ...OPERATOR, ...JSON_BODY }, json({ body: 'Seen, thank you.', kind: 'internal-note' }))).status).toBe(201);
    expect((await post({ ...OPERATOR, ...JSON_BODY }, json({ body: 'Which version?', kind: 'information-request' }))).status).toBe(409); // not acknowledged yet
    expect((await post(reporter, json({ body: '' }))).status).toBe(400);
    expect((await post(reporter, json({ body: 'x', kind: 'message' }))).status).toBe(400);
    expect((await post(JSON_BODY, json({ body: 'x' }))).status).toBe(401);
    expect((await post({ ...JSON_BODY, authorization: 'Bearer not-the-token' }, json({ body: 'x' }))).status).toBe(404);
    expect((await post(reporter, json({ body: 'x'.repeat(257 * 1024) }))).status).toBe(413);
    expect((await post({ ...reporter, 'content-type': 'text/plain' }, 'hello')).status).toBe(415);

    const list = (headers: Record<string, string>, number = n) => call('GET', `/api/tickets/${number}/messages`, { headers });
    const mine = await list({ authorization: `Bearer ${accessToken}` });
    expect(mine.status).toBe(200);
    expect((mine.body as { items: unknown[] }).items).toHaveLength(1);
    expect(((await list(OPERATOR)).body as { items: unknown[] }).items).toHaveLength(2);
    expect((await list({})).status).toBe(401);
    expect((await list({ authorization: 'Bearer not-the-token' })).status).toBe(404);
    expect((await list(OPERATOR, mistyped(n))).status).toBe(400);
  });

  it('from the status page: 200 with the page for a reply that went, the page again (400) for a blank one or no code, 404 for a wrong code, 409 once resolved, 429 over the limit', async () => {
    const { confirmationNumber: n, accessToken } = await submitted();
    const reply = (body: string, token = accessToken) =>
      call('POST', `/api/tickets/${n}/messages`, { headers: form, body: new URLSearchParams({ token, body }).toString() });
    const sent = await reply('It also answers on port 8443.');
    expect(sent.status).toBe(200);
    expect(sent.res.headers.get('content-type')).toContain('text/html');
    expect(sent.body).not.toContain(accessToken);
    const blank = await reply('   ');
    expect(blank.status).toBe(400);
    expect(blank.res.headers.get('content-type')).toContain('text/html');
    const noCode = await call('POST', `/api/tickets/${n}/messages`, { headers: form, body: new URLSearchParams({ body: 'hello' }).toString() });
    expect(noCode.status).toBe(400);
    expect((await reply('x', 'not-the-token')).status).toBe(404);
    for (let i = 1; i < 30; i++) expect((await reply(`detail ${i}`)).status).toBe(200);
    const flood = await reply('one too many');
    expect(flood.status).toBe(429);
    await call('POST', `/api/tickets/${n}/acknowledge`, { headers: { ...OPERATOR, ...JSON_BODY }, body: json({ priority: 'p3', severity: 'low' }) });
    await call('POST', `/api/tickets/${n}/status`, { headers: { ...OPERATOR, ...JSON_BODY }, body: json({ status: 'resolved', outcome: 'no-action' }) });
    expect((await reply('After the fact.')).status).toBe(409);
  });
});

describe('the evidence files answer as documented', () => {
  const multipart = (name: string, content: string, field = 'file') => ({
    'content-type': 'multipart/form-data; boundary=evidence',
    body: `--evidence\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n--evidence--\r\n`,
  });

  it('POST: 201 by multipart and raw; 400, 401, 404, 413, 415, 422; GET list: 200, 400, 401, 404; GET file: 200, 404', async () => {
    const { confirmationNumber: n, accessToken } = await submitted();
    const reporter = { authorization: `Bearer ${accessToken}` };
    const post = (headers: Record<string, string>, body: string, number = n) => call('POST', `/api/tickets/${number}/attachments`, { headers, body });
    const { body: partBody, 'content-type': partType } = multipart('notes.txt', 'It answers on port 8443.');
    const added = await post({ ...reporter, 'content-type': partType }, partBody);
    expect(added.status).toBe(201);
    const raw = await post({ ...OPERATOR, 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="report.pdf"' }, '%PDF-1.7\n%%EOF\n');
    expect(raw.status).toBe(201);
    const empty = multipart('empty.txt', '');
    expect((await post({ ...reporter, 'content-type': empty['content-type'] }, empty.body)).status).toBe(400);
    expect((await post({ ...reporter, 'content-type': 'text/plain' }, 'no name')).status).toBe(400);
    expect((await post({ 'content-type': partType }, partBody)).status).toBe(401);
    expect((await post({ authorization: 'Bearer not-the-token', 'content-type': partType }, partBody)).status).toBe(404);
    expect(
      (await post({ ...reporter, 'content-type': 'text/plain', 'content-disposition': 'attachment; filename="big.txt"' }, 'x'.repeat(10 * 1024 * 1024 + 1)))
        .status,
    ).toBe(413);
    const gif = multipart('a.png', 'GIF89a\u0001\u0000\u0001\u0000');
    expect((await post({ ...reporter, 'content-type': gif['content-type'] }, gif.body)).status).toBe(415);
    const zip = multipart('a.zip', 'PK\u0003\u0004 not really a zip');
    expect((await post({ ...reporter, 'content-type': zip['content-type'] }, zip.body)).status).toBe(422);

    const list = (headers: Record<string, string>, number = n) => call('GET', `/api/tickets/${number}/attachments`, { headers });
    const listed = await list(reporter);
    expect(listed.status).toBe(200);
    expect((listed.body as { items: unknown[] }).items).toHaveLength(2);
    expect((await list({})).status).toBe(401);
    expect((await list({ authorization: 'Bearer not-the-token' })).status).toBe(404);
    expect((await list(OPERATOR, mistyped(n))).status).toBe(400);

    const id = (added.body as { id: string }).id;
    const download = await call('GET', `/api/tickets/${n}/attachments/${id}`, { headers: reporter });
    expect(download.status).toBe(200);
    expect(download.body).toBe('It answers on port 8443.');
    expect((await call('GET', `/api/tickets/${n}/attachments/20260101T000000000Z-000000000000`, { headers: OPERATOR })).status).toBe(404);
  });
});

describe('the status page’s forms with the status cookie answer as documented', () => {
  it('403 without the page’s CSRF token, 200 with it: the reply, the proposal and the approval', async () => {
    const { confirmationNumber: n, accessToken } = await submitted({ customerNotification: { requested: true, message: 'Please update.' } });
    const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
    const shown = await call('POST', `/api/tickets/${n}/view`, { headers: form, body: new URLSearchParams({ token: accessToken }).toString() });
    const cookie = statusCookieOf(shown.res);
    const csrf = csrfOf(shown.body as string);
    const post = (path: string, fields: Record<string, string>) =>
      call('POST', `/api/tickets/${n}${path}`, { headers: { ...form, cookie }, body: new URLSearchParams(fields).toString() });
    expect((await post('/messages', { body: 'Forged' })).status).toBe(403);
    expect((await post('/customer-notice', { text: 'Forged', basedOnVersion: '1' })).status).toBe(403);
    expect((await post('/customer-notice/approve', { version: '1', csrf: 'wrong' })).status).toBe(403);
    expect((await post('/messages', { body: 'Mine', csrf })).status).toBe(200);
    expect((await post('/customer-notice', { text: 'Mine too', basedOnVersion: '1', csrf })).status).toBe(200);
    expect(
      (await call('PUT', `/api/tickets/${n}/customer-notice`, { headers: { ...JSON_BODY, ...OPERATOR }, body: json({ text: 'Team', basedOnVersion: 2 }) }))
        .status,
    ).toBe(200);
    expect((await post('/customer-notice/approve', { version: '3', csrf })).status).toBe(200);
  });
});

describe('the console’s sign-in answers as documented', () => {
  it('the page (200); the key refused (403), missing (400), as JSON (415), too large (413); signed in (303), the console (200), signed out (303); without a session (303) or its CSRF token (403)', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
    const signIn = (fields: Record<string, string>, headers: Record<string, string> = form) =>
      call('POST', '/api/console/sign-in', { headers, body: new URLSearchParams(fields).toString() });
    expect((await call('GET', '/api/console', { headers: { accept: 'text/html' } })).status).toBe(303);
    expect((await call('GET', '/api/console/sign-in?next=%2Fapi%2Fconsole', { headers: { accept: 'text/html' } })).status).toBe(200);
    expect((await signIn({ key: 'not-the-operator-key' })).status).toBe(403);
    expect((await signIn({ key: '' })).status).toBe(400);
    expect((await signIn({ key: OPS_KEY }, { 'content-type': 'application/json', accept: 'text/html' })).status).toBe(415);
    expect((await signIn({ key: OPS_KEY, next: 'x'.repeat(5000) })).status).toBe(413);
    const signedIn = await signIn({ key: OPS_KEY });
    expect(signedIn.status).toBe(303);
    const cookie = consoleCookieOf(signedIn.res);
    const page = await call('GET', '/api/console', { headers: { cookie, accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect((await call('GET', '/api/console/sign-in', { headers: { cookie, accept: 'text/html' } })).status).toBe(303);
    expect((await call('POST', '/api/console/sign-out', { headers: { ...form, cookie }, body: 'csrf=forged' })).status).toBe(403);
    expect((await call('POST', '/api/console/sign-out', { headers: { ...form, cookie }, body: `csrf=${csrfOf(page.body as string)}` })).status).toBe(303);
    expect((await call('POST', '/api/console/sign-out', { headers: form, body: '' })).status).toBe(303);
  });
});

describe('the console’s pages answer as documented', () => {
  it('the queue (200, 400), the record (200), the script (200), a ticket (200, 400, 404), without a session (303)', async () => {
    const { cookie } = await signInToConsole(t, OPS_KEY);
    const page = { cookie, accept: 'text/html' };
    const { confirmationNumber: n } = await submitted();
    const queue = await call('GET', '/api/console?status=submitted&category=incident&severity=high&breached=false', { headers: page });
    expect(queue.status).toBe(200);
    expect(queue.res.headers.getSetCookie().some((c) => c.startsWith('console-last-look='))).toBe(true);
    expect((await call('GET', `/api/console?q=${n}`, { headers: { ...page, 'x-console-refresh': '1' } })).status).toBe(200);
    expect((await call('GET', '/api/console?status=lost', { headers: page })).status).toBe(400);
    expect((await call('GET', '/api/console?continuationToken=made-up', { headers: page })).status).toBe(400);
    expect((await call('GET', '/api/console/sla', { headers: page })).status).toBe(200);
    expect((await call('GET', '/api/console/sla', { headers: { accept: 'text/html' } })).status).toBe(303);
    const script = await call('GET', '/api/console.js');
    expect(script.status).toBe(200);
    expect(script.res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await call('GET', `/api/console/tickets/${n}?done=acknowledge`, { headers: page })).status).toBe(200);
    expect((await call('GET', `/api/console/tickets/${mistyped(n)}`, { headers: page })).status).toBe(400);
    expect((await call('GET', `/api/console/tickets/${unknownNumber()}`, { headers: page })).status).toBe(404);
    expect((await call('GET', `/api/console/tickets/${n}`, { headers: { accept: 'text/html' } })).status).toBe(303);
  });

  it('an action: 303 done, 409 after someone else, 400 for a field, 403 without the CSRF token, 404, 413, 415, 303 without a session', async () => {
    const { cookie, csrf } = await signInToConsole(t, OPS_KEY);
    const { confirmationNumber: n } = await submitted();
    const form = { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
    const act = (action: string, fields: Record<string, string>, headers: Record<string, string> = form) =>
      call('POST', `/api/console/tickets/${n}/${action}`, { headers, body: new URLSearchParams(fields).toString() });
    const version = '1';
    expect((await act('acknowledge', { csrf, ticketVersion: version, priority: 'p3', severity: '' })).status).toBe(400);
    expect((await act('acknowledge', { csrf: 'forged', ticketVersion: version, priority: 'p3', severity: 'low' })).status).toBe(403);
    expect(
      (
        await act(
          'acknowledge',
          { csrf, ticketVersion: version, priority: 'p3', severity: 'low' },
          { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        )
      ).status,
    ).toBe(303);
    const done = await act('acknowledge', { csrf, ticketVersion: version, priority: 'p3', severity: 'low' });
    expect(done.status).toBe(303);
    expect(done.res.headers.get('location')).toBe(`/api/console/tickets/${n}?done=acknowledge`);
    expect((await act('acknowledge', { csrf, ticketVersion: version, priority: 'p2', severity: 'high', note: 'Mine too' })).status).toBe(409);
    expect((await act('dance', { csrf, ticketVersion: version })).status).toBe(404);
    expect((await act('note', { csrf, ticketVersion: version, body: 'x'.repeat(300 * 1024) })).status).toBe(413);
    expect(
      (await call('POST', `/api/console/tickets/${n}/note`, { headers: { ...form, 'content-type': 'text/plain', 'x-csrf-token': csrf }, body: 'note' })).status,
    ).toBe(415);
  });
});

describe('the console’s files answer as documented', () => {
  const withCsrf = (csrf: string, name: string, content: string) => ({
    'content-type': 'multipart/form-data; boundary=console-file',
    body:
      `--console-file\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n` +
      `--console-file\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n--console-file--\r\n`,
  });

  it('an upload: 303 added, 400, 415, 413 refused, 403 without the CSRF token, 404; a download: 200, 404, 303 without a session', async () => {
    const { cookie, csrf } = await signInToConsole(t, OPS_KEY);
    const { confirmationNumber: n } = await submitted();
    const upload = (multipart: { 'content-type': string; body: string }, number = n) =>
      call('POST', `/api/console/tickets/${number}/files`, {
        headers: { cookie, accept: 'text/html', 'content-type': multipart['content-type'] },
        body: multipart.body,
      });
    const added = await upload(withCsrf(csrf, 'notes.txt', 'It answers on port 8443.'));
    expect(added.status).toBe(303);
    expect(added.res.headers.get('location')).toBe(`/api/console/tickets/${n}?done=file`);
    expect((await upload(withCsrf('forged', 'notes.txt', 'Forged'))).status).toBe(403);
    expect((await upload(withCsrf(csrf, 'empty.txt', ''))).status).toBe(400);
    expect((await upload(withCsrf(csrf, 'a.png', 'GIF89a\u0001\u0000\u0001\u0000'))).status).toBe(415);
    expect((await upload(withCsrf(csrf, 'a.zip', 'PK\u0003\u0004 not really a zip'))).status).toBe(422);
    expect((await upload(withCsrf(csrf, 'big.txt', 'x'.repeat(10 * 1024 * 1024 + 1)))).status).toBe(413);
    expect((await upload(withCsrf(csrf, 'notes.txt', 'x'), unknownNumber())).status).toBe(404);

    const listed = (await call('GET', `/api/tickets/${n}/attachments`, { headers: OPERATOR })).body as { items: { id: string }[] };
    expect(listed.items).toHaveLength(1);
    const id = listed.items[0]!.id;
    const download = await call('GET', `/api/console/tickets/${n}/files/${id}`, { headers: { cookie } });
    expect(download.status).toBe(200);
    expect(download.body).toBe('It answers on port 8443.');
    expect(download.res.headers.get('content-disposition')).toBe(`attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`);
    expect(download.res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.res.headers.get('cache-control')).toBe('no-store');
    expect((await call('GET', `/api/console/tickets/${n}/files/20260101T000000000Z-000000000000`, { headers: { cookie, accept: 'text/html' } })).status).toBe(
      404,
    );
    expect((await call('GET', `/api/console/tickets/${n}/files/${id}`, { headers: { accept: 'text/html' } })).status).toBe(303);
  });
});

describe('GET /api/health answers as documented', () => {
  it('200 while storage answers', async () => {
    expect((await call('GET', '/api/health')).status).toBe(200);
  });
});

// Last: the tests above went through every route the app registers.
it('exercised every documented operation', () => {
  expect([...exercised].sort()).toEqual(documentedOperations().sort());
});
