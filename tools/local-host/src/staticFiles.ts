import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The Azure Static Web Apps configuration file; its `globalHeaders` apply here too, and it is never served. */
export const staticWebAppConfigFile = 'staticwebapp.config.json';

/**
 * Headers for every static file: `nosniff`, then the `globalHeaders` of the folder's
 * staticwebapp.config.json (as Static Web Apps applies them), then `extra` (the host's option).
 */
export function staticHeadersFor(root: string, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { 'X-Content-Type-Options': 'nosniff' };
  const configFile = path.join(root, staticWebAppConfigFile);
  if (existsSync(configFile)) {
    let config: unknown;
    try {
      config = JSON.parse(readFileSync(configFile, 'utf8'));
    } catch (error) {
      throw new Error(`${configFile} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    const globalHeaders = (config as { globalHeaders?: unknown } | null)?.globalHeaders;
    if (globalHeaders !== undefined) {
      if (typeof globalHeaders !== 'object' || globalHeaders === null || Object.values(globalHeaders).some((v) => typeof v !== 'string')) {
        throw new Error(`${configFile}: globalHeaders must map header names to strings`);
      }
      Object.assign(headers, globalHeaders);
    }
  }
  return Object.assign(headers, extra);
}

/**
 * The file under `root` that a URL path names, or undefined: `/` and directories give their
 * `index.html`; `..`, encoded separators, NUL and symlinks out of `root` give undefined.
 */
export async function resolveStaticFile(root: string, pathname: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((s) => s === '..')) return undefined;
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return undefined;
  }
  let candidate = path.resolve(realRoot, `.${decoded}`);
  if (candidate !== realRoot && !candidate.startsWith(realRoot + path.sep)) return undefined;
  try {
    let info = await stat(candidate);
    if (info.isDirectory()) {
      candidate = path.join(candidate, 'index.html');
      info = await stat(candidate);
    }
    if (!info.isFile()) return undefined;
    const real = await realpath(candidate);
    if (!real.startsWith(realRoot + path.sep)) return undefined;
    if (real === path.join(realRoot, staticWebAppConfigFile)) return undefined;
    return real;
  } catch {
    return undefined;
  }
}

/** Serves a GET/HEAD for a static file with the given headers. Returns the status written. */
export async function serveStaticFile(res: ServerResponse, file: string, method: string, headers: Record<string, string>): Promise<number> {
  const info = await stat(file);
  res.statusCode = 200;
  res.setHeader('Content-Type', contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('Cache-Control', 'no-cache');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Length', info.size);
  if (method === 'HEAD') {
    res.end();
    return 200;
  }
  await pipeline(createReadStream(file), res);
  return 200;
}
