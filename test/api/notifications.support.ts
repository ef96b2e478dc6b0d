// Shared by the notification integration tests: what a reporter and an operator observe (emails,
// the ticket's history, the app's output lines), read through the same doors they use.

import { format } from 'node:util';
import { TableClient } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import { vi } from 'vitest';
import { startFakeAcs, type FakeAcs } from '../../tools/testkit/fakeAcs';
import { onHostLog, startTestHost, type TestHost, type TestHostOptions } from '../support/testHost';

export const OPS_KEY = 'ops-key-for-notification-tests-0123456789';

export interface AcsTestHost {
  t: TestHost;
  acs: FakeAcs;
  /** what the app wrote to the console meanwhile */
  output: ReturnType<typeof captureConsole>;
  stop(): Promise<void>;
}

/** The app sending through the local ACS endpoint, with OPS_KEY for operators and the console captured. */
export async function startAcsTestHost(options: Pick<TestHostOptions, 'enableQueues'> = {}): Promise<AcsTestHost> {
  const acs = await startFakeAcs();
  const output = captureConsole();
  const t = await startTestHost({
    env: { OPS_API_KEY: OPS_KEY, ACS_CONNECTION_STRING: acs.connectionString, EMAIL_SENDER: 'DoNotReply@intake.example' },
    ...options,
  });
  return {
    t,
    acs,
    output,
    stop: async () => {
      await t.stop();
      await acs.stop();
      output.restore();
    },
  };
}

/** Polls `probe` until it returns something other than undefined/false; fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface Submitted {
  confirmationNumber: string;
  accessToken: string;
  statusUrl: string;
  /** Date.now() when the 201 arrived */
  receivedAt: number;
}

export async function submit(t: TestHost, body: unknown): Promise<Submitted> {
  const res = await t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`submission answered ${res.status}: ${await res.text()}`);
  return { ...((await res.json()) as Omit<Submitted, 'receivedAt'>), receivedAt: Date.now() };
}

export async function operator(t: TestHost, confirmationNumber: string, action: 'acknowledge' | 'status', body: unknown): Promise<void> {
  const res = await t.fetch(`/api/tickets/${confirmationNumber}/${action}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${OPS_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${action} answered ${res.status}: ${await res.text()}`);
}

export interface HistoryItem {
  at: string;
  event: string;
  status: string;
  note?: string;
  /** for a notification-* entry: the event the email was about */
  about?: string;
  by?: string;
}

/** The ticket's history as an operator reads it. */
export async function historyOf(t: TestHost, confirmationNumber: string): Promise<HistoryItem[]> {
  const res = await t.fetch(`/api/tickets/${confirmationNumber}`, { headers: { authorization: `Bearer ${OPS_KEY}` } });
  if (res.status !== 200) throw new Error(`GET ticket answered ${res.status}`);
  return ((await res.json()) as { history: HistoryItem[] }).history;
}

/** The history's email entries, as `event:about` (the event the email was about). */
export async function notificationEntries(t: TestHost, confirmationNumber: string): Promise<string[]> {
  return (await historyOf(t, confirmationNumber))
    .filter((h) => h.event === 'notification-sent' || h.event === 'notification-failed')
    .map((h) => `${h.event}:${h.about ?? ''}`);
}

export function tickets(t: TestHost): TableClient {
  return TableClient.fromConnectionString(t.connectionString, 'tickets', { allowInsecureConnection: true });
}

/** The re-queue timer's pending-notification rows of one ticket. */
export async function pendingRows(t: TestHost, confirmationNumber: string): Promise<string[]> {
  const index = TableClient.fromConnectionString(t.connectionString, 'ticketindex', { allowInsecureConnection: true });
  const rows: string[] = [];
  for await (const row of index.listEntities({ queryOptions: { filter: "PartitionKey eq 'pending'" } })) {
    if (row.rowKey?.startsWith(`${confirmationNumber}|`)) rows.push(row.rowKey);
  }
  return rows;
}

export function queue(t: TestHost, name: string): QueueClient {
  return new QueueClient(t.connectionString, name);
}

/** Puts a message on a queue as the app does (base64 JSON, host.json messageEncoding). */
export async function putMessage(t: TestHost, name: string, message: unknown): Promise<void> {
  const q = queue(t, name);
  await q.createIfNotExists();
  await q.sendMessage(Buffer.from(JSON.stringify(message), 'utf8').toString('base64'));
}

/** Waits until a queue holds no message, visible or in flight (deleted once its function succeeded). */
export async function drained(t: TestHost, name: string): Promise<void> {
  await eventually(`queue ${name} to be empty`, async () => (await queue(t, name).getProperties()).approximateMessagesCount === 0);
}

/** How many runs of a function the host logged as finished. */
export function runsOf(t: TestHost, functionName: string): number {
  return t.logs.filter((line) => line.includes(`[${functionName}] information: Executed (`)).length;
}

/** One line of the app's output, where it came from and at which level it was written. */
export interface OutputLine {
  line: string;
  /** console.*, or the local host: its own lines and what invocations write with context.log/warn/error */
  from: 'console' | 'host';
  level: 'info' | 'warn' | 'error';
  /** for a line an invocation wrote with context.log/warn/error: whose */
  functionName?: string;
}

/**
 * Captures what a terminal running the app would show, line by line: what the app writes with
 * console.* and what the local host prints, which includes the invocations' context.log/warn/error,
 * where the app's JSON log and alert lines go while a function runs. Console output is still passed
 * through when DEBUG_HOST is set (the host's is, by the test host, in that case).
 */
export function captureConsole(): { lines: string[]; entries: OutputLine[]; restore(): void } {
  const lines: string[] = [];
  const entries: OutputLine[] = [];
  const add = (text: string, from: OutputLine['from'], level: OutputLine['level'], functionName?: string): void => {
    for (const line of text.split('\n')) {
      lines.push(line);
      entries.push({ line, from, level, ...(functionName ? { functionName } : {}) });
    }
  };
  const spies = (['log', 'info', 'warn', 'error'] as const).map((method) => {
    const original = console[method].bind(console);
    const level = method === 'warn' ? 'warn' : method === 'error' ? 'error' : 'info';
    return vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      add(format(...args), 'console', level);
      if (process.env.DEBUG_HOST) original(...args);
    });
  });
  const stopHearing = onHostLog((line, level, functionName) => add(line, 'host', level, functionName));
  return {
    lines,
    entries,
    restore: () => {
      spies.forEach((s) => s.mockRestore());
      stopHearing();
    },
  };
}

/** Which function's invocation wrote the lines carrying this alert name, and at which level, e.g. [['slaSweep', 'warn']]; console lines: [undefined, level]. */
export function alertSources(entries: OutputLine[], alert: string): Array<[string | undefined, OutputLine['level']]> {
  return entries.filter((e) => e.line.includes(`"alert":"${alert}"`)).map((e) => [e.functionName, e.level]);
}

/** The alert lines of one kind for one ticket, parsed; each must be a whole JSON line. */
export function alertsIn(lines: string[], alert: string, confirmationNumber: string): Array<Record<string, unknown>> {
  return lines
    .filter((line) => line.includes(alert) && line.includes(confirmationNumber))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((parsed) => parsed.alert === alert);
}

/** The storage account key of the test's connection string: it must never reach a log line. */
export function storageKeyOf(t: TestHost): string {
  const key = /AccountKey=([^;]+)/.exec(t.connectionString)?.[1];
  if (!key) throw new Error('the test storage connection string has no AccountKey');
  return key;
}

export interface ParsedEmail {
  /** header names in lower case, values unfolded and RFC 2047-decoded */
  headers: Map<string, string>;
  /** the raw header block, as written */
  rawHeaders: string;
  parts: Array<{ contentType: string; body: string }>;
}

/** Reads an .eml the way a mail client would, as far as these tests need: headers, alternative parts. */
export function parseEml(eml: string): ParsedEmail {
  const [rawHeaders, body] = splitHeaders(eml);
  const headers = headerMap(rawHeaders);
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1];
  const parts: ParsedEmail['parts'] = [];
  if (boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const [partHead, partBody] = splitHeaders(chunk.replace(/^\r\n/, ''));
      const h = headerMap(partHead);
      parts.push({ contentType: h.get('content-type') ?? '', body: decodeBody(partBody, h.get('content-transfer-encoding') ?? '7bit') });
    }
  }
  return { headers, rawHeaders, parts };
}

function splitHeaders(text: string): [string, string] {
  const end = text.indexOf('\r\n\r\n');
  return end < 0 ? [text, ''] : [text.slice(0, end), text.slice(end + 4)];
}

function headerMap(raw: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of raw.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

function decodeBody(body: string, encoding: string): string {
  const e = encoding.toLowerCase();
  if (e === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (e === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}
