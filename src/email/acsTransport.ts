// Azure Communication Services Email through the real @azure/communication-email client.
//
// Retries have one owner: this class. The SDK pipeline's retry policy is switched off
// (retryOptions.maxRetries = 0) and send() makes at most `maxAttempts` attempts, each bounded by
// `timeoutMs`, waiting an exponential backoff (5xx, timeouts, network) in between. What is still
// failing after that is a TransientEmailFailure, which the queue retries later; a rejection (4xx,
// or an operation that ends Failed) is a PermanentEmailFailure at once. A 429 is neither: the
// sending quota (per minute and per hour, for the whole subscription) is spent, so it is an
// EmailThrottled at once with the wait ACS named, and the notifier defers every sender by it
// instead of sleeping here or spending the queue's retries.
//
// Every attempt of one email sends the same Operation-Id (derived from the ticket and the event),
// so an attempt whose response was lost, or a redelivered queue message after a crash, asks ACS
// for the same operation again instead of a second email. ACS does not document what it does
// with a repeated Operation-Id; our own record of sent emails stays the first line of defence.
//
// The client library loads with the first send, not at start: the settings are checked when the
// transport is built, but a cold start that only takes a report (the email goes out from the
// queue) does not pay for @azure/communication-email.

import type * as CommunicationEmail from '@azure/communication-email';
import type { EmailClient, EmailClientOptions, EmailMessage } from '@azure/communication-email';
import type { TokenCredential } from '@azure/identity';
import { azureCredential } from '../azureCredential';
import {
  EmailThrottled,
  PermanentEmailFailure,
  TransientEmailFailure,
  operationIdOf,
  singleLine,
  type EmailTransport,
  type OutgoingEmail,
  type SendResult,
} from './message';

export interface AcsTransportOptions {
  /** `ACS_ENDPOINT`, used with `credential` (DefaultAzureCredential when absent) */
  endpoint?: string;
  /** `ACS_CONNECTION_STRING`: `endpoint=…;accesskey=…`, used when no endpoint is given */
  connectionString?: string;
  credential?: TokenCredential;
  /** `EMAIL_SENDER` */
  sender: string;
  /** bound of one attempt (the send request and polling its operation), default 10 s */
  timeoutMs?: number;
  /** attempts per send() before giving up with TransientEmailFailure, default 3 */
  maxAttempts?: number;
  /** the wait assumed when a 429 names none, default 60 s (the per-minute quota's window) */
  defaultRetryAfterMs?: number;
  /** interval between operation status polls, default 1 s */
  pollIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8_000;

export class AcsTransport implements EmailTransport {
  private readonly client: () => Promise<EmailClient>;
  private readonly sender: string;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly defaultRetryAfterMs: number;
  private readonly pollIntervalMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(opts: AcsTransportOptions) {
    if (!opts.sender) throw new Error('EMAIL_SENDER must be set to send email through ACS');
    this.sender = opts.sender;
    this.timeoutMs = positive(opts.timeoutMs, 10_000, 'timeoutMs');
    this.maxAttempts = positive(opts.maxAttempts, 3, 'maxAttempts');
    this.defaultRetryAfterMs = positive(opts.defaultRetryAfterMs, 60_000, 'defaultRetryAfterMs');
    this.pollIntervalMs = positive(opts.pollIntervalMs, 1_000, 'pollIntervalMs');
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));

    let connect: (library: typeof CommunicationEmail) => EmailClient;
    if (opts.endpoint) {
      const { endpoint } = opts;
      const options = clientOptions(checkEndpoint(endpoint, 'ACS_ENDPOINT'));
      // AZURE_CLIENT_ID (set by infra) makes DefaultAzureCredential pick the user-assigned identity.
      const credential = opts.credential ?? azureCredential();
      connect = ({ EmailClient }) => new EmailClient(endpoint, credential, options);
    } else if (opts.connectionString) {
      const { connectionString } = opts;
      const endpoint = /endpoint=(.*?);accesskey=(.+)/i.exec(connectionString)?.[1];
      if (!endpoint) throw new Error('ACS_CONNECTION_STRING must look like endpoint=https://…;accesskey=…');
      const options = clientOptions(checkEndpoint(endpoint, 'ACS_CONNECTION_STRING'));
      connect = ({ EmailClient }) => new EmailClient(connectionString, options);
    } else {
      throw new Error('ACS_ENDPOINT or ACS_CONNECTION_STRING must be set to send email through ACS');
    }
    let client: Promise<EmailClient> | undefined;
    this.client = () => (client ??= import('@azure/communication-email').then(connect));
  }

  async send(email: OutgoingEmail, options: { abortSignal?: AbortSignal } = {}): Promise<SendResult> {
    const operationId = operationIdOf(email);
    const message: EmailMessage = {
      senderAddress: this.sender,
      content: { subject: singleLine(email.subject), plainText: email.text, html: email.html },
      // The bare address: a display name would be the submitter's words (see OutgoingEmail.to).
      recipients: { to: [{ address: email.to.address }] },
    };

    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(message, operationId, options.abortSignal);
      if ('messageId' in outcome) return outcome;
      const failure = outcome.failure;
      if (failure.kind === 'permanent') throw new PermanentEmailFailure(failure.message, failure.code);
      const what = `ACS send of operation ${operationId}: ${failure.message}`;
      if (failure.kind === 'throttled') {
        throw new EmailThrottled(what, failure.retryAfterMs ?? this.defaultRetryAfterMs);
      }
      if (options.abortSignal?.aborted) throw new TransientEmailFailure(`${what} (cancelled)`);
      if (attempt >= this.maxAttempts) throw new TransientEmailFailure(`${what} (after ${attempt} attempts)`);
      await this.sleep(backoff(attempt));
      if (options.abortSignal?.aborted) throw new TransientEmailFailure(`${what} (cancelled)`);
    }
  }

  /** One bounded attempt: the send request, then polling its operation to a final status. */
  private async attempt(message: EmailMessage, operationId: string, callerSignal: AbortSignal | undefined): Promise<SendResult | { failure: Failure }> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    // The poller reports a Failed operation only as a message; the last body says why.
    let lastBody: unknown;
    try {
      const client = await this.client();
      const poller = await client.beginSend(message, {
        operationId,
        abortSignal: signal,
        updateIntervalInMs: this.pollIntervalMs,
        onResponse: (raw) => {
          lastBody = raw.parsedBody;
        },
      });
      const result = await poller.pollUntilDone({ abortSignal: signal });
      if (result.status !== 'Succeeded') return { failure: finalStatusFailure(result) };
      return { messageId: result.id };
    } catch (error) {
      if (timeout.aborted && !callerSignal?.aborted) {
        return { failure: { kind: 'transient', message: `no final answer within ${this.timeoutMs} ms` } };
      }
      if (callerSignal?.aborted) return { failure: { kind: 'transient', message: 'cancelled by the caller' } };
      if (isFinalStatus(lastBody) && !isHttpError(error)) return { failure: finalStatusFailure(lastBody) };
      return { failure: classify(error) };
    }
  }
}

type Failure =
  | { kind: 'permanent'; message: string; code?: string }
  | { kind: 'throttled'; message: string; retryAfterMs?: number }
  | { kind: 'transient'; message: string };

interface HttpError {
  name: 'RestError';
  message: string;
  statusCode?: number;
  code?: string;
  response?: { headers: { get(name: string): string | undefined }; parsedBody?: unknown };
}

function isHttpError(error: unknown): error is HttpError {
  return error instanceof Error && error.name === 'RestError';
}

function classify(error: unknown): Failure {
  if (!isHttpError(error)) {
    // network failures surface as RestError without a status; anything else unexpected is
    // left to the queue's retries rather than dropped
    return { kind: 'transient', message: error instanceof Error ? error.message : String(error) };
  }
  const status = error.statusCode;
  const code = errorCode(error);
  const described = `${status ?? 'no response'}${code ? ` ${code}` : ''}: ${error.message}`;
  if (status === undefined) return { kind: 'transient', message: described };
  if (status === 429) {
    const retryAfterMs = retryAfter(error);
    return retryAfterMs === undefined ? { kind: 'throttled', message: described } : { kind: 'throttled', message: described, retryAfterMs };
  }
  // 408 timeout and 409 "the same operation is still in progress" clear up by themselves
  if (status === 408 || status === 409 || status >= 500) return { kind: 'transient', message: described };
  // 400 (invalid recipient, bad request), 401/403 (key, identity or role), 404, 412, 413, …:
  // sending the same request again cannot succeed
  return { kind: 'permanent', message: described, code: code ?? `HTTP${status}` };
}

function finalStatusFailure(body: unknown): Failure {
  const b = body as { status?: string; error?: { code?: string; message?: string } };
  const code = b.error?.code ?? b.status ?? 'Failed';
  return { kind: 'permanent', message: `operation ended ${b.status}: ${code}${b.error?.message ? ` ${b.error.message}` : ''}`, code };
}

function isFinalStatus(body: unknown): boolean {
  const status = (body as { status?: unknown } | undefined)?.status;
  return status === 'Failed' || status === 'Canceled';
}

function errorCode(error: HttpError): string | undefined {
  const body = error.response?.parsedBody as { error?: { code?: unknown } } | undefined;
  const fromBody = body?.error?.code;
  if (typeof fromBody === 'string') return fromBody;
  return error.response?.headers.get('x-ms-error-code') ?? error.code;
}

/** Retry-After (seconds or an HTTP date) or retry-after-ms, in ms. */
function retryAfter(error: HttpError): number | undefined {
  const headers = error.response?.headers;
  const ms = Number(headers?.get('retry-after-ms') ?? headers?.get('x-ms-retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function backoff(attempt: number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Throws unless the endpoint is https, or http on 127.0.0.1/localhost; returns whether it is http. */
function checkEndpoint(endpoint: string, setting: string): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`${setting} does not hold a valid endpoint URL`);
  }
  if (url.protocol === 'https:') return false;
  if (url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost')) return true;
  throw new Error(`${setting} must use https: plain http is allowed only for 127.0.0.1 and localhost (got ${url.protocol}//${url.host})`);
}

function clientOptions(allowInsecureConnection: boolean): EmailClientOptions {
  return {
    allowInsecureConnection,
    // this class owns retries (see the top of the file); the pipeline must not retry underneath
    retryOptions: { maxRetries: 0 },
    additionalPolicies: [{ policy: capPollingDelay, position: 'perCall' }],
  };
}

// ACS may answer a status poll with a Retry-After of many seconds, which the SDK's poller obeys;
// one attempt lasts `timeoutMs`, so the poll interval stays ours (`pollIntervalMs`).
const capPollingDelay: NonNullable<EmailClientOptions['additionalPolicies']>[number]['policy'] = {
  name: 'capEmailPollingDelay',
  async sendRequest(request, next) {
    const response = await next(request);
    if (request.method === 'GET' && response.status === 200) response.headers.delete('retry-after');
    return response;
  },
};

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`AcsTransport ${name} must be a positive number`);
  return value;
}
