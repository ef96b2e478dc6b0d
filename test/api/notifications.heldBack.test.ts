// One address gets at most EMAIL_HOURLY_LIMIT_PER_RECIPIENT emails an hour from the service,
// whatever the number of tickets: anyone can type anyone's address into the form. Beyond the
// limit the ticket is still accepted, its history says the email was held back, and operators
// are told once.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { aSubmission } from '../support/builders';
import { startTestHost, type TestHost } from '../support/testHost';
import { OPS_KEY, alertSources, captureConsole, eventually, historyOf, submit, type Submitted } from './notifications.support';

let t: TestHost;
let output: ReturnType<typeof captureConsole>;
const outbox = mkdtempSync(path.join(os.tmpdir(), 'held-back-outbox-'));

beforeAll(async () => {
  output = captureConsole();
  t = await startTestHost({ env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: outbox, EMAIL_HOURLY_LIMIT_PER_RECIPIENT: '3' } });
});
afterAll(async () => {
  await t?.stop();
  output?.restore();
  rmSync(outbox, { recursive: true, force: true });
});

const emailsTo = (confirmationNumbers: string[]): number =>
  readdirSync(outbox).filter((name) => name.endsWith('.eml') && confirmationNumbers.some((n) => name.includes(n))).length;

it('sends three emails to one address in an hour, holds back the rest, records it and tells operators once', async () => {
  const victim = { name: 'Someone Else', email: 'victim@contoso.example', locale: 'en' };
  const tickets: Submitted[] = await Promise.all(Array.from({ length: 7 }, () => submit(t, aSubmission({ reporter: victim }))));
  const numbers = tickets.map((ticket) => ticket.confirmationNumber);

  const outcomes = await eventually(
    'every confirmation decided',
    async () => {
      const histories = await Promise.all(numbers.map((n) => historyOf(t, n)));
      const decided = histories.map((h) => h.find((e) => e.event === 'notification-sent' || e.event === 'notification-held-back')?.event);
      return decided.every(Boolean) ? decided : undefined;
    },
    30_000,
  );

  expect(outcomes.filter((e) => e === 'notification-sent')).toHaveLength(3);
  expect(outcomes.filter((e) => e === 'notification-held-back')).toHaveLength(4);
  expect(emailsTo(numbers)).toBe(3);
  // Every ticket is accepted and listed for the operators, held back or not.
  for (const ticket of tickets) {
    const res = await t.fetch(`/api/tickets/${ticket.confirmationNumber}`, { headers: { authorization: `Bearer ${ticket.accessToken}` } });
    const body = (await res.json()) as { confirmationEmail: string };
    expect(['sent', 'held-back']).toContain(body.confirmationEmail);
  }
  const heldBackAlerts = output.lines.filter((line) => line.includes('"alert":"EmailHeldBack"'));
  expect(heldBackAlerts).toHaveLength(1);
  expect(heldBackAlerts[0]).not.toContain('victim@contoso.example');
  // Through the sending invocation's context.warn: a Warning trace in Azure, not a console line.
  expect(alertSources(output.entries, 'EmailHeldBack')).toEqual([['sendNotification', 'warn']]);

  // Another address is not affected.
  const other = await submit(t, aSubmission({ reporter: { name: 'Ada', email: 'ada@contoso.example', locale: 'en' } }));
  await eventually('the other email', () => emailsTo([other.confirmationNumber]) === 1);
});
