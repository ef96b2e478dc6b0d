// A local stand-in for the Azure Communication Services Email data plane, at the HTTP level, so
// tests drive the real @azure/communication-email client (api-version 2023-03-31 / 2025-09-01):
//   POST /emails:send?api-version=…            202, Operation-Location, body { id, status: "Running" }
//   GET  /emails/operations/{id}?api-version=… 200 { id, status: Running | Succeeded | Failed, error? }
// Every request must carry a valid HMAC-SHA256 signature made with the access key of
// `connectionString`; anything else is answered 401, so a test cannot pass on a client that
// does not sign. Accepted emails are recorded; a repeated Operation-Id returns the existing
// operation and records nothing (our model of ACS deduplication).

import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AcceptedEmail {
  operationId: string;
  sender: string;
  to: Array<{ address: string; displayName?: string }>;
  subject: string;
  plainText?: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  operationId?: string;
}

export type FaultTarget = 'send' | 'status' | 'any';

export interface FakeAcs {
  endpoint: string;
  connectionString: string;
  accessKey: string;
  accepted: AcceptedEmail[];
  /** every request answered so far, in order */
  log: RecordedRequest[];
  /** number of requests received (signed or not) */
  readonly requests: number;
  /** number of POST /emails:send requests received */
  readonly sendRequests: number;
  /** the next `n` requests of `on` (default: sends) are answered `status` before anything else happens */
  failNext(n: number, status: number, opts?: { retryAfterSeconds?: number; code?: string; on?: FaultTarget }): void;
  /** sends with a recipient matching `pattern` are refused with 400 and nothing is recorded */
  rejectRecipients(pattern: RegExp | string): void;
  /** operations with a recipient matching `pattern` are accepted but end `Failed` */
  failOperationsFor(pattern: RegExp | string, error?: { code: string; message: string }): void;
  /** the next `n` requests (default 1) are processed at once but answered after `ms` */
  delayNext(ms: number, n?: number): void;
  /** operations stay `Running` for this many status polls before reaching their final status */
  runningPolls(n: number): void;
  /**
   * Enforces sending quotas as ACS does: at most `sends` new emails in any `windowMs` (several
   * quotas at once, e.g. per minute and per hour); a send beyond is answered 429 with the
   * seconds until a slot frees up in `Retry-After`. A repeated Operation-Id does not count.
   */
  quota(...limits: Array<{ sends: number; windowMs: number }>): void;
  /** sends answered 429 by a quota so far */
  readonly throttled: number;
  /** when each accepted email was accepted (ms since the epoch), in order */
  acceptedAt: number[];
  stop(): Promise<void>;
}

interface Operation {
  id: string;
  remainingRunningPolls: number;
  final: { status: 'Succeeded' } | { status: 'Failed'; error: { code: string; message: string } };
}

interface Fault {
  status: number;
  on: FaultTarget;
  retryAfterSeconds?: number;
  code?: string;
}

const API_VERSIONS = new Set(['2023-03-31', '2025-09-01']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CLOCK_SKEW_MS = 15 * 60_000;
// The spec sends Retry-After with every non-terminal status (its example: 20 s); clients must
// not let it stretch an attempt past its own timeout.
const RUNNING_RETRY_AFTER_SECONDS = 5;

export async function startFakeAcs(options: { accessKey?: string } = {}): Promise<FakeAcs> {
  const accessKey = options.accessKey ?? randomBytes(32).toString('base64');
  const key = Buffer.from(accessKey, 'base64');
  const accepted: AcceptedEmail[] = [];
  const log: RecordedRequest[] = [];
  const operations = new Map<string, Operation>();
  const faults: Fault[] = [];
  const delays: number[] = [];
  const rejected: RegExp[] = [];
  const failing: Array<{ pattern: RegExp; error: { code: string; message: string } }> = [];
  const timers = new Set<NodeJS.Timeout>();
  let pollsBeforeDone = 0;
  let quotas: Array<{ sends: number; windowMs: number }> = [];
  const acceptedAt: number[] = [];
  let throttled = 0;
  let requests = 0;
  let sendRequests = 0;

  const server = http.createServer((req, res) => {
    requests += 1;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const answer = handle(req, body);
      const delay = delays.shift() ?? 0;
      const respond = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
        res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
      };
      if (delay <= 0) return respond();
      const timer = setTimeout(() => {
        timers.delete(timer);
        respond();
      }, delay);
      timers.add(timer);
    });
  });

  interface Answer {
    status: number;
    headers?: Record<string, string>;
    body?: unknown;
  }

  function handle(req: http.IncomingMessage, body: Buffer): Answer {
    const url = new URL(req.url ?? '/', 'http://fake-acs');
    const isSend = req.method === 'POST' && url.pathname === '/emails:send';
    const statusMatch = /^\/emails\/operations\/([^/]+)$/.exec(url.pathname);
    if (isSend) sendRequests += 1;
    const answer = route();
    const opHeader = req.headers['operation-id'];
    log.push({
      method: req.method ?? '',
      path: url.pathname,
      status: answer.status,
      ...(typeof opHeader === 'string' ? { operationId: opHeader } : {}),
    });
    return answer;

    function route(): Answer {
      const denied = verifySignature(req, url, body, key);
      if (denied) return error(401, 'Denied', denied);

      const target: FaultTarget = isSend ? 'send' : 'status';
      const faultIndex = faults.findIndex((f) => f.on === 'any' || f.on === target);
      if (faultIndex >= 0) {
        const [fault] = faults.splice(faultIndex, 1);
        const headers: Record<string, string> = {};
        if (fault!.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault!.retryAfterSeconds);
        return error(fault!.status, fault!.code ?? defaultCode(fault!.status), 'Injected fault', headers);
      }

      const apiVersion = url.searchParams.get('api-version') ?? '';
      if (!API_VERSIONS.has(apiVersion)) return error(400, 'InvalidApiVersion', `Unsupported api-version ${apiVersion}`);
      if (isSend) return send(req, body, apiVersion);
      if (req.method === 'GET' && statusMatch) return status(decodeURIComponent(statusMatch[1]!));
      return error(404, 'NotFound', 'No such resource');
    }
  }

  function send(req: http.IncomingMessage, body: Buffer, apiVersion: string): Answer {
    const header = req.headers['operation-id'];
    if (header !== undefined && (typeof header !== 'string' || !UUID.test(header))) {
      return error(400, 'InvalidOperationId', 'Operation-Id must be a UUID');
    }
    // The body as the client sent it, checked field by field below as ACS would.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let message: any;
    try {
      message = JSON.parse(body.toString('utf8'));
    } catch {
      return error(400, 'InvalidRequest', 'Body is not JSON');
    }
    const to: unknown = message?.recipients?.to;
    if (
      typeof message?.senderAddress !== 'string' ||
      typeof message?.content?.subject !== 'string' ||
      (typeof message.content.plainText !== 'string' && typeof message.content.html !== 'string') ||
      !Array.isArray(to) ||
      to.length === 0 ||
      !to.every((r) => typeof r?.address === 'string')
    ) {
      return error(400, 'InvalidRequest', 'senderAddress, content.subject, a body and recipients.to are required');
    }
    const recipients = to as AcceptedEmail['to'];
    if (recipients.some((r) => rejected.some((p) => p.test(r.address)))) {
      return error(400, 'InvalidRecipient', 'A recipient address was rejected');
    }

    const id = (header ?? randomUUID()).toLowerCase();
    if (!operations.has(id)) {
      const wait = quotaWaitMs(Date.now());
      if (wait > 0) {
        throttled += 1;
        return error(429, 'TooManyRequests', 'The sending quota is used up.', { 'retry-after': String(Math.ceil(wait / 1000)) });
      }
      acceptedAt.push(Date.now());
      const failure = failing.find((f) => recipients.some((r) => f.pattern.test(r.address)));
      operations.set(id, {
        id,
        remainingRunningPolls: pollsBeforeDone,
        final: failure ? { status: 'Failed', error: failure.error } : { status: 'Succeeded' },
      });
      accepted.push({
        operationId: id,
        sender: message.senderAddress,
        to: recipients,
        subject: message.content.subject,
        ...(typeof message.content.plainText === 'string' ? { plainText: message.content.plainText } : {}),
        ...(typeof message.content.html === 'string' ? { html: message.content.html } : {}),
        ...(message.headers ? { headers: message.headers } : {}),
      });
    }
    return {
      status: 202,
      headers: {
        'operation-location': `${endpoint}emails/operations/${id}?api-version=${apiVersion}`,
        'operation-id': id,
        'retry-after': String(RUNNING_RETRY_AFTER_SECONDS),
      },
      body: { id, status: 'Running' },
    };
  }

  /** How long until every quota has a free slot; 0 when one may be sent now. */
  function quotaWaitMs(now: number): number {
    let wait = 0;
    for (const { sends, windowMs } of quotas) {
      if (sends <= 0) {
        wait = Math.max(wait, windowMs);
        continue;
      }
      const inWindow = acceptedAt.filter((at) => at > now - windowMs);
      if (inWindow.length >= sends) wait = Math.max(wait, inWindow[inWindow.length - sends]! + windowMs - now);
    }
    return wait;
  }

  function status(id: string): Answer {
    const operation = operations.get(id.toLowerCase());
    if (!operation) return error(404, 'NotFound', 'Unknown operation');
    if (operation.remainingRunningPolls > 0) {
      operation.remainingRunningPolls -= 1;
      return { status: 200, headers: { 'retry-after': String(RUNNING_RETRY_AFTER_SECONDS) }, body: { id: operation.id, status: 'Running' } };
    }
    return { status: 200, body: { id: operation.id, ...operation.final } };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}/`;

  return {
    endpoint,
    connectionString: `endpoint=${endpoint};accesskey=${accessKey}`,
    accessKey,
    accepted,
    log,
    get requests() {
      return requests;
    },
    get sendRequests() {
      return sendRequests;
    },
    get throttled() {
      return throttled;
    },
    acceptedAt,
    quota(...limits) {
      quotas = limits;
    },
    failNext(n, status, opts = {}) {
      for (let i = 0; i < n; i++) {
        faults.push({
          status,
          on: opts.on ?? 'send',
          ...(opts.retryAfterSeconds !== undefined ? { retryAfterSeconds: opts.retryAfterSeconds } : {}),
          ...(opts.code !== undefined ? { code: opts.code } : {}),
        });
      }
    },
    rejectRecipients(pattern) {
      rejected.push(toRegExp(pattern));
    },
    failOperationsFor(pattern, error = { code: 'EmailDropped', message: 'Email was dropped after several attempts to deliver.' }) {
      failing.push({ pattern: toRegExp(pattern), error });
    },
    delayNext(ms, n = 1) {
      for (let i = 0; i < n; i++) delays.push(ms);
    },
    runningPolls(n) {
      pollsBeforeDone = n;
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

/** Checks the ACS HMAC scheme; returns why a request is refused, or undefined when it is signed correctly. */
function verifySignature(req: http.IncomingMessage, url: URL, body: Buffer, key: Buffer): string | undefined {
  const authorization = req.headers.authorization ?? '';
  const match = /^HMAC-SHA256 SignedHeaders=([^&]+)&Signature=(.+)$/.exec(authorization);
  if (!match) return 'Missing or malformed HMAC-SHA256 Authorization header';
  if (match[1] !== 'x-ms-date;host;x-ms-content-sha256') return `Unexpected SignedHeaders ${match[1]}`;
  const date = header(req, 'x-ms-date');
  const host = header(req, 'host');
  const contentHash = header(req, 'x-ms-content-sha256');
  if (!date || !host || !contentHash) return 'x-ms-date, host and x-ms-content-sha256 are required';
  const sent = Date.parse(date);
  if (Number.isNaN(sent) || Math.abs(Date.now() - sent) > MAX_CLOCK_SKEW_MS) return 'x-ms-date is missing or too far from now';
  if (createHash('sha256').update(body).digest('base64') !== contentHash) return 'x-ms-content-sha256 does not match the body';
  const query = url.searchParams.toString();
  const pathAndQuery = query ? `${url.pathname}?${query}` : url.pathname;
  const stringToSign = `${req.method}\n${pathAndQuery}\n${date};${host};${contentHash}`;
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(match[2]!, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'Signature does not match';
  return undefined;
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function error(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return { status, headers: { 'x-ms-error-code': code, ...headers }, body: { error: { code, message } } };
}

function defaultCode(status: number): string {
  if (status === 429) return 'TooManyRequests';
  if (status >= 500) return 'ServiceUnavailable';
  return 'BadRequest';
}

function toRegExp(pattern: RegExp | string): RegExp {
  if (pattern instanceof RegExp) return pattern;
  // a plain string matches addresses that end with it, e.g. "@invalid.example"
  return new RegExp(`${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i');
}
