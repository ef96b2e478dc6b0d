// The tests' entry shares its services with the test file: the host loads test/support/testEntry.ts
// through vitest's transform in this process, so useServices here changes what its functions run on.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_ENTRY, useServices } from './app';
import { startTestHost, type TestHost } from './testHost';

const FIRST_KEY = 'first-operator-key-for-app-tests-0123';
const SECOND_KEY = 'second-operator-key-for-app-tests-0123';
let t: TestHost;

beforeAll(async () => {
  t = await startTestHost({
    env: { OPS_API_KEY: FIRST_KEY, EMAIL_OUTBOX_DIR: `/tmp/app-outbox-${process.pid}` },
    enableQueues: false,
    entryPoints: [TEST_ENTRY],
  });
});
afterAll(async () => t?.stop());

const listAs = async (key: string): Promise<number> => (await t.fetch('/api/ops/tickets', { headers: { authorization: `Bearer ${key}` } })).status;

it('runs the registered functions on the services useServices built last', async () => {
  expect(await listAs(FIRST_KEY)).toBe(200);
  expect(await listAs(SECOND_KEY)).toBe(403);
  try {
    useServices({ env: { ...process.env, OPS_API_KEY: SECOND_KEY } });
    expect(await listAs(SECOND_KEY)).toBe(200);
    expect(await listAs(FIRST_KEY)).toBe(403);
  } finally {
    useServices();
  }
  expect(await listAs(FIRST_KEY)).toBe(200);
});
