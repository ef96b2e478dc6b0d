import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { webScriptHandler } from '../http/webScript';

/** GET /api/console.js: the console's script (web/src/console.ts: the queue refreshed in place), read once. */
export function consoleScript(services: ServiceSource): HttpHandler {
  return webScriptHandler(services, 'console.js');
}
