// What Azure does not forgive, the local host does not either: an app (test/fixtures/strict-app, beside this file)
// whose host.json sets a 1 s functionTimeout, log levels and settings the local host does not carry
// out, and whose code writes defaults into its own process.env.
import { QueueClient } from '@azure/storage-queue';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage } from '../src/testStorage';
import { startTestHost, type TestHost } from './support/testHost';
import { strictRecord } from './fixtures/strict-app/src/recorder';

const appRoot = path.join(__dirname, 'fixtures/strict-app');
const QUEUE = 'strict-items';

let t: TestHost;

beforeAll(async () => {
  t = await startTestHost({ appRoot, env: { STRICT_QUEUE: QUEUE, FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '1000' } });
});

afterAll(async () => {
  await t?.stop();
  await (await startTestStorage()).stop();
});

function post(pathname: string, body: Buffer, headers: Record<string, string | number>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: t.host.port, method: 'POST', path: pathname, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('host.json functionTimeout ends the run, as in Azure', () => {
  // azure-webjobs-sdk src/Microsoft.Azure.WebJobs.Host/Executors/FunctionExecutor.cs (OnFunctionTimeout,
  // FunctionTimeoutException) and azure-functions-host src/WebJobs.Script.WebHost/Middleware/ExceptionMiddleware.cs (500).
  it('answers 500 for an HTTP function still running at the timeout, without waiting for it', async () => {
    const started = Date.now();
    const response = await t.fetch('/api/slow?ms=3000');
    expect(response.status).toBe(500);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(t.logs.some((line) => line.includes("Timeout value of 00:00:01 exceeded by function 'slow'"))).toBe(true);
    expect(
      t.logs.some((line) => line.includes('[slow] error: Executed (Failed)') && line.includes('Timeout value of 00:00:01 was exceeded by function: slow')),
    ).toBe(true);
  });

  it('fails a queue run at the timeout, so the message is retried as after any failure', async () => {
    strictRecord.queueTries.length = 0;
    await new QueueClient(t.connectionString, QUEUE).sendMessage(Buffer.from('{"slow":true}').toString('base64'));
    await until(() => strictRecord.queueTries.length >= 2);
    expect(strictRecord.queueTries.slice(0, 2)).toEqual([1, 2]);
    expect(t.logs.some((line) => line.includes('[slowQueue] error: Executed (Failed') && line.includes('FunctionTimeoutException'))).toBe(true);
  });
});

describe('host.json logging.logLevel filters as in Azure', () => {
  // Function.<name>.User is the category of context.log (azure-functions-host
  // src/WebJobs.Script.Grpc/Channel/GrpcWorkerChannel.cs Log; LogCategories.CreateFunctionUserCategory).
  it('hides context.log information lines under "Function": "Warning" and keeps the warnings', async () => {
    await t.fetch('/api/quiet');
    expect(t.logs.some((line) => line.includes('a warning line'))).toBe(true);
    expect(t.logs.some((line) => line.includes('an information line'))).toBe(false);
  });

  it('lets a more specific category win ("Function.chatty.User": "Debug")', async () => {
    await t.fetch('/api/chatty');
    expect(t.logs.some((line) => line.includes('[chatty] debug: a debug line'))).toBe(true);
    expect(t.logs.some((line) => line.includes('a trace line'))).toBe(false);
  });
});

describe('start-up names what the local host does not carry out', () => {
  // Azure reads every section of host.json (azure-functions-host src/WebJobs.Script/Config/
  // HostJsonFileConfigurationSource.cs); what the local host leaves out must not pass in silence.
  it('lists the host.json settings it ignores', () => {
    const line = t.logs.find((l) => l.includes('host.json settings the local host does not carry out'));
    expect(line).toBeDefined();
    for (const key of ['logging.applicationInsights', 'extensions.http.maxConcurrentRequests', 'concurrency']) expect(line).toContain(key);
    expect(line).not.toContain('functionTimeout');
    expect(line).not.toContain('extensions.queues');
  });
});

describe('FUNCTIONS_REQUEST_BODY_SIZE_LIMIT sets the body limit (azure-functions-host src/WebJobs.Script.WebHost/Middleware/HttpRequestBodySizeMiddleware.cs)', () => {
  it('refuses a body over it with 413, whether its length is declared or it comes in chunks, and takes one at it', async () => {
    expect(await post('/api/echo', Buffer.alloc(1001, 120), { 'content-length': 1001 })).toBe(413);
    expect(await post('/api/echo', Buffer.alloc(1001, 120), { 'transfer-encoding': 'chunked' })).toBe(413);
    expect(await post('/api/echo', Buffer.alloc(1000, 120), { 'content-length': 1000 })).toBe(201);
  });
});

describe('%NAME% resolves from the app settings as the host sees them (azure-webjobs-sdk NameResolverExtensions.ResolveWholeString)', () => {
  it('used the queue the setting names, not the default the app wrote into process.env', async () => {
    expect(await new QueueClient(t.connectionString, QUEUE).exists()).toBe(true);
    expect(await new QueueClient(t.connectionString, 'strict-app-default-queue').exists()).toBe(false);
  });

  it('refuses to start a timer whose schedule setting only the app itself wrote, naming it', async () => {
    await t.stop();
    try {
      await expect(startTestHost({ appRoot, enableTimers: true, env: { STRICT_QUEUE: QUEUE } })).rejects.toThrow(
        /Timer trigger "strictTimer": app setting "STRICT_SCHEDULE" is not set/,
      );
      await expect(startTestHost({ appRoot })).rejects.toThrow(/Queue trigger "slowQueue": app setting "STRICT_QUEUE" is not set/);
    } finally {
      t = await startTestHost({ appRoot, env: { STRICT_QUEUE: QUEUE, FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '1000' } });
    }
  });
});
