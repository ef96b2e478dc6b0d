import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { httpRoute } from '../http/httpRoute';

// The status page's script (web/src/statusPage.ts, bundled by scripts/build-web.mjs into
// dist/web/). The status page is served by this app, not by the static site, and its CSP allows
// scripts from its own origin only: so the app serves the script too.
// Compiled, this file is dist/src/functions/, beside dist/web/; the tests run it from src/functions/.
const BUNDLES = [path.join(__dirname, '..', '..', 'web', 'status-page.js'), path.join(__dirname, '..', '..', 'dist', 'web', 'status-page.js')];

async function readBundle(): Promise<string> {
  for (const file of BUNDLES) {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`the status page script is missing (${BUNDLES.join(' or ')}); run npm run build`);
}

/** GET /api/status-page.js: the status page's script, read once. */
export function statusPageScript(services: ServiceSource): HttpHandler {
  let bundle: Promise<string> | undefined;
  return httpRoute(services, {
    access: 'public',
    storage: false,
    handle: async () => {
      bundle ??= readBundle().catch((error: unknown) => {
        bundle = undefined; // found on a later request once it is built
        throw error;
      });
      return {
        status: 200,
        headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' },
        body: await bundle,
      };
    },
  });
}
