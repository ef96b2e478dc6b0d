// The cold-start baseline (bench/cold.ts): a minimal Functions v4 app, one HTTP function that does a
// submission's minimum durable work (bench/baselineWrites.ts: the warm baseline's writes). Deployed
// the plain way, compiled by tsc and loading its three packages from node_modules, it is what the
// cold start of an app that does no more than that costs: the app's entry and first 201 are measured
// against it.

import { app } from '@azure/functions';
import { baselineWrites } from '../baselineWrites';

const writes = baselineWrites(process.env.AzureWebJobsStorage ?? '');
let readiness: Promise<void> | undefined;

app.http('submitTicket', {
  methods: ['POST'],
  route: 'tickets',
  authLevel: 'anonymous',
  handler: async (request) => {
    // As the app does (its services' ready()): the table and queue are made sure of once per process.
    readiness ??= writes.ready();
    await readiness;
    const { text, location } = await writes.submit((await request.json()) as Record<string, unknown>);
    return { status: 201, body: text, headers: { 'Content-Type': 'application/json', Location: location } };
  },
});
