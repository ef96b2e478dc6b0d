// Each invocation's services write their log and alert lines through that invocation's context, as
// the worker's own InvocationContext carries them to Application Insights: its level, its
// invocation id; after the invocation's end, to the console.

import { InvocationContext } from '@azure/functions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runInInvocation } from '../src/invocationOutput';
import type { LogOutput } from '../src/services/logger';
import { jsonAlerts, jsonLogger } from '../src/services/logger';

/** A context as the worker builds one; what it is asked to log is kept as [invocation id, level, line]. */
function anInvocation(invocationId: string, written: Array<[string, string, string]>): InvocationContext {
  return new InvocationContext({
    invocationId,
    functionName: 'slaSweep',
    logHandler: (level, ...args) => void written.push([invocationId, level, args.join(' ')]),
  });
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => vi.restoreAllMocks());

describe('invocationOutput', () => {
  it('writes each line with the context of the invocation that wrote it, at its level, when invocations interleave', async () => {
    const written: Array<[string, string, string]> = [];
    const work = async (name: string, output: LogOutput) => {
      const logger = jsonLogger(output);
      const alerts = jsonAlerts(output, () => new Date('2027-01-05T09:00:00Z'));
      logger.info('sweep started', { name });
      await tick();
      alerts.raise({ alert: 'SlaBreached', confirmationNumber: `SE-${name}`, category: 'incident', severity: null, minutesOverdue: 1, acknowledgeBy: 'x' });
      await tick();
      logger.error('sweep failed', { name });
      alerts.raise({ alert: 'EmailBacklogCleared' });
    };
    await Promise.all([
      runInInvocation(anInvocation('a', written), (output) => work('A', output)),
      runInInvocation(anInvocation('b', written), (output) => work('B', output)),
    ]);

    for (const [id, name] of [
      ['a', 'A'],
      ['b', 'B'],
    ] as const) {
      expect(written.filter(([invocation]) => invocation === id).map(([, level, line]) => [level, line])).toEqual([
        ['information', `{"level":"info","message":"sweep started","name":"${name}"}`],
        [
          'warning',
          `{"level":"alert","alert":"SlaBreached","confirmationNumber":"SE-${name}","category":"incident","severity":null,"minutesOverdue":1,"acknowledgeBy":"x","at":"2027-01-05T09:00:00.000Z"}`,
        ],
        ['error', `{"level":"error","message":"sweep failed","name":"${name}"}`],
        ['information', '{"level":"alert","alert":"EmailBacklogCleared","at":"2027-01-05T09:00:00.000Z"}'],
      ]);
    }
  });

  it('writes to the console once the invocation has ended (the host drops those lines)', async () => {
    const written: Array<[string, string, string]> = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    let later: Promise<void> = Promise.resolve();
    await runInInvocation(anInvocation('a', written), (output) => {
      later = tick()
        .then(() => tick())
        .then(() => output.warn('after the end'));
      output.info('inside');
    });
    await later;

    expect(written).toEqual([['a', 'information', 'inside']]);
    expect(warn.mock.calls).toEqual([['after the end']]);
    expect(info.mock.calls).toEqual([]);
  });

  it("passes the handler's result and its error through", async () => {
    const context = anInvocation('a', []);
    await expect(runInInvocation(context, () => 42)).resolves.toBe(42);
    await expect(runInInvocation(context, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
