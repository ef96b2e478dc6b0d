// A small closed-loop HTTP load generator: `concurrency` workers, each sending the next request as
// soon as the previous one is answered, over kept-alive connections (as a client library would).

import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  /** per-request latencies in ms, in completion order */
  latenciesMs: number[];
  /** requests answered with the expected status */
  ok: number;
  /** any other answer or a network error */
  failed: number;
  elapsedMs: number;
  throughputPerS: number;
}

export interface LoadOptions {
  url: string;
  path: string;
  body: () => string;
  concurrency: number;
  /** stop after this many requests in all… */
  requests?: number;
  /** …or after this long */
  durationMs?: number;
  expectStatus?: number;
  /** called after every answered request with the number answered so far */
  onAnswered?: (answered: number) => void | Promise<void>;
  /** the connections to send over, kept alive across calls (the caller destroys it); a fresh pool of `concurrency` if absent */
  agent?: Agent;
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const agent = opts.agent ?? new Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const target = new URL(opts.path, opts.url);
  const latenciesMs: number[] = [];
  let ok = 0;
  let failed = 0;
  let started = 0;
  const begin = performance.now();
  const more = (): boolean =>
    (opts.requests === undefined || started < opts.requests) && (opts.durationMs === undefined || performance.now() - begin < opts.durationMs);

  const worker = async (): Promise<void> => {
    while (more()) {
      started++;
      const t0 = performance.now();
      const status = await send(agent, target, opts.body());
      latenciesMs.push(performance.now() - t0);
      if (status === (opts.expectStatus ?? 201)) ok++;
      else failed++;
      await opts.onAnswered?.(ok + failed);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsedMs = performance.now() - begin;
  if (!opts.agent) agent.destroy();
  return { latenciesMs, ok, failed, elapsedMs, throughputPerS: (ok / elapsedMs) * 1000 };
}

/**
 * One client at concurrency 1 that takes turns between servers, request by request (in the order
 * A B B A, so neither always goes first after the other): each server's latencies are sampled in
 * the same moments of the machine, where runs one after the other each caught a moment of their
 * own. One result per target, in the order given; `elapsedMs` is the sum of that target's own
 * latencies, so its throughput is the closed loop's at concurrency 1.
 */
export async function runInTurns(opts: {
  urls: readonly string[];
  path: string;
  body: () => string;
  requestsEach: number;
  expectStatus?: number;
}): Promise<LoadResult[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.urls.length });
  const targets = opts.urls.map((url) => new URL(opts.path, url));
  const results = targets.map(() => ({ latenciesMs: [] as number[], ok: 0, failed: 0 }));
  for (let round = 0; round < opts.requestsEach; round++) {
    const order = targets.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const t0 = performance.now();
      const status = await send(agent, targets[i]!, opts.body());
      const result = results[i]!;
      result.latenciesMs.push(performance.now() - t0);
      if (status === (opts.expectStatus ?? 201)) result.ok++;
      else result.failed++;
    }
  }
  agent.destroy();
  return results.map((r) => {
    const elapsedMs = r.latenciesMs.reduce((sum, ms) => sum + ms, 0);
    return { ...r, elapsedMs, throughputPerS: (r.ok / elapsedMs) * 1000 };
  });
}

function send(agent: Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: 30_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** The q-quantile (0..1) of the values, nearest-rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}
