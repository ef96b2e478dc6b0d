// The cold start (issue 18): on Flex Consumption an idle app scales to zero, and the first report
// after a quiet night waits for a new process. Three figures, each beside a minimal app doing a
// submission's minimum durable work (bench/coldBaseline, a Functions v4 app of one HTTP function):
// - the first 201: a new process through the local host, from its start to the first 201 of
//   POST /api/tickets (storage already made, as in Azure: one unmeasured start of each first),
//   without a public-holiday calendar and with one (SLA_HOLIDAYS=COLD_HOLIDAYS: the holiday
//   rules load at start then, to check the code, and the first deadline reads them);
// - the entry's load time: in a fresh process with the functions-core stand-in in place, the time
//   to require what package.json main names (bench/entryLoad.ts);
// - the package: bytes and files azd would deploy, against the baseline app packaged the plain way
//   (its compiled entry and its three packages' production files in node_modules).
// Runs interleave app and baseline, the order flipping each run; every figure is a median.

import { fork } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { azdPackage, packageSize } from '../tools/testkit/deploymentPackage';
import { median } from './load';

export const COLD_RUNS = 5;
/** the entry's load time, at most this many times the baseline app's */
export const ENTRY_LOAD_TARGET = 1.2;
/** the first 201 after a cold start, at most this many times the baseline app's */
export const FIRST_RESPONSE_TARGET = 1.3;
/** the public-holiday calendar of the second first-201 figure: a country with states, as an operator in Munich would set */
export const COLD_HOLIDAYS = 'DE-BY';

const repoRoot = path.resolve(__dirname, '..', '..');
/** The baseline app's root (its package.json and host.json), in the sources: its main names the compiled entry. */
export const COLD_BASELINE_ROOT = path.join(repoRoot, 'bench', 'coldBaseline');
/** The npm packages the baseline app imports. */
const BASELINE_PACKAGES = ['@azure/functions', '@azure/data-tables', '@azure/storage-queue'];

interface Figure {
  ms: number;
  baselineMs: number;
  /** the median of each run's app / baseline */
  ratio: number;
}

export interface ColdBenchResult {
  firstResponse: Figure;
  /** the same with SLA_HOLIDAYS=COLD_HOLIDAYS (the baseline knows no calendar) */
  firstResponseWithHolidays: Figure;
  entryLoad: Figure;
  package: { bytes: number; files: number; baselineBytes: number; baselineFiles: number };
}

export type Side = 'app' | 'cold-baseline';

export interface ColdBenchOptions {
  /** the app's settings (the baseline reads only AzureWebJobsStorage) */
  appEnv: Record<string, string>;
  /** starts the app or the baseline in a process of its own through the local host; resolves once it listens */
  startServer(kind: Side, env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }>;
  body(): string;
  log(line: string): void;
}

function entryOf(appRoot: string): string {
  const main = (JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { main: string }).main;
  const entry = path.resolve(appRoot, main);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build`);
  return entry;
}

async function firstResponseMs(side: Side, o: ColdBenchOptions, env: Record<string, string> = o.appEnv): Promise<number> {
  const started = performance.now();
  const server = await o.startServer(side, env);
  try {
    const res = await fetch(`${server.url}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: o.body() });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`cold start: the ${side}'s first submission answered ${res.status}`);
    return performance.now() - started;
  } finally {
    await server.stop();
  }
}

function entryLoadMs(entry: string, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'entryLoad.js'), [entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('message', (m: { ms: number; functions: number }) => {
      if (m.functions === 0) reject(new Error(`${entry} registered no function`));
      else resolve(m.ms);
    });
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`loading ${entry} failed (${code}): ${stderr}`))));
  });
}

async function interleaved(runs: number, measure: (side: Side) => Promise<number>, what: string, log: (line: string) => void): Promise<Figure> {
  const app: number[] = [];
  const baseline: number[] = [];
  for (let run = 0; run < runs; run++) {
    const order: Side[] = run % 2 === 0 ? ['app', 'cold-baseline'] : ['cold-baseline', 'app'];
    for (const side of order) (side === 'app' ? app : baseline).push(await measure(side));
    log(`${what} run ${run + 1}/${runs}: ${app.at(-1)!.toFixed(0)} ms, baseline ${baseline.at(-1)!.toFixed(0)} ms`);
  }
  return { ms: median(app), baselineMs: median(baseline), ratio: median(app.map((ms, i) => ms / baseline[i]!)) };
}

/** The folders of `names` and of everything they depend on in production, as package-lock.json installs them. */
function productionClosure(names: readonly string[]): string[] {
  const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dependencies?: Record<string, string> }>;
  };
  const folders = new Set<string>();
  const visit = (name: string, from: string) => {
    // Node's lookup: the nearest node_modules up from the dependent's folder.
    for (let dir = from; ;) {
      const folder = `${dir}${dir ? '/' : ''}node_modules/${name}`;
      const entry = lock.packages[folder];
      if (entry) {
        if (folders.has(folder)) return;
        folders.add(folder);
        for (const dependency of Object.keys(entry.dependencies ?? {})) visit(dependency, folder);
        return;
      }
      if (dir === '') return;
      const up = dir.lastIndexOf('/node_modules/');
      dir = up < 0 ? '' : dir.slice(0, up);
    }
  };
  for (const name of names) visit(name, '');
  return [...folders].sort();
}

function filesUnder(folder: string): string[] {
  return readdirSync(path.join(repoRoot, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(repoRoot, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** The baseline packaged the plain way: host.json, package.json, its compiled modules, its packages' files without types or maps. */
function baselinePackage(): { bytes: number; files: number } {
  const compiled = path
    .relative(repoRoot, path.dirname(entryOf(COLD_BASELINE_ROOT)))
    .split(path.sep)
    .join('/');
  const files = [
    'host.json',
    'package.json',
    ...filesUnder(compiled).filter((file) => file.endsWith('.js')),
    path
      .relative(repoRoot, path.join(path.dirname(entryOf(COLD_BASELINE_ROOT)), '..', 'baselineWrites.js'))
      .split(path.sep)
      .join('/'),
    ...productionClosure(BASELINE_PACKAGES).flatMap((folder) =>
      filesUnder(folder).filter((file) => !/\.(map|d\.[cm]?ts)$/.test(file) && !file.slice(folder.length).includes('/node_modules/')),
    ),
  ];
  return packageSize(repoRoot, files);
}

export async function benchCold(o: ColdBenchOptions): Promise<ColdBenchResult> {
  const appEntry = entryOf(repoRoot);
  const baselineEntry = entryOf(COLD_BASELINE_ROOT);
  // Unmeasured: each side's first start makes its tables and queues, as Bicep has in Azure.
  for (const side of ['app', 'cold-baseline'] as const) await firstResponseMs(side, o);
  const firstResponse = await interleaved(COLD_RUNS, (side) => firstResponseMs(side, o), 'first 201', o.log);
  const withHolidays = { ...o.appEnv, SLA_HOLIDAYS: COLD_HOLIDAYS };
  const firstResponseWithHolidays = await interleaved(
    COLD_RUNS,
    (side) => firstResponseMs(side, o, withHolidays),
    `first 201 with SLA_HOLIDAYS=${COLD_HOLIDAYS}`,
    o.log,
  );
  const entryLoad = await interleaved(COLD_RUNS, (side) => entryLoadMs(side === 'app' ? appEntry : baselineEntry, o.appEnv), 'entry load', o.log);
  const app = packageSize(repoRoot, azdPackage(repoRoot));
  const baseline = baselinePackage();
  return {
    firstResponse,
    firstResponseWithHolidays,
    entryLoad,
    package: { bytes: app.bytes, files: app.files, baselineBytes: baseline.bytes, baselineFiles: baseline.files },
  };
}
