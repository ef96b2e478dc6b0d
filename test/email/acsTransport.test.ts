import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AcsTransport, type AcsTransportOptions } from '../../src/email/acsTransport';
import { PermanentEmailFailure, EmailThrottled, TransientEmailFailure, emailOperationId, type OutgoingEmail } from '../../src/email/message';
import { startFakeAcs, type FakeAcs } from '../../tools/testkit/fakeAcs';

let acs: FakeAcs;
let sleeps: number[];

beforeEach(async () => {
  acs = await startFakeAcs();
  sleeps = [];
});
afterEach(async () => {
  await acs.stop();
});

function transport(overrides: Partial<AcsTransportOptions> = {}): AcsTransport {
  return new AcsTransport({
    connectionString: acs.connectionString,
    sender: 'DoNotReply@intake.example',
    timeoutMs: 2_000,
    pollIntervalMs: 10,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
}

function anEmail(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    id: emailOperationId('SE-7K2M-9QXH-4TRB', 'submitted', '2025-01-13T09:30:00.000Z'),
    to: { address: 'ada@contoso.example', displayName: 'Ada Lovelace' },
    subject: '[SE-7K2M-9QXH-4TRB] Security event received',
    text: 'plain body',
    html: '<p>html body</p>',
    ...overrides,
  };
}

describe('AcsTransport against the ACS Email protocol', () => {
  it('hands the email to ACS under its own id as Operation-Id, to the bare address (no display name from the submission)', async () => {
    const email = anEmail();

    const result = await transport().send(email, {});

    expect(result).toEqual({ messageId: email.id });
    expect(acs.accepted).toEqual([
      {
        operationId: email.id,
        sender: 'DoNotReply@intake.example',
        to: [{ address: 'ada@contoso.example' }],
        subject: '[SE-7K2M-9QXH-4TRB] Security event received',
        plainText: 'plain body',
        html: '<p>html body</p>',
      },
    ]);
    expect(acs.log.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 202', 'GET 200']);
  });

  it('retries a 5xx and sends one email', async () => {
    acs.failNext(1, 503);

    await transport().send(anEmail(), {});

    expect(acs.accepted).toHaveLength(1);
    expect(acs.sendRequests).toBe(2);
    expect(sleeps).toHaveLength(1);
  });

  it('reports a 429 at once as throttled, with the wait ACS named, instead of sleeping on it', async () => {
    acs.failNext(1, 429, { retryAfterSeconds: 3 });

    const failure = await transport()
      .send(anEmail(), {})
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(EmailThrottled);
    expect((failure as EmailThrottled).retryAfterMs).toBe(3_000);
    expect(sleeps).toEqual([]);
    expect(acs.sendRequests).toBe(1);
    expect(acs.accepted).toEqual([]);
  });

  it('reports an hour-long Retry-After (the hourly quota) as throttled for that hour', async () => {
    acs.failNext(1, 429, { retryAfterSeconds: 3_600 });

    const failure = await transport()
      .send(anEmail(), {})
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(EmailThrottled);
    expect((failure as EmailThrottled).retryAfterMs).toBe(3_600_000);
  });

  it('assumes a minute when a 429 names no wait', async () => {
    acs.failNext(1, 429);

    const failure = await transport()
      .send(anEmail(), {})
      .catch((e: unknown) => e);

    expect((failure as EmailThrottled).retryAfterMs).toBe(60_000);
  });

  it('gives up after maxAttempts with a TransientEmailFailure, and the SDK adds no retries of its own', async () => {
    acs.failNext(10, 500);

    await expect(transport({ maxAttempts: 3 }).send(anEmail(), {})).rejects.toBeInstanceOf(TransientEmailFailure);

    expect(acs.sendRequests).toBe(3);
    expect(sleeps).toHaveLength(2);
    expect(acs.accepted).toEqual([]);
  });

  it('fails permanently, without retrying, when ACS rejects the recipient (400)', async () => {
    acs.rejectRecipients('@invalid.example');

    const failure = await transport()
      .send(anEmail({ to: { address: 'nobody@invalid.example' } }), {})
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(PermanentEmailFailure);
    expect((failure as PermanentEmailFailure).code).toBe('InvalidRecipient');
    expect(acs.sendRequests).toBe(1);
    expect(sleeps).toEqual([]);
    expect(acs.accepted).toEqual([]);
  });

  it('fails permanently when the operation ends Failed', async () => {
    acs.failOperationsFor('@bounces.example');

    const failure = await transport()
      .send(anEmail({ to: { address: 'x@bounces.example' } }), {})
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(PermanentEmailFailure);
    expect((failure as PermanentEmailFailure).code).toBe('EmailDropped');
    expect(acs.sendRequests).toBe(1);
  });

  it('is refused (401) when it signs with the wrong key', async () => {
    const wrongKey = `endpoint=${acs.endpoint};accesskey=${randomBytes(32).toString('base64')}`;

    const failure = await transport({ connectionString: wrongKey })
      .send(anEmail(), {})
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(PermanentEmailFailure);
    expect(acs.log.map((r) => r.status)).toEqual([401]);
    expect(acs.accepted).toEqual([]);
  });

  it('sends one email when the same id is sent twice (a redelivered message after a crash)', async () => {
    const email = anEmail();

    const first = await transport().send(email, {});
    const second = await transport().send({ ...email }, {});

    expect(second).toEqual(first);
    expect(acs.sendRequests).toBe(2);
    expect(acs.accepted).toHaveLength(1);
  });

  it('sends one email when an attempt times out after ACS accepted it and the retry succeeds', async () => {
    acs.delayNext(1_000); // ACS takes the email, but its answer comes too late

    await transport({ timeoutMs: 200 }).send(anEmail(), {});

    expect(acs.sendRequests).toBe(2);
    expect(acs.accepted).toHaveLength(1);
  });

  it('gives up with a TransientEmailFailure when every attempt times out', async () => {
    acs.delayNext(1_000, 3);
    const started = Date.now();

    const failure = await transport({ timeoutMs: 150, maxAttempts: 3 })
      .send(anEmail(), {})
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(TransientEmailFailure);
    expect(Date.now() - started).toBeLessThan(2_500); // waiting for the answers would take 3 s
    expect(acs.sendRequests).toBe(3);
    expect(acs.accepted).toHaveLength(1);
  });

  it('polls a running operation until it succeeds', async () => {
    acs.runningPolls(3);

    await transport().send(anEmail(), {});

    expect(acs.log.map((r) => r.method)).toEqual(['POST', 'GET', 'GET', 'GET', 'GET']);
  });

  it('retries when a status poll fails, without a second email', async () => {
    acs.failNext(1, 500, { on: 'status' });

    await transport().send(anEmail(), {});

    expect(acs.accepted).toHaveLength(1);
    expect(acs.sendRequests).toBe(2);
  });

  it('stops at once when the caller aborts', async () => {
    acs.delayNext(1_000, 3);
    const controller = new AbortController();
    // Aborted while ACS holds the first send (not after a fixed delay, which a busy machine may
    // reach before the request does).
    const abortOnArrival = (async () => {
      while (acs.sendRequests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
    })();

    await expect(transport().send(anEmail(), { abortSignal: controller.signal })).rejects.toBeInstanceOf(TransientEmailFailure);
    await abortOnArrival;

    expect(acs.sendRequests).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('maps an id that is not a UUID to a stable UUID', async () => {
    await transport().send(anEmail({ id: 'ticket-SE-7K2M-9QXH-4TRB/submitted' }), {});
    await transport().send(anEmail({ id: 'ticket-SE-7K2M-9QXH-4TRB/submitted' }), {});

    expect(acs.accepted).toHaveLength(1);
    expect(acs.accepted[0]!.operationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('AcsTransport configuration', () => {
  const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };

  it.each([
    ['http://acs.example/', 'ACS_ENDPOINT'],
    ['http://10.0.0.5:8080/', 'ACS_ENDPOINT'],
    ['ftp://127.0.0.1/', 'ACS_ENDPOINT'],
  ])('refuses the endpoint %s, naming %s', (endpoint, setting) => {
    expect(() => new AcsTransport({ endpoint, credential, sender: 'a@b.example' })).toThrow(setting);
  });

  it('refuses a connection string whose endpoint is plain http to another host', () => {
    expect(() => new AcsTransport({ connectionString: 'endpoint=http://acs.example/;accesskey=a2V5', sender: 'a@b.example' })).toThrow(
      /ACS_CONNECTION_STRING.*https/,
    );
  });

  it('accepts https anywhere and plain http on 127.0.0.1 and localhost', () => {
    for (const endpoint of ['https://acs.example.communication.azure.com/', 'http://127.0.0.1:9/', 'http://localhost:9/']) {
      expect(() => new AcsTransport({ endpoint, credential, sender: 'a@b.example' })).not.toThrow();
    }
  });

  it('needs an endpoint or a connection string', () => {
    expect(() => new AcsTransport({ sender: 'a@b.example' })).toThrow(/ACS_ENDPOINT or ACS_CONNECTION_STRING/);
  });
});

describe('the fake ACS endpoint', () => {
  it('answers 401 to an unsigned request and to a signature over another body', async () => {
    const url = `${acs.endpoint}emails:send?api-version=2025-09-01`;
    const unsigned = await fetch(url, { method: 'POST', body: '{}' });
    const forged = await fetch(url, {
      method: 'POST',
      body: '{"other":true}',
      headers: {
        authorization: 'HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=AAAA',
        'x-ms-date': new Date().toUTCString(),
        'x-ms-content-sha256': '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
      },
    });

    expect([unsigned.status, forged.status]).toEqual([401, 401]);
    expect(acs.accepted).toEqual([]);
  });
});
