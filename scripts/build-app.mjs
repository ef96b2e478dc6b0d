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
import { createRequire } from 'node:module';

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
  'date-holidays-parser': { file: 'holidays-parser.js', exports: 'value' },
  'date-holidays/data': { file: 'holiday-rules.js', exports: 'value' },
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

// date-holidays' rules of every country (410 KB of JSON) as one module whose countries are parsed
// one by one when first read: each country's rules are a JSON string until then, which V8 only
// scans (an object literal of all of them it would compile). Same shape as date-holidays/data,
// so the parser reads it unchanged, following a country's references to another's days
// (`_days: FR`) through the same lazy properties.
const require = createRequire(import.meta.url);
const holidayData = require('date-holidays/data').data;
const holidayRules = [
  `const rules = {${Object.entries(holidayData.holidays)
    .map(([code, rules]) => `${JSON.stringify(code)}: ${JSON.stringify(JSON.stringify(rules))}`)
    .join(',\n')}};`,
  'const holidays = {};',
  'for (const code of Object.keys(rules)) {',
  '  let parsed;',
  '  Object.defineProperty(holidays, code, { enumerable: true, get: () => (parsed ??= JSON.parse(rules[code])) });',
  '}',
  `module.exports = { data: { version: ${JSON.stringify(holidayData.version)}, license: ${JSON.stringify(holidayData.license)}, ` +
    `names: JSON.parse(${JSON.stringify(JSON.stringify(holidayData.names))}), holidays } };`,
].join('\n');

// moment-timezone, as the holiday parser and its calendar dates use it, with only the zones they
// can ask for: UTC (src/domain/calendar.ts gives every calendar that zone), GMT (the equinox
// rules' default) and each zone a rule names (`march equinox in America/Santiago`), with their
// links. All 340 zones are 719 KB of the parser's 1.2 MB. The rules are scanned the way the
// parser reads a zone from a rule, so a zone a later date-holidays names comes along.
const packedZones = require('moment-timezone/data/packed/latest.json');
const wantedZones = new Set(['UTC', 'GMT']);
(function scan(node) {
  if (!node || typeof node !== 'object') return;
  for (const rule of Object.keys(node.days ?? {})) for (const [, zone] of rule.matchAll(/ in ([^\s]*|[+-]\d{2}:\d{2})/g)) wantedZones.add(zone);
  Object.values(node).forEach(scan);
})(holidayData.holidays);
for (let grown = true; grown;) {
  grown = false;
  for (const link of packedZones.links) {
    const names = link.split('|');
    if (names.some((name) => wantedZones.has(name)) && !names.every((name) => wantedZones.has(name))) {
      names.forEach((name) => wantedZones.add(name));
      grown = true;
    }
  }
}
const zoneSubset = {
  version: packedZones.version,
  zones: packedZones.zones.filter((zone) => wantedZones.has(zone.split('|')[0])),
  links: packedZones.links.filter((link) => link.split('|').every((name) => wantedZones.has(name))),
};
const fewZones = {
  name: 'few-zones',
  setup(b) {
    b.onResolve({ filter: /^moment-timezone$/ }, () => ({ path: 'moment-timezone', namespace: 'few-zones' }));
    b.onLoad({ filter: /.*/, namespace: 'few-zones' }, () => ({
      contents: `const moment = require('moment-timezone/moment-timezone.js');\nmoment.tz.load(${JSON.stringify(zoneSubset)});\nmodule.exports = moment;`,
      resolveDir: root,
      loader: 'js',
    }));
  },
};
const GENERATED = { 'date-holidays/data': holidayRules };
const PLUGINS = { 'date-holidays-parser': [fewZones] };

const outdir = dirname(outfile);
await rm(outdir, { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: ['src/index.ts'], outfile, external: ['@azure/functions-core'], plugins: [shakableZod, lazyFiles, devOnly] }),
  ...Object.entries(LAZY).map(([name, { file, exports }]) =>
    build({
      ...common,
      // `export *` lets esbuild name the exports for Node's import() of a CommonJS file.
      stdin: {
        contents: GENERATED[name] ?? (exports === 'named' ? `export * from '${name}';` : `module.exports = require('${name}');`),
        resolveDir: root,
        sourcefile: file,
      },
      outfile: join(outdir, file),
      plugins: [...(PLUGINS[name] ?? []), devOnly],
    }),
  ),
]);

const files = await readdir(outdir);
const bytes = (await Promise.all(files.filter((f) => f.endsWith('.js')).map((f) => stat(join(outdir, f))))).map((s) => s.size);
process.stdout.write(
  `dist/app built in ${Math.round(performance.now() - started)} ms: index.js ${((await stat(outfile)).size / 1024).toFixed(1)} KiB, ` +
    `${files.filter((f) => f.endsWith('.js')).length - 1} lazy packages ${((bytes.reduce((a, b) => a + b, 0) - (await stat(outfile)).size) / 1024).toFixed(1)} KiB\n`,
);
