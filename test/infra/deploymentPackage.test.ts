// The package azd deploys for the api service: azd (host function, language ts, remoteBuild false) runs `npm install`
// and `npm run build` in the project folder, then zips that folder, walking it and leaving out every entry the
// .funcignore matches (gitignore syntax) and, by itself, .azure folders, the .funcignore and local.settings.json
// (azure-dev cli/azd/pkg/project/project_utils.go, createDeployableZip). The walk here is the same, with the npm
// package `ignore` for the gitignore rules; the package must hold what the running app needs and nothing more.
import { existsSync, copyFileSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { afterAll, describe, expect, it } from 'vitest';
import { startMainProcess, startTestStorage, waitForOutput } from '@security-event-intake/local-host/testing';

const repoRoot = path.resolve(__dirname, '../..');
const rules = (): Ignore => ignore().add(readFileSync(path.join(repoRoot, '.funcignore'), 'utf8'));
const ignored = (rule: Ignore, entry: string) => rule.ignores(entry);
const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8'));

/** The files azd would zip from `root`, as paths relative to it with forward slashes. */
function azdPackage(root: string): string[] {
  const rule = rules();
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(root, full).split(path.sep).join('/');
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && statSync(full).isDirectory()); // azd follows links
      if (isDir && entry.name === '.azure') continue;
      if (!isDir && (entry.name === '.funcignore' || entry.name === 'local.settings.json')) continue;
      if (ignored(rule, isDir ? `${relative}/` : relative)) continue;
      if (isDir) walk(full);
      else files.push(relative);
    }
  };
  walk(root);
  return files.sort();
}

/**
 * The packages package-lock.json installs at the top of node_modules, by name, with whether they are dev-only. A linked
 * local package (`file:`, as the local host is) has its flags on its target's entry, not on the link's.
 */
const lockedPackages = () => {
  const packages = lock.packages as Record<string, { dev?: boolean; link?: boolean; resolved?: string }>;
  return Object.entries(packages)
    .filter(([key]) => key.startsWith('node_modules/') && !key.slice('node_modules/'.length).includes('node_modules/'))
    .map(([key, entry]) => ({ name: key.slice('node_modules/'.length), dev: (entry.link ? packages[entry.resolved!]! : entry).dev === true }));
};

const builtApp = path.join(repoRoot, 'dist/src');
const requireBuild = () => {
  if (!existsSync(builtApp)) throw new Error(`${builtApp} is missing: run npm run build (npm test does)`);
};

describe('.funcignore', () => {
  it('leaves out tools, bench, tests, sources, the web form, infra, docs and the dev dependencies, and keeps the app and host.json', () => {
    const rule = rules();
    const kept = [
      'host.json',
      'package.json',
      'dist/src/index.js',
      'dist/src/functions/submitTicket.js',
      'dist/src/composition.js',
      'dist/src/web/formPage.js',
      'dist/packages/timer-schedule/src/timerSchedule.js',
      'node_modules/@azure/functions/package.json',
      'node_modules/zod/index.js',
    ];
    const left = [
      'tools/local-host/src/main.ts',
      'tools/local-host/dist/main.js',
      'tools/local-host/test/fixtures/sample-app/package.json',
      'node_modules/@security-event-intake/local-host/package.json',
      'node_modules/@security-event-intake/timer-schedule/package.json',
      'node_modules/azurite/package.json',
      'packages/timer-schedule/src/timerSchedule.ts',
      'packages/timer-schedule/dist/timerSchedule.js',
      'dist/packages/timer-schedule/src/timerSchedule.js.map',
      'bench/run.ts',
      'dist/bench/run.js',
      'test/infra/template.test.ts',
      'web/src/main.ts',
      'web/dist/index.html',
      'src/settings.ts',
      'infra/main.bicep',
      'docs/deploy.md',
      'scripts/build-web.mjs',
      '.ci/run',
      '.data/outbox/x.eml',
      'README.md',
      'package-lock.json',
      'tsconfig.json',
      'local.settings.json',
      'dist/src/settings.js.map',
      'node_modules/vitest/package.json',
      'node_modules/typescript/lib/tsc.js',
      'node_modules/ignore/index.js',
      'node_modules/.bin/tsc',
      'node_modules/zod/index.d.ts',
      'node_modules/@azure/functions/types/index.d.ts',
    ];
    expect(kept.filter((entry) => ignored(rule, entry))).toEqual([]);
    expect(left.filter((entry) => !ignored(rule, entry))).toEqual([]);
  });

  it('lets through exactly the production dependencies of package-lock.json', () => {
    const rule = rules();
    const packages = lockedPackages();
    expect(packages.length).toBeGreaterThan(50);
    const toAdd = packages.filter((p) => !p.dev && ignored(rule, `node_modules/${p.name}/`)).map((p) => `!/node_modules/${p.name}/`);
    const toRemove = packages.filter((p) => p.dev && !ignored(rule, `node_modules/${p.name}/`)).map((p) => `!/node_modules/${p.name}/`);
    expect({ toAdd, toRemove }, 'lines to add to or remove from the node_modules part of .funcignore').toEqual({ toAdd: [], toRemove: [] });
  });

  it("uses no pattern that azd's matcher reads otherwise than git (an anchored one starting with a wildcard)", () => {
    const patterns = readFileSync(path.join(repoRoot, '.funcignore'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(patterns.filter((line) => /^!?\/[*?[]/.test(line))).toEqual([]);
  });

  it('goes with remoteBuild: false in azure.yaml, which azd allows only while node_modules itself is not excluded', () => {
    expect(readFileSync(path.join(repoRoot, 'azure.yaml'), 'utf8')).toMatch(
      /\n {2}api:\n(?: {4}.*\n| *#.*\n)*? {4}host: function\n(?: {4}.*\n)*? {4}remoteBuild: false\n/,
    );
    expect(ignored(rules(), 'node_modules/')).toBe(false);
  });
});

describe('the package azd zips after npm run build', () => {
  it('is host.json, package.json, the compiled app (dist/src: its entry and every module of src; dist/packages: the shared code it imports) and the production dependencies, nothing else', () => {
    requireBuild();
    const files = azdPackage(repoRoot);
    expect(new Set(files.map((file) => file.split('/')[0]))).toEqual(new Set(['dist', 'host.json', 'node_modules', 'package.json']));

    // Beside the compiled app: the API reference it serves, the status page's and the console's scripts.
    const isApp = (file: string) => file.startsWith('dist/src/') || file.startsWith('dist/packages/');
    expect(files.filter((file) => file.startsWith('dist/') && !isApp(file)).sort()).toEqual([
      'dist/openapi/openapi.json',
      'dist/web/console.js',
      'dist/web/status-page.js',
    ]);
    const app = files.filter(isApp);
    expect(app).toContain('dist/packages/timer-schedule/src/timerSchedule.js');
    expect(app.filter((file) => !file.endsWith('.js'))).toEqual([]);
    // What package.json main names (dist/src/index.js, which registers every function) is there, every
    // function's handler beside it, and nothing stale from a removed one.
    expect(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).main).toBe('dist/src/index.js');
    expect(app).toContain('dist/src/index.js');
    const functions = readdirSync(path.join(repoRoot, 'src/functions')).filter((file) => file.endsWith('.ts'));
    expect(app.filter((file) => file.startsWith('dist/src/functions/')).sort()).toEqual(
      functions.map((file) => `dist/src/functions/${file.replace(/\.ts$/, '.js')}`).sort(),
    );
    expect(app.filter((file) => !existsSync(path.join(repoRoot, file.replace(/^dist\//, '').replace(/\.js$/, '.ts'))))).toEqual([]);

    const dependencies = files.filter((file) => file.startsWith('node_modules/'));
    const installed = new Set(
      dependencies.map((file) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(file)?.[1]).filter((name): name is string => name !== undefined),
    );
    expect([...installed].sort()).toEqual(
      lockedPackages()
        .filter((p) => !p.dev)
        .map((p) => p.name)
        .sort(),
    );
    expect(dependencies.filter((file) => /\.(map|d\.[cm]?ts)$/.test(file))).toEqual([]);
  });

  describe('run as the whole app', () => {
    let copy: string | undefined;
    afterAll(async () => {
      if (copy) rmSync(copy, { recursive: true, force: true });
      await (await startTestStorage()).stop();
    });

    /** Starts `npm start`'s host on `appRoot` and returns its function names and its URL; stops it when `use` is done. */
    const functionsOf = async (appRoot: string, use: (url: string) => Promise<void> = async () => undefined) => {
      const storage = await startTestStorage();
      const started = startMainProcess({
        args: ['--app', appRoot],
        env: { PORT: '0', AzureWebJobsStorage: storage.connectionString, SLA_SWEEP_SCHEDULE: '0 */5 * * * *' },
      });
      try {
        const [, url] = await waitForOutput(started, /Functions host running at (http:\/\/127\.0\.0\.1:\d+)/);
        await waitForOutput(started, /Press Ctrl-C/);
        const banner = started.output().split('Functions:\n')[1]!.split('Press Ctrl-C')[0]!;
        await use(url!);
        return [...banner.matchAll(/^ {2}(\w+): /gm)].map((m) => m[1]!).sort();
      } finally {
        started.child.kill('SIGTERM');
        await started.exited;
      }
    };

    it('holds all the app needs: from a copy of the package alone, every function registers and the API answers', async () => {
      requireBuild();
      copy = mkdtempSync(path.join(tmpdir(), 'api-package-'));
      for (const file of azdPackage(repoRoot)) {
        const target = path.join(copy, file);
        mkdirSync(path.dirname(target), { recursive: true });
        try {
          linkSync(path.join(repoRoot, file), target);
        } catch {
          copyFileSync(path.join(repoRoot, file), target);
        }
      }
      // Outside the repository: nothing can be found in its node_modules by walking up.
      expect(path.relative(repoRoot, copy).startsWith('..')).toBe(true);

      const fromRepo = await functionsOf(repoRoot);
      const fromPackage = await functionsOf(copy, async (url) => {
        const health = await fetch(`${url}/api/health`);
        expect(health.status).toBe(200);
      });
      expect(fromPackage.length).toBeGreaterThan(10);
      expect(fromPackage).toEqual(fromRepo);
    }, 60_000);
  });
});
