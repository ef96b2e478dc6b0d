// A server under measurement, in a process of its own (so its CPU and resident set are its own):
// the app through the local host, the bare baseline, or the cold-start baseline app (bench/coldBaseline)
// through the local host. Spoken to over IPC by bench/run.ts:
//   child -> parent  { ready: url }                once listening
//   parent -> child  { cmd: 'rss' }  -> { rssMb }  resident set after a full GC (--expose-gc)
//   parent -> child  { cmd: 'cpu' }  -> { cpuUs }  CPU time (user + system) the process has used so far
//   parent -> child  { cmd: 'stop' }               stops and exits

import path from 'node:path';
import { startLocalHost } from '@security-event-intake/local-host';

type Command = { cmd: 'rss' } | { cmd: 'cpu' } | { cmd: 'stop' };

async function main(): Promise<void> {
  const kind = process.env.BENCH_SERVER;
  const storage = process.env.AzureWebJobsStorage ?? '';
  let stop: () => Promise<void>;
  let url: string;
  if (kind === 'baseline') {
    // Loaded only here: at the top it would load the storage SDKs into every server process, and
    // the cold-start baseline app would find them there, loaded before its start was timed.
    const { startBaselineServer } = await import('./baselineServer');
    const server = await startBaselineServer(storage);
    url = server.url;
    stop = server.stop;
  } else {
    const host = await startLocalHost({
      // The app as the worker loads it: package.json main (dist/app/index.js, the bundle deployed), or the baseline app's.
      appRoot: path.resolve(__dirname, '..', '..', ...(kind === 'cold-baseline' ? ['bench', 'coldBaseline'] : [])),
      port: 0,
      storageConnectionString: storage,
      enableTimers: false,
      enableQueues: process.env.BENCH_QUEUES === 'true',
      // The host's request lines and the app's JSON lines go to stdout, which the parent discards
      // (/dev/null): the cost of writing them stays in the measurement, as it would in Azure.
    });
    url = host.url;
    stop = host.stop;
  }
  process.on('message', (message: Command) => {
    if (message.cmd === 'rss') {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
      process.send?.({ rssMb: process.memoryUsage().rss / 1024 / 1024, heapMb: process.memoryUsage().heapUsed / 1024 / 1024 });
    } else if (message.cmd === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpuUs: user + system });
    } else if (message.cmd === 'stop') {
      void stop().finally(() => process.exit(0));
    }
  });
  process.send?.({ ready: url });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
