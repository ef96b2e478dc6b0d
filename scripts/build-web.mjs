#!/usr/bin/env node
// Builds the web form into web/dist/: the browser bundle (esbuild, minified, with source maps and
// content-hashed names), the form page
// in English (index.html) and German (de.html) rendered from src/web/formPage.ts, styles.css from
// src/web/styles.ts, and staticwebapp.config.json giving Azure Static Web Apps the security headers.
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
  plugins: [shakableZod],
  target: ['es2022', 'chrome111', 'firefox111', 'safari16'],
  outdir: out,
  entryNames: '[name]-[hash]',
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
const scriptSrc = `/${relative(out, join(root, mainOutput[0])).split('\\').join('/')}`;

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
  writeFile(join(out, 'index.html'), renderFormPage({ locale: 'en', apiBase, scriptSrc })),
  writeFile(join(out, 'de.html'), renderFormPage({ locale: 'de', apiBase, scriptSrc })),
  writeFile(join(out, 'styles.css'), STYLESHEET),
  // Read by Static Web Apps from the deployed folder; the local host applies the same headers itself.
  writeFile(join(out, 'staticwebapp.config.json'), `${JSON.stringify({ globalHeaders: securityHeadersFor(apiBase) }, null, 2)}\n`),
]);

const sizes = outputs
  .filter(([file]) => file.endsWith('.js'))
  .map(([file, o]) => `${relative(out, join(root, file))} ${(o.bytes / 1024).toFixed(1)} KiB`)
  .concat(appScripts.map(({ file, bytes }) => `${relative(root, file)} ${(bytes / 1024).toFixed(1)} KiB`));
const shown = relative(root, out).startsWith('..') ? out : relative(root, out);
console.log(`${shown} built in ${Math.round(performance.now() - started)} ms: ${sizes.join(', ')}`);
