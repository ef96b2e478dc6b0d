#!/usr/bin/env node
// Builds the web form into web/dist/: the browser bundle (esbuild, minified, with source maps and
// content-hashed names under assets/, split so the page loads only its start script and the rest
// comes by import() when it is needed: web/src/main.ts), the form page
// in English (index.html) and German (de.html) rendered from src/web/formPage.ts, styles.css from
// src/web/styles.ts, and staticwebapp.config.json giving Azure Static Web Apps the security headers
// and the caching: a year, immutable, for the hashed assets; revalidated for the pages.
// Takes well under a second. `API_BASE` (an origin) points the page at a Functions app on another
// origin, as with Static Web Apps; empty means same origin. `--outdir <dir>` builds elsewhere
// (the browser tests build into a temporary folder, so a parallel build cannot pull files away).
// Also the scripts of the pages the Functions app serves itself (they are the app's, not the static
// site's): the status page's, dist/web/status-page.js, and the operators' console's,
// dist/web/console.js, whatever `--outdir` says.

import { build } from 'esbuild';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdirArg = process.argv.indexOf('--outdir');
const out = outdirArg > 0 && process.argv[outdirArg + 1] ? resolve(process.argv[outdirArg + 1]) : join(root, 'web', 'dist');
const apiBase = (process.env.API_BASE ?? '').replace(/\/+$/, '');
const started = performance.now();
const ASSETS = 'assets';

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

// `import { z } from 'zod'` makes esbuild keep all of zod (the namespace object escapes as a value:
// 470 KiB); `import * as z` lets it keep only what the schema uses (about 85 KiB). Same module,
// same behaviour, so the browser build reads our sources' imports in the shakable form.
const shakableZod = {
  name: 'shakable-zod',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const rewritten = source.replace(/^import \{ z \} from 'zod';$/m, "import * as z from 'zod';");
      return { contents: rewritten, loader: 'ts' };
    });
  },
};

const browser = await build({
  absWorkingDir: root,
  entryPoints: { main: 'web/src/main.ts' },
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  // Each import() in web/src becomes a chunk of its own, loaded when the page asks for it; code
  // both the start and a later chunk use goes into a shared chunk the start imports.
  splitting: true,
  plugins: [shakableZod],
  target: ['es2022', 'chrome111', 'firefox111', 'safari16'],
  outdir: out,
  // Every name under assets/ carries its content's hash, so the folder is cached for good.
  entryNames: `${ASSETS}/[name]-[hash]`,
  chunkNames: `${ASSETS}/[name]-[hash]`,
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

// Read by src/functions/statusPageScript.ts and src/functions/consoleScript.ts. Each is written
// under a temporary name and renamed, so a host running meanwhile (a test) reads the old file or
// the new one, never half of one.
const APP_SCRIPTS = [
  ['web/src/statusPage.ts', 'status-page.js'],
  ['web/src/console.ts', 'console.js'],
];
const appScripts = await Promise.all(
  APP_SCRIPTS.map(async ([entry, name]) => {
    const bundled = await build({
      absWorkingDir: root,
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'iife',
      target: ['es2022', 'chrome111', 'firefox111', 'safari16'],
      write: false,
      logLevel: 'warning',
    });
    const file = join(root, 'dist', 'web', name);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(`${file}.${process.pid}.tmp`, bundled.outputFiles[0].text);
    await rename(`${file}.${process.pid}.tmp`, file);
    return { file, bytes: bundled.outputFiles[0].contents.length };
  }),
);

const outputs = Object.entries(browser.metafile.outputs);
const mainOutput = outputs.find(([, o]) => o.entryPoint === 'web/src/main.ts');
if (!mainOutput) throw new Error('esbuild produced no output for web/src/main.ts');
const urlOf = (file) => `/${relative(out, join(root, file)).split('\\').join('/')}`;
const scriptSrc = urlOf(mainOutput[0]);
// The chunks the start script imports statically: the page names them too (modulepreload), so
// the browser fetches them beside the script instead of after it.
const modulePreloads = mainOutput[1].imports.filter((i) => i.kind === 'import-statement').map((i) => urlOf(i.path));

// The page renderer is TypeScript; bundle it for Node in memory and import it from a data URL.
const renderer = await build({
  absWorkingDir: root,
  stdin: {
    contents: [
      `export { renderFormPage } from './src/web/formPage.ts';`,
      `export { STYLESHEET } from './src/web/styles.ts';`,
      `export { securityHeadersFor } from './src/web/securityHeaders.ts';`,
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'warning',
});
const { renderFormPage, STYLESHEET, securityHeadersFor } = await import(
  `data:text/javascript;base64,${Buffer.from(renderer.outputFiles[0].text).toString('base64')}`
);

await Promise.all([
  writeFile(join(out, 'index.html'), renderFormPage({ locale: 'en', apiBase, scriptSrc, modulePreloads })),
  writeFile(join(out, 'de.html'), renderFormPage({ locale: 'de', apiBase, scriptSrc, modulePreloads })),
  writeFile(join(out, 'styles.css'), STYLESHEET),
  // Read by Static Web Apps from the deployed folder; the local host (tools/local-host/src/
  // staticFiles.ts) applies the same headers itself. Routes are matched in order, the first that
  // fits adds its headers to the global ones; `/index.html` also stands for `/`. Compression is
  // not configured: the configuration has no setting for it. Microsoft's documentation does not
  // say that Static Web Apps compresses, though sites served by it report gzip for text; the local
  // host compresses by Accept-Encoding as such a server would. Unverified on a deployment (README).
  writeFile(
    join(out, 'staticwebapp.config.json'),
    `${JSON.stringify(
      {
        routes: [
          { route: `/${ASSETS}/*`, headers: { 'Cache-Control': 'public, max-age=31536000, immutable' } },
          ...['/index.html', '/de.html', '/styles.css'].map((route) => ({ route, headers: { 'Cache-Control': 'no-cache' } })),
        ],
        globalHeaders: securityHeadersFor(apiBase),
      },
      null,
      2,
    )}\n`,
  ),
]);

const sizes = outputs
  .filter(([file]) => file.endsWith('.js'))
  .map(([file, o]) => `${relative(out, join(root, file))} ${(o.bytes / 1024).toFixed(1)} KiB`)
  .concat(appScripts.map(({ file, bytes }) => `${relative(root, file)} ${(bytes / 1024).toFixed(1)} KiB`));
const shown = relative(root, out).startsWith('..') ? out : relative(root, out);
console.log(`${shown} built in ${Math.round(performance.now() - started)} ms: ${sizes.join(', ')}`);
