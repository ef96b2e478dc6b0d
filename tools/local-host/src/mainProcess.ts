import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

// Beside src/ (under vitest) and dist/ (compiled) alike.
const packageRoot = path.join(__dirname, '..');
/** The package's command (package.json `bin`), what `npm start` runs; it runs the compiled main.ts. */
export const hostBin = path.join(packageRoot, 'bin', 'local-functions-host.cjs');

/** Throws unless npm run build has compiled the host, which its command runs. */
export function requireBuiltHost(): void {
  if (!existsSync(path.join(packageRoot, 'dist', 'main.js'))) throw new Error('The local host is not built: run npm run build (npm test does)');
}

export interface MainProcessOptions {
  args: string[];
  /** On top of this process's environment. */
  env?: Record<string, string>;
  /** Default: this process's working directory. */
  cwd?: string;
  /** A process group of its own, as a shell gives a command it starts in a terminal: signal it with process.kill(-pid, ...). */
  detached?: boolean;
}

export interface MainProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Its exit code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** For tests: runs `local-functions-host ...args` (with this process's node) as `npm start` does, collecting its output. */
export function startMainProcess(opts: MainProcessOptions): MainProcess {
  requireBuiltHost();
  const child = spawn(process.execPath, [hostBin, ...opts.args], {
    cwd: opts.cwd ?? process.cwd(),
    env: { ...process.env, ...opts.env },
    detached: opts.detached ?? false,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Resolves with the first match of `pattern` in the output; rejects once the process has exited or after timeoutMs. */
export async function waitForOutput(started: MainProcess, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(started.output());
    if (match) return match;
    if (Date.now() > deadline || started.child.exitCode !== null || started.child.signalCode !== null) {
      throw new Error(`no ${pattern} in:\n${started.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
