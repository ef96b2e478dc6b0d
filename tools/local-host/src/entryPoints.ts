import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

function globSegmentToRegExp(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '{') {
      const end = segment.indexOf('}', i);
      if (end < 0) {
        source += '\\{';
        continue;
      }
      source += `(?:${segment
        .slice(i + 1, end)
        .split(',')
        .map((alt) => alt.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
        .join('|')})`;
      i = end;
    } else source += ch.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function expand(base: string, segments: readonly string[]): string[] {
  if (segments.length === 0) return existsSync(base) && statSync(base).isFile() ? [base] : [];
  const [segment, ...rest] = segments as [string, ...string[]];
  if (segment === '**') {
    const results = expand(base, rest);
    for (const entry of safeReaddir(base)) {
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
        results.push(...expand(path.join(base, entry.name), segments));
      }
    }
    return results;
  }
  if (!/[*?{]/.test(segment)) return expand(path.join(base, segment), rest);
  const regex = globSegmentToRegExp(segment);
  return safeReaddir(base)
    .filter((entry) => regex.test(entry.name))
    .flatMap((entry) => expand(path.join(base, entry.name), rest));
}

function safeReaddir(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** The app's `package.json` `main` (a file or a glob), as the Node.js worker reads it. */
export function packageMain(appRoot: string): string {
  const file = path.join(appRoot, 'package.json');
  if (!existsSync(file)) throw new Error(`No package.json in ${appRoot}`);
  const main = (JSON.parse(readFileSync(file, 'utf8')) as { main?: unknown }).main;
  if (typeof main !== 'string' || main.trim() === '') throw new Error(`${file} has no "main" naming the app's entry points`);
  return main;
}

/**
 * The files the patterns name, resolved against `appRoot`, sorted, without duplicates. Patterns
 * may use `*`, `?`, `**` and `{a,b}`. A pattern that matches nothing is an error, as in the worker.
 */
export function resolveEntryPoints(appRoot: string, patterns: readonly string[]): string[] {
  const files = new Set<string>();
  for (const pattern of patterns) {
    const absolute = path.resolve(appRoot, pattern).split(path.sep).join('/');
    const segments = absolute.split('/');
    const root = absolute.startsWith('/') ? '/' : `${segments.shift()}/`;
    const matches = expand(
      root,
      segments.filter((s) => s !== ''),
    );
    if (matches.length === 0) {
      throw new Error(`No entry point matches "${pattern}" in ${appRoot} (has the app been built?)`);
    }
    for (const match of matches) files.add(path.normalize(match));
  }
  return [...files].sort();
}

function isEsm(file: string): boolean {
  if (file.endsWith('.mjs') || file.endsWith('.mts')) return true;
  if (!file.endsWith('.js')) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: string }).type === 'module';
    if (path.dirname(dir) === dir) return false;
  }
}

// tsc compiles `import()` to `require()` in CommonJS output; an ES module app needs the real one.
const nativeImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

/**
 * Loads one entry point. CommonJS JavaScript (the compiled app) is required; an ES module app is
 * imported natively; TypeScript goes through this module's own `import()`, which works when this
 * module runs inside a transforming loader such as vitest (tests pass `src/index.ts`).
 */
export async function loadEntryPoint(file: string): Promise<void> {
  if (isEsm(file) && !file.endsWith('.mts')) {
    await nativeImport(pathToFileURL(file).href);
  } else {
    await import(file);
  }
}
