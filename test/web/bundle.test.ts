// The browser sources are outside the app's tsconfig (they need the DOM, not Node); they are
// type-checked here, and the build is checked to stay small enough for a quick first load.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { securityHeadersFor } from '../../src/web/securityHeaders';

const out = mkdtempSync(path.join(os.tmpdir(), 'web-bundle-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the browser bundle', () => {
  // tsc takes a few seconds alone and much longer on a busy CI machine.
  it('type-checks against the DOM with the app\u2019s strict settings', { timeout: 180_000 }, () => {
    execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'web/tsconfig.json'], { stdio: 'pipe' });
  });

  it('builds the pages, a hashed script under 100 KiB gzip, the stylesheet and the Static Web Apps headers', () => {
    build();
    const files = readdirSync(out);
    expect(files).toEqual(expect.arrayContaining(['index.html', 'de.html', 'styles.css', 'staticwebapp.config.json']));
    const script = readdirSync(path.join(out, 'assets')).find((f) => /^main-[A-Z0-9]+\.js$/.test(f));
    expect(script).toBeDefined();
    expect(existsSync(path.join(out, 'assets', `${script}.map`))).toBe(true);
    const index = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(index).toContain(`<script type="module" src="/assets/${script}"></script>`);
    expect(index).toContain('<meta name="api-base" content="https://api.example">');
    expect(gzipSync(readFileSync(path.join(out, 'assets', script!))).length).toBeLessThan(100 * 1024);
    expect(statSync(path.join(out, 'styles.css')).size).toBeGreaterThan(1000);
    const config = JSON.parse(readFileSync(path.join(out, 'staticwebapp.config.json'), 'utf8')) as { globalHeaders: Record<string, string> };
    expect(config.globalHeaders).toEqual(securityHeadersFor('https://api.example'));
  });

  it('loads at most 30 KB gzip before the reporter types: the entry and its static imports, all named in the page', () => {
    build();
    for (const page of ['index.html', 'de.html']) {
      const html = readFileSync(path.join(out, page), 'utf8');
      const entry = /<script type="module" src="([^"]+)"><\/script>/.exec(html)?.[1];
      expect(entry).toMatch(/^\/assets\/main-[A-Z0-9]+\.js$/);
      const start = startScripts(entry!);
      // The page names every chunk the entry imports (modulepreload), so none waits for the entry.
      const preloads = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
      expect(new Set([entry, ...preloads])).toEqual(start);
      const gzip = [...start].reduce((sum, url) => sum + gzipSync(readFileSync(path.join(out, url))).length, 0);
      expect(gzip).toBeLessThanOrEqual(30_000);
    }
  });

  it('leaves the CVSS scorer and zod out of the start: the scorer comes with the vector field, zod with the first submit', () => {
    build();
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    const entry = /<script type="module" src="([^"]+)"><\/script>/.exec(html)![1]!;
    const start = [...startScripts(entry)];
    const startSources = start.flatMap(sourcesOf);
    expect(startSources.filter((s) => /node_modules\/(ae-cvss-calculator|zod)\//.test(s))).toEqual([]);
    expect(startSources.some((s) => s.endsWith('src/domain/cvss.ts') || s.endsWith('src/domain/submission.ts'))).toBe(false);
    // The entry asks for the live score's chunk by import(), and that chunk (with what it imports) has the scorer.
    const later = dynamicImportsOf(entry);
    const cvssLive = later.find((url) => /\/cvssLive-[A-Z0-9]+\.js$/.test(url));
    expect(cvssLive).toBeDefined();
    expect([...startScripts(cvssLive!)].flatMap(sourcesOf).some((s) => s.includes('node_modules/ae-cvss-calculator/'))).toBe(true);
    expect(later.some((url) => /\/reportCheck-[A-Z0-9]+\.js$/.test(url))).toBe(true);
    expect(later.some((url) => /\/evidenceUpload-[A-Z0-9]+\.js$/.test(url))).toBe(true);
  });

  it('caches the hashed assets for a year and revalidates the pages (staticwebapp.config.json routes)', () => {
    build();
    const config = JSON.parse(readFileSync(path.join(out, 'staticwebapp.config.json'), 'utf8')) as {
      routes: { route: string; headers: Record<string, string> }[];
    };
    expect(config.routes).toEqual([
      { route: '/assets/*', headers: { 'Cache-Control': 'public, max-age=31536000, immutable' } },
      { route: '/index.html', headers: { 'Cache-Control': 'no-cache' } },
      { route: '/de.html', headers: { 'Cache-Control': 'no-cache' } },
      { route: '/styles.css', headers: { 'Cache-Control': 'no-cache' } },
    ]);
    // Only hashed names go under assets/: each file's name carries a hash.
    expect(readdirSync(path.join(out, 'assets')).filter((f) => !/-[A-Z0-9]{8}\.js(\.map|\.LEGAL\.txt)?$/.test(f))).toEqual([]);
  });
});

let built = false;
function build(): void {
  if (built) return;
  execFileSync(process.execPath, ['scripts/build-web.mjs', '--outdir', out], { stdio: 'pipe', env: { ...process.env, API_BASE: 'https://api.example/' } });
  built = true;
}

const readAsset = (url: string): string => readFileSync(path.join(out, url), 'utf8');

/** The chunks a built script imports statically (`import … from "./chunk-….js"`), as site paths. */
function staticImportsOf(url: string): string[] {
  return [...readAsset(url).matchAll(/(?:^|[;}\s])import\s*(?:[^"'();]*?from\s*)?["'](\.\/[^"']+)["']/g)].map((m) =>
    path.posix.join(path.posix.dirname(url), m[1]!),
  );
}

/** The chunks a built script loads later (`import("./….js")`), as site paths. */
function dynamicImportsOf(url: string): string[] {
  return [...readAsset(url).matchAll(/import\(\s*["'](\.\/[^"']+)["']\s*\)/g)].map((m) => path.posix.join(path.posix.dirname(url), m[1]!));
}

/** A script and everything it imports statically: what the browser runs before the script does. */
function startScripts(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (url: string): void => {
    if (seen.has(url)) return;
    seen.add(url);
    staticImportsOf(url).forEach(visit);
  };
  visit(entry);
  return seen;
}

/** The source files a built script was made from (its source map). */
function sourcesOf(url: string): string[] {
  return (JSON.parse(readAsset(`${url}.map`)) as { sources: string[] }).sources;
}
