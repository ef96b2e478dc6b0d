// Finds and runs the Bicep CLI for `npm run check:infra` and test/infra.
//
// Where the CLI comes from, in this order:
//   1. BICEP_CLI: the path of a bicep binary;
//   2. the NuGet package Azure.Bicep.CommandLine.<rid> that .ci/install-bicep.sh restores (CI machines);
//   3. `bicep` on PATH, then ~/.azure/bin/bicep (where `az bicep install` puts it);
//   4. `az bicep` (the Azure CLI; slowest to start, so last).

import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Bicep CLI version that .ci/install-bicep.sh restores (keep in step with scripts/bicep/bicep-cli.csproj). */
export const BICEP_VERSION = '0.49.2';

/** The repository root and the infra folder. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const infraDir = join(repoRoot, 'infra');
export const mainBicep = join(infraDir, 'main.bicep');

/**
 * @typedef {object} BicepCli
 * @property {string} command   executable to spawn
 * @property {string[]} prefix  arguments before the verb (['bicep'] for `az bicep`)
 * @property {'bicep' | 'az'} kind
 * @property {string} source    how it was found, for messages
 */

const isExecutable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const onPath = (name, env) => {
  const names = process.platform === 'win32' ? [`${name}.exe`, `${name}.cmd`] : [name];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const candidate of names) {
      const path = join(dir, candidate);
      if (isExecutable(path)) return path;
    }
  }
  return undefined;
};

const nugetRid = () => {
  const os = { linux: 'linux', darwin: 'osx', win32: 'win' }[process.platform];
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
  return os && arch ? `${os}-${arch}` : undefined;
};

/**
 * Locates the Bicep CLI.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {{ cli: BicepCli | undefined, tried: string[] }} the CLI, or what was looked at
 */
export function findBicepCli(env = process.env) {
  const tried = [];
  const direct = (command, source) => ({ command, prefix: [], kind: /** @type {const} */ ('bicep'), source });

  if (env.BICEP_CLI) {
    if (isExecutable(env.BICEP_CLI)) return { cli: direct(env.BICEP_CLI, 'BICEP_CLI'), tried };
    tried.push(`BICEP_CLI=${env.BICEP_CLI} (not an executable file)`);
  } else {
    tried.push('BICEP_CLI (unset)');
  }

  const rid = nugetRid();
  if (rid) {
    const packages = env.NUGET_PACKAGES || join(homedir(), '.nuget', 'packages');
    const exe = process.platform === 'win32' ? 'bicep.exe' : 'bicep';
    const path = join(packages, `azure.bicep.commandline.${rid}`, BICEP_VERSION, 'tools', exe);
    if (isExecutable(path)) return { cli: direct(path, `NuGet package (${path})`), tried };
    tried.push(path);
  }

  const bicep = onPath('bicep', env);
  if (bicep) return { cli: direct(bicep, `PATH (${bicep})`), tried };
  tried.push('bicep on PATH');

  const azureCliBicep = join(homedir(), '.azure', 'bin', process.platform === 'win32' ? 'bicep.exe' : 'bicep');
  if (isExecutable(azureCliBicep)) return { cli: direct(azureCliBicep, azureCliBicep), tried };
  tried.push(azureCliBicep);

  const az = onPath('az', env);
  if (az && spawnSync(az, ['bicep', 'version'], { encoding: 'utf8', timeout: 120_000 }).status === 0) {
    return { cli: { command: az, prefix: ['bicep'], kind: 'az', source: `Azure CLI (${az} bicep)` }, tried };
  }
  tried.push('az bicep');
  return { cli: undefined, tried };
}

/**
 * Runs the CLI: `bicep <args>`, or `az bicep <args>` with the input file passed as --file.
 * @param {BicepCli} cli
 * @param {string[]} args  e.g. ['build', 'infra/main.bicep', '--stdout'] or ['--version']
 * @returns {Promise<{ status: number | null, stdout: string, stderr: string }>}
 */
export function runBicep(cli, args) {
  const [verb, file, ...options] = args;
  const full = cli.kind === 'az' && file !== undefined && !file.startsWith('-') ? [...cli.prefix, verb, '--file', file, ...options] : [...cli.prefix, ...args];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cli.command, full, { cwd: repoRoot, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

/**
 * The CLI's version as [major, minor, patch], or undefined when it prints none.
 * @param {BicepCli} cli
 */
export async function bicepVersion(cli) {
  const { stdout, stderr } = await runBicep(cli, cli.kind === 'az' ? ['version'] : ['--version']);
  const match = /(\d+)\.(\d+)\.(\d+)/.exec(stdout + stderr);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/**
 * @typedef {object} Diagnostic
 * @property {string} file
 * @property {number} line
 * @property {number} column
 * @property {'Error' | 'Warning' | 'Info' | 'Unknown'} level
 * @property {string} code     e.g. BCP037 or no-unused-params
 * @property {string} message  the whole line as the CLI printed it
 */

const diagnosticLine = /^(.*)\((\d+),(\d+)\)\s*:\s*(Error|Warning|Info)\s+([^:\s]+):\s*(.*)$/;

/**
 * Parses the CLI's default diagnostics format. A line that is not a diagnostic (a crash, an unknown
 * option, an update notice) becomes an 'Unknown' diagnostic, so nothing printed goes unnoticed.
 * @param {string} text
 * @returns {Diagnostic[]}
 */
export function parseDiagnostics(text) {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const match = diagnosticLine.exec(line);
      if (!match) return { file: '', line: 0, column: 0, level: /** @type {const} */ ('Unknown'), code: '', message: line };
      const [, file, row, column, level, code] = match;
      return { file: file.trim(), line: Number(row), column: Number(column), level: /** @type {any} */ (level), code, message: line };
    });
}

/**
 * Every .bicep file under a folder, sorted.
 * @param {string} [dir]
 * @returns {string[]}
 */
export function bicepFiles(dir = infraDir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.bicep'))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/**
 * Compiles a Bicep file to its ARM JSON template.
 * @param {string} [file]
 * @param {BicepCli} [cli]
 * @returns {Promise<{ template: any, diagnostics: Diagnostic[] }>}
 */
export async function compileBicep(file = mainBicep, cli = findBicepCli().cli) {
  if (!cli) throw new Error('No Bicep CLI found (run .ci/install-bicep.sh, or set BICEP_CLI).');
  const { status, stdout, stderr } = await runBicep(cli, ['build', file, '--stdout']);
  const diagnostics = parseDiagnostics(stderr);
  if (status !== 0) {
    throw new Error(`bicep build ${relative(repoRoot, file)} failed (exit ${status}):\n${stderr}`);
  }
  return { template: JSON.parse(stdout), diagnostics };
}
