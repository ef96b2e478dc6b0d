// One entry's module load time, in a process of its own (bench/cold.ts forks it): the stand-in for
// `@azure/functions-core` in place (as the worker provides the real one) and nothing else loaded
// before, then the time to require the entry, which registers its functions. Answers over IPC
//   child -> parent  { ms, functions }

import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as FunctionsCore from '../tools/local-host/src/functionsCore';

// The local host's stand-in module alone, by its file: the package's own entry would load the host,
// and with it @azure/data-tables and @azure/storage-queue, which the baseline's entry would then find loaded.
const hostRoot = path.dirname(require.resolve('@security-event-intake/local-host/package.json'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require(path.join(hostRoot, 'dist', 'functionsCore.js')) as typeof FunctionsCore;

const entry = process.argv[2];
if (!entry) throw new Error('usage: entryLoad <entry file>');
core.installFunctionsCore();
const started = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(path.resolve(entry));
const ms = performance.now() - started;
process.send?.({ ms, functions: core.registeredFunctions().length }, () => process.exit(0));
