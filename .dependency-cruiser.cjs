// The layers of STYLE.md as rules: a pull in the wrong direction fails `npm run lint` (and CI)
// instead of waiting for a reviewer. One direction: functions -> http -> services -> domain; the
// adapters (storage, email) implement the services' ports and are wired in the composition root.
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
        'Use cases depend on ports beside them, never on an adapter (storage, the email transports), the HTTP edge, the functions or the web pages. The email templates are pure rendering the notifier uses.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/(storage|http|functions|web)/|^src/email/(?!templates\\.ts$)' },
    },
    {
      name: 'adapters-do-not-call-the-edge',
      comment: 'Adapters implement ports; they do not reach up into http, functions or the composition root.',
      severity: 'error',
      from: { path: '^src/(storage|email)/' },
      to: { path: '^src/(http|functions|composition\\.ts|index\\.ts)' },
    },
    {
      name: 'functions-go-through-services',
      comment: 'A handler reaches storage and email only through the services the composition root built.',
      severity: 'error',
      from: { path: '^src/functions/' },
      to: { path: '^src/(storage|email)/' },
    },
    {
      name: 'app-stands-alone',
      comment: 'The deployed app never imports the local host, the tests or the benchmarks.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(tools|test|bench|scripts)/' },
    },
    {
      name: 'local-host-is-its-own-package',
      comment:
        "tools/local-host runs any v4 app: it does not import this app. One exception: src/timerSchedule.ts, Azure's schedule syntax, a pure module that imports nothing and that both the app (SLA_SWEEP_SCHEDULE) and the host must read alike.",
      severity: 'error',
      from: { path: '^tools/' },
      to: { path: '^(src|test|bench)/', pathNot: '^src/timerSchedule\\.ts$' },
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
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|web/dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
