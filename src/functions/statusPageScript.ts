import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { webScriptHandler } from '../http/webScript';

/** GET /api/status-page.js: the status page's script (web/src/statusPage.ts), read once. */
export function statusPageScript(services: ServiceSource): HttpHandler {
  return webScriptHandler(services, 'status-page.js');
}
