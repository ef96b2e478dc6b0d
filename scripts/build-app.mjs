#!/usr/bin/env node
// Builds the Functions app as it is deployed (package.json `main`): src/index.ts and everything it
// imports, its npm packages included, in one CommonJS file, dist/app/index.js, with its source map
// beside it. npm run build runs it (azd's build of the api service, and npm start, run that), so
// the local host and Azure load the same file, and the package needs no node_modules (.funcignore).
// Takes about a second.
//
// - `@azure/functions-core` stays an import: it is no package but the worker's own module, which
//   the worker (and the local host's stand-in, tools/local-host/src/functionsCore.ts) answers when
//   the bundle requires it.
// - `@azure/functions` is bundled: it holds no state the worker reaches other than through
//   functions-core, which it requires at run time like any other module, and it reads no file of
//   its own; bundled, its modules cost no resolution and file reads at start.
// - The bundle's directory is two levels below the package root, as dist/src/http is: the app
//   finds dist/web/status-page.js and dist/web/console.js relative to its own directory.
// - What only some settings need is loaded when first used (src/azureCredential.ts, the email
//   transports, src/domain/calendar.ts): each such package is a file of its own beside the entry
//   (LAZY below), so a cold start neither runs nor even parses it unless the settings call for it.
//   Each is self-contained: what it shares with the entry (the Azure SDK's core) is in both, and
//   only plain objects (a token, a credential) pass between them.

import { build } from 'esbuild';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'app', 'index.js');
const started = performance.now();

// `import { z } from 'zod'` keeps all of zod (the namespace object escapes as a value);
// `import * as z` lets esbuild keep what the schemas use. Same module, same behaviour.
const shakableZod = {
  name: 'shakable-zod',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace(/^import \{ z \} from 'zod';$/m, "import * as z from 'zod';"),
      loader: 'ts',
    }));
  },
};

/**
 * The packages loaded on first use, by the file each becomes in dist/app, with how the app takes
 * it: by `await import()` for its named exports, or by `require`/`import()` for the one value the
 * package exports (its module.exports).
 */
const LAZY = {
  '@azure/identity': { file: 'identity.js', exports: 'named' },
  '@azure/communication-email': { file: 'communication-email.js', exports: 'named' },
  'nodemailer/lib/mail-composer': { file: 'mail-composer.js', exports: 'value' },
  'date-holidays': { file: 'date-holidays.js', exports: 'value' },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  // The maps name each line's source file, line and column, without the sources' text (the repository and the npm
  // packages have it): a third of the size.
  sourcemap: 'external',
  sourcesContent: false,
  // Whitespace and syntax are minified, identifiers not: stack traces in the logs name the source's functions.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'linked',
  logLevel: 'warning',
};

// The entry loads a lazy package from its file beside it, at run time.
const lazyFiles = {
  name: 'lazy-packages',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${Object.keys(LAZY).join('|')})$`) }, (args) => ({ path: `./${LAZY[args.path].file}`, external: true }));
  },
};

// A development dependency that an npm package requires only if it is there (supports-color, which debug asks for
// inside a try) stays a require that finds nothing in Azure, as after `npm install --omit=dev`, rather than being
// bundled because azd's build installs the devDependencies too. Dev-only is package-lock.json's word for the folder
// the import resolves to (a name can be dev-only at the top and a production dependency nested under a package).
const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8'));
const packageFolder = (file) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(relative(root, file).split(sep).join('/'))?.[1];
const devOnly = {
  name: 'dev-only-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'dev-only-packages') return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'dev-only-packages' });
      const folder = resolved.errors.length === 0 && !resolved.external ? packageFolder(resolved.path) : undefined;
      return folder && lock.packages[folder]?.dev === true ? { path: args.path, external: true } : undefined;
    });
  },
};

const outdir = dirname(outfile);
await rm(outdir, { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: ['src/index.ts'], outfile, external: ['@azure/functions-core'], plugins: [shakableZod, lazyFiles, devOnly] }),
  ...Object.entries(LAZY).map(([name, { file, exports }]) =>
    build({
      ...common,
      // `export *` lets esbuild name the exports for Node's import() of a CommonJS file.
      stdin: { contents: exports === 'named' ? `export * from '${name}';` : `module.exports = require('${name}');`, resolveDir: root, sourcefile: file },
      outfile: join(outdir, file),
      plugins: [devOnly],
    }),
  ),
]);

const files = await readdir(outdir);
const bytes = (await Promise.all(files.filter((f) => f.endsWith('.js')).map((f) => stat(join(outdir, f))))).map((s) => s.size);
process.stdout.write(
  `dist/app built in ${Math.round(performance.now() - started)} ms: index.js ${((await stat(outfile)).size / 1024).toFixed(1)} KiB, ` +
    `${files.filter((f) => f.endsWith('.js')).length - 1} lazy packages ${((bytes.reduce((a, b) => a + b, 0) - (await stat(outfile)).size) / 1024).toFixed(1)} KiB\n`,
);
