// The services are wired once (composition.ts), but a log line belongs to the invocation that wrote
// it: written with that invocation's context.info/warn/error, it reaches Application Insights at its
// own level and with the invocation id; written with console.*, it is a line on the worker's stdout
// or stderr, which the host files under a severity guessed from its words and relates to no
// invocation.
//
// So every handler takes its services for its invocation (AppServices.forInvocation), wired to an
// output that writes through that invocation's context while it runs. Until 2026-12-02 the running
// context was found through an AsyncLocalStorage instead; that needs Node's promise hooks, which
// run on every promise the process makes, the storage SDKs' included: about 6 % of the CPU a
// submission costs, for a lookup a log line makes rarely. Once the invocation has ended (the host
// drops lines of a finished invocation), and outside any invocation, lines go to the console.

import type { InvocationContext } from '@azure/functions';
import type { AppServices, ServiceSource } from './composition';
import { consoleOutput, type LogOutput } from './services/logger';

/** Writes through `context` at the line's level until the invocation ends; to the console after. */
class InvocationOutput implements LogOutput {
  #ended = false;

  constructor(private readonly context: InvocationContext) {}

  info(line: string): void {
    this.#target().info(line);
  }

  warn(line: string): void {
    this.#target().warn(line);
  }

  error(line: string): void {
    this.#target().error(line);
  }

  #target(): LogOutput {
    return this.#ended ? consoleOutput : this.context;
  }

  end(): void {
    this.#ended = true;
  }
}

/** Runs `work` as the invocation `context` belongs to, with the output that writes through it while it runs. */
export async function runInInvocation<T>(context: InvocationContext, work: (output: LogOutput) => T | Promise<T>): Promise<T> {
  const output = new InvocationOutput(context);
  try {
    return await work(output);
  } finally {
    output.end();
  }
}

/**
 * A function's handler that runs `work` with the services of its invocation: every handler takes
 * its services here, so none can take the shared ones by mistake and log past its invocation.
 */
export function withInvocationServices<Input, Result>(
  services: ServiceSource,
  work: (built: AppServices, input: Input, context: InvocationContext) => Result | Promise<Result>,
): (input: Input, context: InvocationContext) => Promise<Result> {
  return (input, context) => runInInvocation(context, (output) => work(services(output), input, context));
}
