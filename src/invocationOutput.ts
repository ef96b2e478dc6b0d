// The services are built once (composition.ts) and shared by every invocation, but a log line
// belongs to the invocation that wrote it: written with that invocation's context.info/warn/error,
// it reaches Application Insights at its own level and with the invocation id; written with
// console.*, it is a line on the worker's stdout or stderr, which the host files under a severity
// guessed from its words and relates to no invocation.
//
// So the running invocation's InvocationContext is held in an AsyncLocalStorage, entered by one
// preInvocation hook (src/appHooks.ts) around the handler; what the handler awaits, and
// only that, runs inside it. The alternative, a logger passed down with every call, would thread a
// parameter through every service method for the sake of logging, and a forgotten one would fall
// back to console silently all the same. Outside any invocation (app start, tests that call a
// service directly) and after the invocation has ended (the host drops lines of a finished
// invocation), lines go to the console.

import { AsyncLocalStorage } from 'node:async_hooks';
import type { InvocationContext } from '@azure/functions';
import { consoleOutput, type LogOutput } from './services/logger';

interface Invocation {
  readonly context: InvocationContext;
  ended: boolean;
}

const current = new AsyncLocalStorage<Invocation>();

/** Runs `handler` as the invocation `context` belongs to: what it logs through invocationOutput goes to `context`. */
export async function runInInvocation<T>(context: InvocationContext, handler: () => T | Promise<T>): Promise<T> {
  const invocation: Invocation = { context, ended: false };
  try {
    return await current.run(invocation, handler);
  } finally {
    invocation.ended = true;
  }
}

function running(): InvocationContext | undefined {
  const invocation = current.getStore();
  return invocation && !invocation.ended ? invocation.context : undefined;
}

function written(level: keyof LogOutput): (line: string) => void {
  return (line) => (running() ?? consoleOutput)[level](line);
}

/** Writes through the running invocation's context at the line's level; outside one, to the console. */
export const invocationOutput: LogOutput = { info: written('info'), warn: written('warn'), error: written('error') };
