import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMainProcess, waitForOutput, type MainProcess } from '@security-event-intake/local-host/testing';
import { aSubmission } from '../support/builders';

// `npm start` on the real app with its embedded Azurite on disk (LokiJS, which saves what it holds
// in memory every 5 s and on a clean stop): what was answered 201 must survive every usual way to stop it.

const repoRoot = path.resolve(__dirname, '../..');

interface Running {
  main: MainProcess;
  url: string;
}

/** The parts of a 201 that read the ticket back. */
interface Submitted {
  confirmationNumber: string;
  accessToken: string;
}

const running: MainProcess[] = [];
const dataDirs: string[] = [];

function aDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'durable-stop-'));
  dataDirs.push(dir);
  return dir;
}

/** The live (not zombie) Azurite processes keeping their data in `dataDir`. */
function azuritePids(dataDir: string): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .map((row) => /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(row))
    .filter(
      (match): match is RegExpExecArray => match !== null && !match[2]!.startsWith('Z') && match[3]!.includes('azurite.js') && match[3]!.includes(dataDir),
    )
    .map((match) => Number(match[1]));
}

/** The host as a terminal runs it: in a process group of its own, with Azurite on free ports and its data in dataDir. */
async function startApp(dataDir: string): Promise<Running> {
  const main = startMainProcess({
    args: ['--app', repoRoot, '--azurite-data', path.join(dataDir, 'azurite'), '--azurite-ports', '0,0,0'],
    cwd: dataDir,
    env: {
      PORT: '0',
      AzureWebJobsStorage: 'UseDevelopmentStorage=true',
      EMAIL_OUTBOX_DIR: path.join(dataDir, 'outbox'),
      OPS_API_KEY: 'durable-stop-operator-key',
      // An app setting, as infra and local.settings.json set it: the host resolves %SLA_SWEEP_SCHEDULE% itself.
      SLA_SWEEP_SCHEDULE: '0 */5 * * * *',
    },
    detached: true,
  });
  running.push(main);
  const [, url] = await waitForOutput(main, /Functions host running at (http:\/\/127\.0\.0\.1:\d+)/);
  await waitForOutput(main, /Press Ctrl-C/);
  return { main, url: url! };
}

async function submitTicket(url: string): Promise<Submitted> {
  const response = await fetch(`${url}/api/tickets`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(aSubmission()),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Submitted;
}

/** How often Azurite was asked to stop: it prints this line each time (the host passes its lines on). */
function azuriteStopRequests(main: MainProcess): number {
  return main.output().match(/\[azurite\] Azurite Table service is closing/g)?.length ?? 0;
}

/** Starts the host again on the same data and reads the ticket back with its access token. */
async function readAfterRestart(dataDir: string, ticket: Submitted): Promise<number> {
  const again = await startApp(dataDir);
  try {
    const response = await fetch(`${again.url}/api/tickets/${ticket.confirmationNumber}`, { headers: { Authorization: `Bearer ${ticket.accessToken}` } });
    if (response.status === 200) expect(await response.json()).toMatchObject({ confirmationNumber: ticket.confirmationNumber });
    return response.status;
  } finally {
    process.kill(-again.main.child.pid!, 'SIGTERM');
    await again.main.exited;
  }
}

/**
 * What every clean stop must leave: the host exited with `code`, after Azurite (asked to stop once,
 * saved); the ticket readable after a restart on the same data.
 */
async function expectDurableStop(main: MainProcess, dataDir: string, ticket: Submitted, code: number): Promise<void> {
  expect(await main.exited).toEqual({ code, signal: null });
  expect(azuritePids(dataDir)).toEqual([]);
  expect(await readAfterRestart(dataDir, ticket)).toBe(200);
  expect(azuriteStopRequests(main)).toBe(1);
  expect(main.output()).toMatch(/\[azurite\] Azurite Table service successfully closed/);
}

afterEach(() => {
  for (const main of running.splice(0)) {
    if (main.child.exitCode === null && main.child.signalCode === null) process.kill(-main.child.pid!, 'SIGKILL');
  }
  for (const dir of dataDirs.splice(0)) {
    for (const pid of azuritePids(dir)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('npm start keeps what it answered 201 when it is stopped', () => {
  it.each([
    { how: 'Ctrl-C (SIGINT to the process group, as a terminal sends it)', signal: 'SIGINT', target: 'group' },
    { how: 'SIGTERM to the process group', signal: 'SIGTERM', target: 'group' },
    { how: 'SIGTERM to the host process alone', signal: 'SIGTERM', target: 'host' },
  ] as const)(
    'after $how: Azurite is asked to stop once, saves, and is gone when the host exits',
    async ({ signal, target }) => {
      const dataDir = aDataDir();
      const { main, url } = await startApp(dataDir);
      const ticket = await submitTicket(url);

      process.kill(target === 'group' ? -main.child.pid! : main.child.pid!, signal);

      await expectDurableStop(main, dataDir, ticket, 0);
    },
    90_000,
  );

  it('after a second Ctrl-C: stops waiting for work in flight, but still lets Azurite save', async () => {
    const dataDir = aDataDir();
    const { main, url } = await startApp(dataDir);
    const ticket = await submitTicket(url);
    // A request whose body never ends keeps the first Ctrl-C waiting (up to 30 s) for work in flight;
    // the host has read its headers by the time it has answered a request sent after it.
    const { port } = new URL(url);
    const stalled = connect(Number(port), '127.0.0.1');
    stalled.on('error', () => undefined);
    stalled.write('POST /api/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"category"');
    expect((await fetch(`${url}/api/health`)).status).toBe(200);

    process.kill(-main.child.pid!, 'SIGINT');
    await waitForOutput(main, /SIGINT: finishing work in flight/);
    process.kill(-main.child.pid!, 'SIGINT');

    await expectDurableStop(main, dataDir, ticket, 130);
    stalled.destroy();
    expect(main.output()).toMatch(/SIGINT again: no longer waiting for work in flight/);
  }, 90_000);

  it('after a SIGKILL of the host alone: Azurite notices its stdin close, saves and exits by itself', async () => {
    const dataDir = aDataDir();
    const { main, url } = await startApp(dataDir);
    const ticket = await submitTicket(url);
    expect(azuritePids(dataDir)).toHaveLength(1);

    process.kill(main.child.pid!, 'SIGKILL');

    expect(await main.exited).toEqual({ code: null, signal: 'SIGKILL' });
    while (azuritePids(dataDir).length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await readAfterRestart(dataDir, ticket)).toBe(200);
  }, 90_000);
});
