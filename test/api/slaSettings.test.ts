// The business-calendar settings as `npm start` meets them: a bad value stops start-up with one
// line naming it, and the process's own TZ never shifts a deadline.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostBin, requireBuiltHost, startTestStorage } from '@security-event-intake/local-host/testing';
import { aSubmission } from '../support/builders';

const repoRoot = path.resolve(__dirname, '../..');
let storage: string;

interface Started {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startApp(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [hostBin], {
    cwd: repoRoot,
    // SLA_SWEEP_SCHEDULE as infra and local.settings.json set it: the host resolves %SLA_SWEEP_SCHEDULE% itself.
    env: {
      ...process.env,
      PORT: '0',
      AzureWebJobsStorage: storage,
      OPS_API_KEY: 'ops-key-for-settings-tests-0123',
      EMAIL_OUTBOX_DIR: `/tmp/sla-settings-outbox-${process.pid}`,
      SLA_SWEEP_SCHEDULE: '0 */5 * * * *',
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close', not 'exit': only then has everything it printed been read.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

beforeAll(async () => {
  requireBuiltHost();
  storage = (await startTestStorage()).connectionString;
});
afterAll(async () => (await startTestStorage()).stop());

describe('an invalid calendar setting stops start-up with one line naming it', () => {
  const cases: Array<[string, string]> = [
    ['SLA_TIME_ZONE', 'Mars/Olympus'],
    ['SLA_TIME_ZONE', 'CET+1'],
    ['SLA_WORKDAYS', '1,2,9'],
    ['SLA_WORKDAYS', 'mon-fri'],
    ['SLA_HOLIDAYS', 'XX-NOPE'],
    ['SLA_EXTRA_HOLIDAYS', '2026-13-01'],
    ['SLA_EXTRA_HOLIDAYS', '2027-02-30'],
  ];
  for (const [setting, value] of cases) {
    it(`exits 1 for ${setting}=${value}`, async () => {
      const app = startApp({ [setting]: value });
      const code = await Promise.race([app.exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 20_000))]);
      if (code === 'running') app.child.kill('SIGKILL');
      expect(code).toBe(1);
      const lines = app
        .stderr()
        .split('\n')
        .filter((l) => l.trim() !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(setting);
      expect(lines[0]).toContain(value);
      expect(lines[0]).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
      expect(app.stdout()).not.toContain('Functions host running');
    });
  }
});

describe('a process TZ different from SLA_TIME_ZONE', () => {
  it('computes acknowledgeBy in SLA_TIME_ZONE (TZ=Pacific/Auckland, SLA_TIME_ZONE=Europe/Berlin)', async () => {
    const app = startApp({ TZ: 'Pacific/Auckland', SLA_TIME_ZONE: 'Europe/Berlin', SLA_WORKDAYS: '', SLA_HOLIDAYS: '', SLA_EXTRA_HOLIDAYS: '' });
    try {
      const started = Date.now();
      let url: string | undefined;
      while (!url) {
        url = /Functions host running at (http:\/\/\S+)/.exec(app.stdout())?.[1];
        if (app.child.exitCode !== null || Date.now() - started > 20_000) throw new Error(`host did not start:\n${app.stdout()}\n${app.stderr()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const res = await fetch(`${url}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aSubmission()) });
      expect(res.status).toBe(201);
      const { submittedAt, acknowledgeBy } = (await res.json()) as { submittedAt: string; acknowledgeBy: string };
      expect(acknowledgeBy).toBe(expectedBerlinDeadline(submittedAt));
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
    }
  });
});

/**
 * The contract's rule for a Monday–Friday calendar without holidays, in Berlin time, written out
 * independently of src/domain/calendar.ts: on a business day the next business day at the same
 * wall-clock time; on a weekend the end (24:00) of the next business day.
 */
function expectedBerlinDeadline(submittedAt: string): string {
  const local = DateTime.fromISO(submittedAt, { zone: 'Europe/Berlin' });
  const nextBusinessDay = (d: DateTime): DateTime => {
    let next = d.plus({ days: 1 });
    while (next.weekday > 5) next = next.plus({ days: 1 });
    return next;
  };
  const deadline = local.weekday <= 5 ? nextBusinessDay(local) : nextBusinessDay(local).startOf('day').plus({ days: 1 });
  return deadline.toUTC().toISO() ?? '';
}
