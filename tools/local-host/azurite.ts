import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

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
}

export interface Azurite {
  /** Explicit connection string (BlobEndpoint, QueueEndpoint, TableEndpoint) for the well-known account. */
  readonly connectionString: string;
  readonly ports: AzuritePorts;
  readonly host: string;
  /** False when an Azurite already listening on the requested ports was reused. */
  readonly started: boolean;
  /** Stops the Azurite this call started (a reused one is left running). */
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
    // Azurite ends itself (as on Ctrl-C) when its stdin closes, i.e. whenever this process is gone,
    // even after a SIGKILL that leaves no chance to stop it: no orphaned Azurite holds ports or memory.
    '-e',
    "process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM')).resume(); require(process.argv[1]);",
    azuriteScript(),
    '--silent',
    // The SDKs may speak a newer storage API version than this Azurite knows; the features used are old.
    '--skipApiVersionCheck',
    '--disableTelemetry',
    '--blobHost', host, '--blobPort', String(requested.blob),
    '--queueHost', host, '--queuePort', String(requested.queue),
    '--tableHost', host, '--tablePort', String(requested.table),
  ];
  if (opts.inMemory) {
    args.push('--inMemoryPersistence');
  } else {
    const location = path.resolve(opts.location ?? path.join('.data', 'azurite'));
    mkdirSync(location, { recursive: true });
    args.push('--location', location);
  }

  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: opts.inMemory ? undefined : process.cwd() });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

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
    const detail = output.trim().split('\n').filter((line) => /error|EADDRINUSE|listen/i.test(line)).slice(-3).join(' | ');
    throw new Error(`${(error as Error).message}${detail ? `: ${detail}` : ''}`);
  }
  // Keep draining its output so the child never blocks on a full pipe.
  child.stdout!.resume();
  child.stderr!.resume();
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
      // connection the SDK clients hold open; on disk, Azurite gets the chance to save its state.
      stopping ??= stopChild(child, opts.inMemory ? 'SIGKILL' : 'SIGTERM').finally(() => process.off('exit', killOnExit));
      return stopping;
    },
  };
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}
