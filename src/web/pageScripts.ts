// The scripts of the pages the Functions app serves itself (web/src/statusPage.ts and
// web/src/console.ts, bundled by scripts/build-web.mjs into dist/web/), read once, with their
// content's hash and their gzip and brotli forms made then, not per request. A page names its
// script with the hash (`/api/status-page.js?v=…`), so the browser may keep it for good: a new
// build is a new address.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

export interface PageScript {
  text: Buffer;
  gzip: Buffer;
  br: Buffer;
  /** the first 16 hex digits of the content's SHA-256: the `v` of the script's address */
  version: string;
}

// Compiled, this file is dist/src/web/, beside dist/web/; the tests run it from src/web/.
function bundlePaths(file: string): string[] {
  return [path.join(__dirname, '..', '..', 'web', file), path.join(__dirname, '..', '..', 'dist', 'web', file)];
}

const loaded = new Map<string, PageScript>();

/** The bundle `file` of dist/web/, read and compressed at its first use; throws when it is not built (found on a later call once it is). */
export function pageScript(file: string): PageScript {
  const known = loaded.get(file);
  if (known) return known;
  const candidates = bundlePaths(file);
  for (const candidate of candidates) {
    let text: Buffer;
    try {
      text = readFileSync(candidate);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const script: PageScript = {
      text,
      gzip: gzipSync(text, { level: 9 }),
      br: brotliCompressSync(text, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: text.length } }),
      version: createHash('sha256').update(text).digest('hex').slice(0, 16),
    };
    loaded.set(file, script);
    return script;
  }
  throw new Error(`the script ${file} is missing (${candidates.join(' or ')}); run npm run build`);
}

/**
 * The address a page names a script at: `route?v=<hash>` of the bundle named as the route ends
 * (`/api/status-page.js`: dist/web/status-page.js), or the bare route while it is not built.
 */
export function pageScriptSrc(route: string): string {
  try {
    return `${route}?v=${pageScript(route.slice(route.lastIndexOf('/') + 1)).version}`;
  } catch {
    return route;
  }
}
