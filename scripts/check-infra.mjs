#!/usr/bin/env node
// `npm run check:infra`: compiles and lints every .bicep file under infra/ with the real Bicep CLI and
// fails on any error or warning. `bicep lint` and `bicep build` exit 0 when there are only warnings,
// so the printed diagnostics are parsed and counted. Also checks that infra/main.parameters.json
// names only parameters main.bicep declares and supplies every one it requires, holds the compiled template to the
// deployment rules of scripts/infra-policy.mjs (Node.js version, scale bounds, the email role, Communication Services
// keys and logs, OPS_API_KEY as a secure parameter), and checks that host.json keeps what the alert rules count
// (scripts/host-json-policy.mjs).
//
// Exit codes: 0 clean, 1 diagnostics or failures, 2 no Bicep CLI found.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { bicepFiles, bicepVersion, compileBicep, findBicepCli, infraDir, mainBicep, parseDiagnostics, repoRoot, runBicep } from './bicep-cli.mjs';
import { policyProblems } from './infra-policy.mjs';
import { hostJsonProblems } from './host-json-policy.mjs';

/** Runs the tasks with at most `limit` at once, keeping their order in the result. */
async function inParallel(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

const readParametersFile = () => JSON.parse(readFileSync(join(infraDir, 'main.parameters.json'), 'utf8'));

/** Problems with infra/main.parameters.json against the compiled main template. */
function checkParametersFile(template) {
  const supplied = Object.keys(readParametersFile().parameters ?? {});
  const declared = template.parameters ?? {};
  const problems = [];
  for (const name of supplied) {
    if (!(name in declared)) problems.push(`main.parameters.json sets "${name}", which main.bicep does not declare`);
  }
  for (const [name, definition] of Object.entries(declared)) {
    if (!('defaultValue' in definition) && !supplied.includes(name)) {
      problems.push(`main.bicep requires "${name}", which main.parameters.json does not set`);
    }
  }
  return problems;
}

const { cli, tried } = findBicepCli();
if (!cli) {
  console.error(
    `check:infra: no Bicep CLI found. Looked at:\n  ${tried.join('\n  ')}\n` +
      'Run .ci/install-bicep.sh (needs the .NET SDK), install the Azure CLI, or set BICEP_CLI.',
  );
  process.exit(2);
}
const version = await bicepVersion(cli);
console.log(`check:infra: Bicep CLI ${version?.join('.') ?? '(version unknown)'} from ${cli.source}`);

const files = bicepFiles();
const outDir = mkdtempSync(join(tmpdir(), 'check-infra-'));
let runs;
try {
  // One process per verb when the CLI takes --pattern (0.31 and later): each start costs a second or two.
  const takesPattern = cli.kind === 'bicep' && version !== undefined && (version[0] > 0 || version[1] >= 31);
  const pattern = `${relative(repoRoot, infraDir).split('\\').join('/')}/**/*.bicep`;
  const commands = takesPattern
    ? [
        ['build', '--pattern', pattern, '--outdir', outDir],
        ['lint', '--pattern', pattern],
      ]
    : files.flatMap((file) => [
        ['build', file, '--stdout'],
        ['lint', file],
      ]);
  runs = await inParallel(
    commands.map((args) => async () => ({ args, ...(await runBicep(cli, args)) })),
    Math.max(2, availableParallelism()),
  );
} finally {
  rmSync(outDir, { recursive: true, force: true });
}

const seen = new Set();
let failures = 0;
let infos = 0;
for (const { args, status, stderr } of runs) {
  if (status !== 0) {
    failures++;
    console.error(`✗ bicep ${args.join(' ')} exited with ${status}`);
  }
  for (const diagnostic of parseDiagnostics(stderr)) {
    if (seen.has(diagnostic.message)) continue; // build and lint report the same problem twice
    seen.add(diagnostic.message);
    if (diagnostic.level === 'Info') {
      infos++;
      console.log(`  ${diagnostic.message}`);
    } else {
      failures++;
      console.error(`✗ ${diagnostic.message}`);
    }
  }
}

try {
  const { template } = await compileBicep(mainBicep, cli);
  for (const problem of [...checkParametersFile(template), ...policyProblems(template, readParametersFile())]) {
    failures++;
    console.error(`✗ ${problem}`);
  }
} catch (error) {
  failures++;
  console.error(`✗ ${error.message}`);
}

try {
  for (const problem of hostJsonProblems(JSON.parse(readFileSync(join(repoRoot, 'host.json'), 'utf8')))) {
    failures++;
    console.error(`✗ ${problem}`);
  }
} catch (error) {
  failures++;
  console.error(`✗ host.json: ${error.message}`);
}

const summary = `${files.length} Bicep files compiled and linted, ${failures} errors or warnings${infos ? `, ${infos} infos` : ''}`;
if (failures > 0) {
  console.error(`check:infra: FAILED: ${summary}`);
  process.exit(1);
}
console.log(`check:infra: ${summary}`);
