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
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
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
  agent.destroy();
  return { latenciesMs, ok, failed, elapsedMs, throughputPerS: (ok / elapsedMs) * 1000 };
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
