// The layers of STYLE.md as rules: a pull in the wrong direction fails `npm run lint` (and CI)
// instead of waiting for a reviewer. One direction: functions -> http -> services -> domain; the
// adapters (storage, email) implement the services' ports and are wired in the composition root
// (src/index.ts, the entry, and src/composition.ts, the builder it calls).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain is the pure core: it imports nothing of ours outside itself and no I/O.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        pathNot: '^src/domain/',
        dependencyTypesNot: ['npm', 'npm-dev', 'npm-peer', 'npm-optional', 'core'],
      },
    },
    {
      name: 'domain-does-no-io',
      comment: 'No Azure SDK, no network or file access in the domain.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^(node_modules/@azure/|node:(fs|http|https|net|child_process)$|fs$|http$|https$|net$|child_process$)' },
    },
    {
      name: 'services-know-no-adapters',
      comment:
        'Use cases depend on ports beside them, never on an adapter (storage, the email transports), the HTTP edge, the queue messages, the functions, the registration or the web pages. The email templates are pure rendering the notifier uses.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/(storage|http|functions|queueMessages|web)/|^src/email/(?!templates\\.ts$)|^src/(composition|index|registerApp|appHooks)\\.ts$' },
    },
    {
      name: 'adapters-do-not-call-the-edge',
      comment: 'Adapters implement ports; they do not reach up into http, the queue messages, the functions, the registration or the composition root.',
      severity: 'error',
      from: { path: '^src/(storage|email)/' },
      to: { path: '^src/(http|functions|queueMessages)/|^src/(composition|index|registerApp|appHooks)\\.ts$' },
    },
    {
      name: 'edge-goes-through-services',
      comment:
        'Handlers, the HTTP edge, the queue messages, the hooks and the registration reach storage and email only through the services the composition root built. Only the root (src/index.ts, src/composition.ts) imports adapters; the use cases have their own rule.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(storage|email|services)/|^src/(composition|index)\\.ts$' },
      to: { path: '^src/(storage|email)/' },
    },
    {
      name: 'services-are-given',
      comment:
        'The entry (src/index.ts) builds the services once; everything else is given them (a ServiceSource) and imports only the types of src/composition.ts, never the builder.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/index\\.ts$' },
      to: { path: '^src/composition\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'nothing-imports-the-entry',
      comment: 'src/index.ts registers the app as it loads: the worker loads it, once; no module imports it.',
      severity: 'error',
      from: {},
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'app-stands-alone',
      comment: 'The deployed app never imports the local host, the tests or the benchmarks.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(tools|test|bench|scripts)/' },
    },
    {
      name: 'app-compiles-shared-packages-in',
      comment:
        'The app takes a shared package (packages/*) by its path, so that tsc compiles it into dist/packages with the app. By name it would load it through node_modules, where npm links it, and azd matches a linked folder by its path under packages/, which the deployment leaves out.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^@security-event-intake/|(^|/)node_modules/@security-event-intake/|^packages/[^/]+/dist/' },
    },
    {
      name: 'local-host-is-its-own-package',
      comment:
        'tools/ runs or tests any v4 app: it never imports this app, its tests or benchmarks, and takes a shared package (packages/*) by name, as a package, never by a path into its sources.',
      severity: 'error',
      from: { path: '^tools/' },
      to: { path: '^(src|test|bench|packages)/', pathNot: '^packages/[^/]+/dist/' },
    },
    {
      name: 'shared-packages-stand-alone',
      comment: 'A shared package (packages/*: the timer-schedule syntax the app and the local host both read) imports nothing of ours.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^(src|tools|test|bench)/' },
    },
    {
      name: 'bench-uses-no-test-code',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '(^|/)dist/'] },
    exclude: { path: '^(dist|web/dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
