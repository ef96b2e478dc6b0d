// The one shape of an operator's HTTP function: the services built once, the operator's
// credential checked, the request's input read and validated, storage made ready, and every
// expected failure answered as a problem. What is left to a handler is its route, its input and
// its use case.

import type { HttpHandler, HttpRequest, HttpResponseInit } from '@azure/functions';
import { appServices, type AppServices } from '../composition';
import { requireOperator } from './auth';
import { withProblems } from './problems';

export interface OperatorRoute<Input> {
  /** Reads and validates the request (400/413/415 as problems); runs before storage is touched. */
  input(request: HttpRequest, services: AppServices): Input | Promise<Input>;
  /** The use case, with storage ready. */
  handle(input: Input, services: AppServices): Promise<HttpResponseInit>;
}

/** An HTTP handler for operators only (OPS_API_KEY or an Entra ID principal with Tickets.Triage). */
export function operatorRoute<Input>(route: OperatorRoute<Input>): HttpHandler {
  return withProblems(async (request) => {
    const services = appServices();
    requireOperator(request, services.settings);
    const input = await route.input(request, services);
    // A request that is refused for its input is answered without storage, even while it is down.
    await services.ready();
    return route.handle(input, services);
  });
}
