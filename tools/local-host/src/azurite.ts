import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** Azurite's (and the storage emulator's) well-known development account. */
export const devStoreAccount = 'devstoreaccount1';
export const devStoreKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
export const standardPorts: AzuritePorts = Object.freeze({ blob: 10000, queue: 10001, table: 10002 });

export interface AzuritePorts {
  blob: number;
  queue: number;
  table: number;
}

export interface StartAzuriteOptions {
  /** Where Azurite keeps its data (ignored with inMemory); created if missing. Default .data/azurite. */
  location?: string;
  /** Keep all data in memory (tests). */
  inMemory?: boolean;
  /** 0 lets Azurite bind a free port (race-free: no probe-then-bind). Default: the standard 10000–10002. */
  ports?: AzuritePorts;
  /** Default 127.0.0.1. */
  host?: string;
  /** Longest wait for the three services to listen; default 30 s. */
  startTimeoutMs?: number;
  /** Longest wait on stop() for Azurite to save its data and exit, before it is killed; default 60 s. */
  stopTimeoutMs?: number;
  /** Gets each line Azurite prints once it has started (its stop messages, errors); default: dropped. */
  onOutput?: (line: string) => void;
}

export interface Azurite {
  /** Explicit connection string (BlobEndpoint, QueueEndpoint, TableEndpoint) for the well-known account. */
  readonly connectionString: string;
  readonly ports: AzuritePorts;
  readonly host: string;
  /** False when an Azurite already listening on the requested ports was reused. */
  readonly started: boolean;
  /**
   * Asks the Azurite this call started to stop, once however often it is called, and resolves when it
   * has exited: on disk, after it has saved its data. Rejects if it had to be killed. A reused one is left running.
   */
  stop(): Promise<void>;
}

/** The connection string for the well-known account with explicit endpoints. */
export function azuriteConnectionString(host: string, ports: AzuritePorts): string {
  const endpoint = (port: number) => `http://${host}:${port}/${devStoreAccount}`;
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${devStoreAccount}`,
    `AccountKey=${devStoreKey}`,
    `BlobEndpoint=${endpoint(ports.blob)}`,
    `QueueEndpoint=${endpoint(ports.queue)}`,
    `TableEndpoint=${endpoint(ports.table)}`,
  ].join(';');
}

/** Answers the `Server` header of whatever listens on host:port, '' if it answers without one, undefined if nothing listens. */
function probeServer(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: `/${devStoreAccount}?comp=list`, method: 'GET', timeout: 2_000 }, (res) => {
      res.resume();
      resolve(String(res.headers.server ?? ''));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? undefined : ''));
    req.end();
  });
}

function azuriteScript(): string {
  // Resolved from the working directory's project first (the app's own dependency), then from here.
  const bases = [path.join(process.cwd(), 'package.json'), typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'x.js')];
  for (const base of bases) {
    try {
      return path.join(path.dirname(createRequire(base).resolve('azurite/package.json')), 'dist', 'src', 'azurite.js');
    } catch {
      // try the next base
    }
  }
  throw new Error('Cannot find the "azurite" package: run npm install');
}

/**
 * Starts Azurite (blob, queue, table) as a child process, or reuses one already listening on
 * the requested fixed ports. Resolves once all three services accept connections.
 */
export async function startAzurite(opts: StartAzuriteOptions = {}): Promise<Azurite> {
  const host = opts.host ?? '127.0.0.1';
  const requested = opts.ports ?? standardPorts;
  const timeoutMs = opts.startTimeoutMs ?? 30_000;

  const fixed = (Object.entries(requested) as Array<[keyof AzuritePorts, number]>).filter(([, port]) => port !== 0);
  if (fixed.length > 0) {
    const servers = await Promise.all(fixed.map(([, port]) => probeServer(host, port)));
    const listening = fixed.filter((_, i) => servers[i] !== undefined);
    if (listening.length === 3 && servers.every((s) => s?.startsWith('Azurite'))) {
      return { connectionString: azuriteConnectionString(host, requested), ports: { ...requested }, host, started: false, stop: async () => undefined };
    }
    if (listening.length > 0) {
      const taken = listening.map(([service, port]) => `${service} ${host}:${port}`).join(', ');
      throw new Error(`Cannot start Azurite: ${taken} already in use by something that is not a complete Azurite`);
    }
  }

  const args = [
    '-e',
    [
      // The one way to stop this Azurite: its stdin closing. The host closes it to ask for a stop, and it
      // closes by itself when the host is gone, even after a SIGKILL: no orphaned Azurite holds ports or
      // memory. SIGTERM is what makes Azurite save its data and stop (azurite.js); it is sent once.
      "process.stdin.once('close', () => process.kill(process.pid, 'SIGTERM')).resume();",
      // Once the host is gone, so is the reader of Azurite's output: a "closing..." line that cannot be
      // written (EPIPE) must not crash Azurite before it has saved.
      "for (const output of [process.stdout, process.stderr]) output.on('error', () => undefined);",
      'require(process.argv[1]);',
    ].join('\n'),
    azuriteScript(),
    '--silent',
    // The SDKs may speak a newer storage API version than this Azurite knows; the features used are old.
    '--skipApiVersionCheck',
    '--disableTelemetry',
    '--blobHost',
    host,
    '--blobPort',
    String(requested.blob),
    '--queueHost',
    host,
    '--queuePort',
    String(requested.queue),
    '--tableHost',
    host,
    '--tablePort',
    String(requested.table),
  ];
  if (opts.inMemory) {
    args.push('--inMemoryPersistence');
  } else {
    const location = path.resolve(opts.location ?? path.join('.data', 'azurite'));
    mkdirSync(location, { recursive: true });
    args.push('--location', location);
  }

  const child = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: opts.inMemory ? undefined : process.cwd(),
    // A process group of its own, so signals meant for the host never reach Azurite: Ctrl-C signals the
    // terminal's whole group, and Azurite stops on its first SIGINT or SIGTERM but dies on the next one
    // (its handlers are `once`), which cut its save short when the host then asked it to stop as well.
    detached: true,
  });
  // In memory there is nothing to save: it dies with this process. On disk, the stdin pipe closing
  // with this process lets Azurite save and stop by itself.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  if (opts.inMemory) process.once('exit', killOnExit);
  // Closing stdin is the stop request; an Azurite that is already gone needs none (EPIPE is not an error).
  child.stdin!.on('error', () => undefined);

  let output = '';
  const ports: Partial<AzuritePorts> = {};
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Azurite did not start within ${timeoutMs} ms`)), timeoutMs);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        for (const match of output.matchAll(/Azurite (Blob|Queue|Table) service is successfully listening at https?:\/\/[^\s]*:(\d+)/g)) {
          ports[match[1]!.toLowerCase() as keyof AzuritePorts] = Number(match[2]);
        }
        if (ports.blob && ports.queue && ports.table) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`Azurite exited during start-up (${signal ?? `code ${code}`})`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    process.off('exit', killOnExit);
    const detail = output
      .trim()
      .split('\n')
      .filter((line) => /error|EADDRINUSE|listen/i.test(line))
      .slice(-3)
      .join(' | ');
    throw new Error(`${(error as Error).message}${detail ? `: ${detail}` : ''}`, { cause: error });
  }
  // Keep draining its output so the child never blocks on a full pipe.
  child.stdout!.removeAllListeners('data');
  child.stderr!.removeAllListeners('data');
  forEachLine(child.stdout!, opts.onOutput);
  forEachLine(child.stderr!, opts.onOutput);
  child.removeAllListeners('exit');

  const actual = ports as AzuritePorts;
  let stopping: Promise<void> | undefined;
  return {
    connectionString: azuriteConnectionString(host, actual),
    ports: actual,
    host,
    started: true,
    stop(): Promise<void> {
      // In memory there is nothing to save, and a graceful stop waits for every keep-alive
      // connection the SDK clients hold open; on disk, Azurite saves what it still holds in memory.
      stopping ??= (opts.inMemory ? killChild(child) : askToStop(child, opts.stopTimeoutMs ?? 60_000)).finally(() => process.off('exit', killOnExit));
      return stopping;
    },
  };
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function killChild(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Closes Azurite's stdin (its one stop request) and waits for it to exit, killing it after timeoutMs. */
function askToStop(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const force = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Azurite did not exit within ${timeoutMs} ms of being asked to stop; killed it, its latest writes may be lost`));
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.stdin!.end();
  });
}

/** Calls `onLine` with each complete line of `stream` (none if it is undefined), and keeps the stream flowing. */
function forEachLine(stream: Readable, onLine: ((line: string) => void) | undefined): void {
  let partial = '';
  stream.on('data', (chunk: Buffer) => {
    if (!onLine) return;
    const lines = (partial + chunk.toString('utf8')).split(/\r?\n/);
    partial = lines.pop()!;
    for (const line of lines) if (line.trim() !== '') onLine(line);
  });
}
