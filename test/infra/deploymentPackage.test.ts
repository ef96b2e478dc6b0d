// The package azd deploys for the api service (tools/testkit/deploymentPackage.ts walks the folder as azd does): the
// bundled app (scripts/build-app.mjs, which npm run build runs), host.json and package.json, no node_modules, no
// development dependency and no test code; and, copied out of the repository, it runs the whole app.
import { existsSync, copyFileSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startMainProcess, startTestStorage, waitForOutput } from '@security-event-intake/local-host/testing';
import { azdPackage, funcignoreRules } from '../../tools/testkit/deploymentPackage';
import { aSubmission } from '../support/builders';

const repoRoot = path.resolve(__dirname, '../..');
const rules = () => funcignoreRules(repoRoot);
const ignored = (rule: ReturnType<typeof rules>, entry: string) => rule.ignores(entry);
const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8'));
const main = (): string => JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).main;

/** The packages package-lock.json installs at the top of node_modules, by name, with whether they are dev-only. */
const lockedPackages = () => {
  const packages = lock.packages as Record<string, { dev?: boolean; link?: boolean; resolved?: string }>;
  return Object.entries(packages)
    .filter(([key]) => key.startsWith('node_modules/') && !key.slice('node_modules/'.length).includes('node_modules/'))
    .map(([key, entry]) => ({ name: key.slice('node_modules/'.length), dev: (entry.link ? packages[entry.resolved!]! : entry).dev === true }));
};

const bundle = path.join(repoRoot, 'dist/app');
const requireBuild = () => {
  if (!existsSync(path.join(bundle, 'index.js'))) throw new Error(`${bundle} is missing: run npm run build (npm test does)`);
};

describe('.funcignore', () => {
  it('leaves out tools, bench, tests, sources, the compiled modules, the web form, infra, docs and every dependency, and keeps the bundle and host.json', () => {
    const rule = rules();
    const kept = [
      'host.json',
      'package.json',
      'dist/app/index.js',
      'dist/app/index.js.map',
      'dist/app/index.js.LEGAL.txt',
      'dist/app/identity.js',
      'dist/app/holidays-parser.js.map',
      'dist/app/holiday-rules.js',
      'dist/web/status-page.js',
      'dist/web/console.js',
    ];
    const left = [
      'tools/local-host/src/main.ts',
      'tools/local-host/dist/main.js',
      'tools/local-host/test/fixtures/sample-app/package.json',
      'tools/testkit/fakeAcs.ts',
      'node_modules/@security-event-intake/local-host/package.json',
      'node_modules/@security-event-intake/timer-schedule/package.json',
      'node_modules/azurite/package.json',
      'node_modules/@azure/functions/package.json',
      'node_modules/zod/index.js',
      'node_modules/date-holidays/lib/data.cjs',
      'node_modules/.package-lock.json',
      'packages/timer-schedule/src/timerSchedule.ts',
      'packages/timer-schedule/dist/timerSchedule.js',
      'dist/src/index.js',
      'dist/src/functions/submitTicket.js',
      'dist/src/composition.js',
      'dist/packages/timer-schedule/src/timerSchedule.js',
      'dist/openapi/openapi.json',
      'dist/tools/testkit/fakeAcs.js',
      'dist/test/support/app.js',
      'dist/web/index.html',
      'bench/run.ts',
      'bench/coldBaseline/package.json',
      'dist/bench/run.js',
      'dist/bench/coldBaseline/index.js',
      'test/infra/template.test.ts',
      'web/src/main.ts',
      'web/dist/index.html',
      'src/settings.ts',
      'infra/main.bicep',
      'docs/deploy.md',
      'scripts/build-web.mjs',
      'scripts/build-app.mjs',
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

  it('lets no package of package-lock.json through, production or development: the bundle holds what the app uses', () => {
    const rule = rules();
    const packages = lockedPackages();
    expect(packages.length).toBeGreaterThan(50);
    expect(
      packages.filter((p) => !ignored(rule, `node_modules/${p.name}/`) || !ignored(rule, `node_modules/${p.name}/package.json`)).map((p) => p.name),
    ).toEqual([]);
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
  it('is host.json, package.json, the bundled app (dist/app: the entry package.json main names, the packages it loads on first use, their maps) and the pages’ two scripts, nothing else', () => {
    requireBuild();
    const files = azdPackage(repoRoot);
    expect(new Set(files.map((file) => file.split('/')[0]))).toEqual(new Set(['dist', 'host.json', 'package.json']));
    expect(files.filter((file) => file.startsWith('node_modules/'))).toEqual([]);

    expect(main()).toBe('dist/app/index.js');
    const app = files.filter((file) => file.startsWith('dist/app/'));
    expect(files.filter((file) => file.startsWith('dist/') && !app.includes(file)).sort()).toEqual(['dist/web/console.js', 'dist/web/status-page.js']);
    // The bundle as scripts/build-app.mjs wrote it, every file of it: each script beside its source map.
    expect(app).toEqual(
      readdirSync(bundle)
        .map((file) => `dist/app/${file}`)
        .sort(),
    );
    expect(app).toContain(main());
    const scripts = app.filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(1);
    expect(scripts.filter((file) => !app.includes(`${file}.map`))).toEqual([]);
    expect(app.filter((file) => !/\.(js|js\.map|js\.LEGAL\.txt)$/.test(file))).toEqual([]);

    // No test code and no development dependency inside the bundle: its source map names every module it holds.
    const sources = scripts.flatMap((file) =>
      (JSON.parse(readFileSync(path.join(repoRoot, `${file}.map`), 'utf8')).sources as string[]).map((s) => path.resolve(bundle, s)),
    );
    const relative = sources.map((s) => path.relative(repoRoot, s).split(path.sep).join('/'));
    expect(relative.filter((s) => /^(test|bench|tools|web|scripts)\//.test(s) || /\.test\.ts$/.test(s))).toEqual([]);
    const devPackages = new Set(
      lockedPackages()
        .filter((p) => p.dev)
        .map((p) => p.name),
    );
    const bundledPackages = new Set(
      relative.map((s) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(s)?.[1]).filter((name): name is string => name !== undefined),
    );
    expect([...bundledPackages].filter((name) => devPackages.has(name))).toEqual([]);
    expect(relative).toContain('src/index.ts');
  });

  describe('run as the whole app', () => {
    const temporary: string[] = [];
    afterAll(async () => {
      for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
      await (await startTestStorage()).stop();
    });

    /** Starts `npm start`'s host on `appRoot`, lets `use` talk to it, and returns its function names; stops it when `use` is done. */
    const functionsOf = async (appRoot: string, env: Record<string, string> = {}, use: (url: string) => Promise<void> = async () => undefined) => {
      const storage = await startTestStorage();
      const started = startMainProcess({
        args: ['--app', appRoot],
        env: { PORT: '0', AzureWebJobsStorage: storage.connectionString, SLA_SWEEP_SCHEDULE: '0 */5 * * * *', ...env },
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

    const tempDir = (prefix: string) => {
      const dir = mkdtempSync(path.join(tmpdir(), prefix));
      temporary.push(dir);
      return dir;
    };

    it('holds all the app needs: from a copy of the package alone, every function registers, a report gets its 201 and its confirmation email', async () => {
      requireBuild();
      const copy = tempDir('api-package-');
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

      // The compiled modules the tests run (dist/src, loading their packages from node_modules) register the same functions.
      const compiled = tempDir('api-compiled-');
      writeFileSync(path.join(compiled, 'package.json'), JSON.stringify({ main: path.join(repoRoot, 'dist/src/index.js') }));
      symlinkSync(path.join(repoRoot, 'host.json'), path.join(compiled, 'host.json'));
      const fromCompiled = await functionsOf(compiled);

      const outbox = tempDir('api-package-outbox-');
      const fromPackage = await functionsOf(copy, { EMAIL_OUTBOX_DIR: outbox }, async (url) => {
        const health = await fetch(`${url}/api/health`);
        expect(health.status).toBe(200);
        // The pages' scripts, which the bundle finds beside it (dist/web), as the compiled modules do.
        for (const script of ['status-page.js', 'console.js']) {
          const res = await fetch(`${url}/api/${script}`);
          expect(res.status, script).toBe(200);
          expect(await res.text()).toBe(readFileSync(path.join(repoRoot, 'dist/web', script), 'utf8'));
        }
        const submitted = await fetch(`${url}/api/tickets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(aSubmission()),
        });
        expect(submitted.status).toBe(201);
        const { confirmationNumber } = (await submitted.json()) as { confirmationNumber: string };
        // The confirmation goes out from the queue: the outbox transport (nodemailer, loaded on first use) writes it.
        const deadline = Date.now() + 20_000;
        let emails: string[] = [];
        while (Date.now() < deadline && emails.length === 0) {
          emails = readdirSync(outbox).filter((name) => name.includes(`_${confirmationNumber}_`));
          if (emails.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(emails).toHaveLength(1);
        expect(readFileSync(path.join(outbox, emails[0]!), 'utf8')).toMatch(new RegExp(`^Subject: \\[${confirmationNumber}\\]`, 'm'));
      });
      expect(fromPackage.length).toBeGreaterThan(10);
      expect(fromPackage).toEqual(fromCompiled);
    }, 90_000);
  });
});
