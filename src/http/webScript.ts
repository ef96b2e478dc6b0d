// The pages' scripts (web/src/statusPage.ts, web/src/console.ts, bundled by scripts/build-web.mjs
// into dist/web/). The status page and the console are served by this app, not by the static
// site, and their CSP allows scripts from their own origin only: so the app serves their scripts too.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { httpRoute } from './httpRoute';

// Compiled, this file is dist/src/http/, beside dist/web/; the tests run it from src/http/.
function bundlePaths(file: string): string[] {
  return [path.join(__dirname, '..', '..', 'web', file), path.join(__dirname, '..', '..', 'dist', 'web', file)];
}

async function readBundle(file: string): Promise<string> {
  const candidates = bundlePaths(file);
  for (const candidate of candidates) {
    try {
      return await readFile(candidate, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`the script ${file} is missing (${candidates.join(' or ')}); run npm run build`);
}

/** The handler that serves the bundle `file` of dist/web/ (read once, anonymous: a script holds no secret). */
export function webScriptHandler(services: ServiceSource, file: string): HttpHandler {
  let bundle: Promise<string> | undefined;
  return httpRoute(services, {
    access: 'public',
    storage: false,
    handle: async () => {
      bundle ??= readBundle(file).catch((error: unknown) => {
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
