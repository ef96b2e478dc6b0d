import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScheduleStatusStore, TimerListener, parseSchedule, type TimerInfo } from '../src/timerTrigger';
import { startTestStorage } from '../src/testStorage';
import { startTestHost, type TestHost } from './support/testHost';
import { recorded } from './fixtures/sample-app/src/recorder';

const appRoot = path.join(__dirname, 'fixtures/sample-app');

afterAll(async () => {
  await (await startTestStorage()).stop();
});

describe('NCRONTAB schedules', () => {
  it('reads six fields, seconds first, in UTC', () => {
    const schedule = parseSchedule('0 30 9 * * 1-5');
    // Friday 2026-11-27 10:00 UTC: the next weekday 09:30 UTC is Monday.
    expect(schedule.next(new Date('2026-11-27T10:00:00Z')).toISOString()).toBe('2026-11-30T09:30:00.000Z');
  });

  it('requires day-of-month and day-of-week both to match, as NCRONTAB does', () => {
    // The 13th that is a Friday.
    expect(parseSchedule('0 0 0 13 * 5').next(new Date('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-02-13T00:00:00.000Z');
  });

  it('accepts a TimeSpan interval and refuses a malformed expression', () => {
    expect(parseSchedule('00:05:00').next(new Date('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-01-01T00:05:00.000Z');
    expect(() => parseSchedule('every minute')).toThrow(/not recognized as a valid cron expression or timespan string/);
  });

  it("refuses what croner reads but Azure's NCrontab does not, naming the function (azure-webjobs-sdk-extensions Timers/Scheduling/TimerSchedule.cs)", () => {
    for (const expression of ['0 0 9 * * 1#1', '0 0 0 L * *', '0 0 9 15W * *', '0 0 9 ? * 1', '0 0 9 * * 7']) {
      expect(() => parseSchedule(expression, 'slaSweep'), expression).toThrow(/^Timer trigger "slaSweep": The schedule expression .* was not recognized/);
    }
  });
});

describe('timer triggers in the host', () => {
  let t: TestHost;

  beforeAll(async () => {
    recorded.timer.length = 0;
    t = await startTestHost({ appRoot, enableTimers: true, enableQueues: false, env: { TICK_SCHEDULE: '*/1 * * * * *' } });
    await new Promise((resolve) => setTimeout(resolve, 4_200));
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('fires a */1 second schedule (resolved from %TICK_SCHEDULE%) about once a second', () => {
    const ticks = recorded.timer.filter((r) => r.functionName === 'tick');
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(ticks.every((r) => !r.isPastDue)).toBe(true);
    // Sub-minute schedules are not monitored, and an unmonitored timer gets no schedule status
    // (azure-webjobs-sdk-extensions Timers/Listener/TimerListener.cs InvokeJobFunction).
    expect(ticks.every((r) => r.scheduleStatus === null)).toBe(true);
    const gaps = ticks.slice(1).map((r, i) => r.at - ticks[i]!.at);
    // Loose bounds: a busy CI machine delays timers; an hourly or minutely mistake would still show.
    expect(gaps.every((gap) => gap > 400 && gap < 2_100)).toBe(true);
  });

  it('never runs a timer function concurrently with itself, skipping occurrences instead', () => {
    const slow = recorded.timer.filter((r) => r.functionName === 'slowTick');
    expect(slow.length).toBeGreaterThanOrEqual(2);
    expect(recorded.maxConcurrentSlowTicks).toBe(1);
  });

  it('runs a timer function through the admin endpoint and answers 202 when it has finished', async () => {
    const before = recorded.timer.filter((r) => r.functionName === 'tick').length;
    const response = await t.fetch('/admin/functions/tick', { method: 'POST', body: '{"input":""}' });
    expect(response.status).toBe(202);
    expect(recorded.timer.filter((r) => r.functionName === 'tick').length).toBeGreaterThan(before);
  });
});

describe('timer start-up', () => {
  it('refuses to start when a %SETTING% in a schedule is not set, naming it', async () => {
    await expect(startTestHost({ appRoot, enableTimers: true, enableQueues: false })).rejects.toThrow(/TICK_SCHEDULE/);
  });

  it('runs once with isPastDue when the recorded next occurrence passed while the host was down (useMonitor)', async () => {
    const storage = await startTestStorage();
    const store = new ScheduleStatusStore(storage.connectionString, 'timer-test');
    const now = Date.now();
    await store.write('hourly', {
      last: new Date(now - 2 * 3600_000).toISOString(),
      next: new Date(now - 3600_000).toISOString(),
      lastUpdated: new Date(now - 2 * 3600_000).toISOString(),
    });
    const runs: TimerInfo[] = [];
    const listener = new TimerListener({
      functionName: 'hourly',
      schedule: parseSchedule('0 0 * * * *'),
      runOnStartup: false,
      useMonitor: true,
      store,
      log: () => undefined,
      invoke: async (timer) => {
        runs.push(timer);
      },
    });
    await listener.start();
    await listener.run(false); // queued behind the catch-up run, so this waits for it
    await listener.stop();
    expect(runs[0]?.isPastDue).toBe(true);
    expect(runs.filter((r) => r.isPastDue)).toHaveLength(1);
    const status = await store.read('hourly');
    expect(new Date(status!.next).getTime()).toBeGreaterThan(now);
  });

  it('does not run a monitored timer on a first start with no recorded status, unless runOnStartup', async () => {
    const storage = await startTestStorage();
    const store = new ScheduleStatusStore(storage.connectionString, 'timer-test');
    const runs: TimerInfo[] = [];
    const make = (functionName: string, runOnStartup: boolean) =>
      new TimerListener({
        functionName,
        schedule: parseSchedule('0 0 0 * * *'),
        runOnStartup,
        useMonitor: true,
        store,
        log: () => undefined,
        invoke: async (timer) => {
          runs.push(timer);
        },
      });
    const quiet = make('daily-quiet', false);
    await quiet.start();
    await quiet.stop();
    expect(runs).toHaveLength(0);
    const eager = make('daily-eager', true);
    await eager.start();
    await eager.stop();
    expect(runs).toHaveLength(1);
    expect(runs[0]?.isPastDue).toBe(false);
  });
});
