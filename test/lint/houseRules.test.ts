// `npm run lint` holds the house rules; each rule here is shown refusing a planted violation, so a
// rule that quietly stopped working (a config typo, a path that moved) fails this test.

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import * as prettier from 'prettier';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '..', '..');

describe('the layer rules (dependency-cruiser)', () => {
  let tree: string;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    writeFileSync(path.join(tree, file), text);
  };
  /** What the real config refuses in the tree: each violation's rule and the module it is in. */
  const violations = async (): Promise<Array<{ rule: string; from: string }>> => {
    const cli = path.join(repoRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
    const config = path.join(repoRoot, '.dependency-cruiser.cjs');
    const result = await run(process.execPath, [cli, 'src', 'packages', 'tools', 'bench', '--config', config, '--output-type', 'json'], { cwd: tree }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    const { summary } = JSON.parse(result.stdout) as { summary: { violations: Array<{ rule: { name: string }; from: string }> } };
    return summary.violations.map((v) => ({ rule: v.rule.name, from: v.from }));
  };
  /** The rules the tree breaks, by name. */
  const broken = async (): Promise<string[]> => [...new Set((await violations()).map((v) => v.rule))].sort();

  beforeAll(() => {
    tree = mkdtempSync(path.join(tmpdir(), 'house-rules-'));
    write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true } }));
    write('src/domain/ticket.ts', "import { TableTicketStore } from '../storage/ticketStore';\nexport const store = TableTicketStore;\n");
    write('src/domain/io.ts', "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n");
    write('src/storage/ticketStore.ts', "import { handler } from '../functions/getTicket';\nexport class TableTicketStore {}\nexport const h = handler;\n");
    write('src/services/notifier.ts', "import { TableTicketStore } from '../storage/ticketStore';\nexport const s = TableTicketStore;\n");
    write(
      'src/functions/getTicket.ts',
      "import { TableTicketStore } from '../storage/ticketStore';\nimport '../../tools/local-host/src/host';\nexport const handler = TableTicketStore;\n",
    );
    write(
      'tools/local-host/src/host.ts',
      "import '../../../src/services/notifier';\nimport '../../../packages/timer-schedule/src/timerSchedule';\nexport {};\n",
    );
    write('packages/timer-schedule/src/timerSchedule.ts', "import '../../../src/settings';\nexport {};\n");
    write('src/settings.ts', "import '@security-event-intake/timer-schedule';\nexport {};\n");
    write('bench/run.ts', "import '../test/support/builders';\nexport {};\n");
    write('test/support/builders.ts', 'export {};\n');
    // The composition root may import adapters and build the services; the rest of the edge may
    // import the root's types only, and nothing imports the entry.
    write(
      'src/composition.ts',
      "import { TableTicketStore } from './storage/ticketStore';\nexport type AppServices = { store: unknown };\nexport const createServices = (): AppServices => ({ store: TableTicketStore });\n",
    );
    write(
      'src/index.ts',
      "import { createServices } from './composition';\nimport { TableTicketStore } from './storage/ticketStore';\nexport const app = [createServices, TableTicketStore];\n",
    );
    write('src/registerApp.ts', "import type { AppServices } from './composition';\nexport const register = (services: () => AppServices) => services;\n");
    write('src/http/httpRoute.ts', "import { createServices } from '../composition';\nimport '../index';\nexport const route = createServices;\n");
    write('src/domain/a.ts', "import { b } from './b';\nexport const a = () => b;\n");
    write('src/domain/b.ts', "import { a } from './a';\nexport const b = () => a;\n");
  });
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it('refuses each planted pull in the wrong direction, by its rule', async () => {
    expect(await broken()).toEqual(
      [
        'adapters-do-not-call-the-edge',
        'app-compiles-shared-packages-in',
        'app-stands-alone',
        'bench-uses-no-test-code',
        'domain-does-no-io',
        'domain-is-pure',
        'edge-goes-through-services',
        'local-host-is-its-own-package',
        'no-circular',
        'nothing-imports-the-entry',
        'services-are-given',
        'services-know-no-adapters',
        'shared-packages-stand-alone',
      ].sort(),
    );
  });

  it('lets the composition root import adapters and build the services, and the edge import its types', async () => {
    const found = await violations();
    expect(found.filter((v) => ['src/composition.ts', 'src/index.ts', 'src/registerApp.ts'].includes(v.from))).toEqual([]);
    const rootRules = found.filter((v) => v.rule === 'services-are-given' || v.rule === 'nothing-imports-the-entry').map((v) => `${v.rule}: ${v.from}`);
    expect(rootRules.sort()).toEqual(['nothing-imports-the-entry: src/http/httpRoute.ts', 'services-are-given: src/http/httpRoute.ts']);
  });

  it('finds nothing in the real tree', async () => {
    const cli = path.join(repoRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
    const { stdout } = await run(process.execPath, [cli, 'src', 'packages', 'tools', 'bench', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
      cwd: repoRoot,
    });
    expect((JSON.parse(stdout) as { summary: { violations: unknown[] } }).summary.violations).toEqual([]);
  });
});

describe('the lint rules (ESLint)', () => {
  const eslint = new ESLint({ cwd: repoRoot });
  const rulesBroken = async (file: string, text: string): Promise<string[]> => {
    const [result] = await eslint.lintText(text, { filePath: path.join(repoRoot, file) });
    return [...new Set(result!.messages.map((m) => m.ruleId ?? 'parse'))].sort();
  };

  it('refuses a default export, console output in the app, an unused import and loose equality', async () => {
    const planted = "import { readFileSync } from 'node:fs';\nexport default function f(x: unknown) {\n  console.log(x == 1);\n}\n";
    expect(await rulesBroken('src/services/planted.ts', planted)).toEqual([
      '@typescript-eslint/no-unused-vars',
      'eqeqeq',
      'no-console',
      'no-restricted-syntax',
    ]);
  });

  it('lets tests use the console', async () => {
    expect(await rulesBroken('test/planted.test.ts', 'export const f = (x: unknown) => console.log(x);\n')).toEqual([]);
  });
});

describe('the compiler settings (tsc)', () => {
  it('refuses an unused local and an undefined given for an optional property (noUnusedLocals, exactOptionalPropertyTypes)', () => {
    const { config } = ts.readConfigFile(path.join(repoRoot, 'tsconfig.check.json'), (file) => ts.sys.readFile(file));
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, repoRoot);
    const file = path.join(repoRoot, 'test', 'lint', '__planted__.ts');
    const text = 'const unused = 1;\nexport const o: { a?: string } = { a: undefined };\n';
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    host.readFile = (name) => (path.resolve(name) === file ? text : readFile(name));
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => path.resolve(name) === file || fileExists(name);
    const program = ts.createProgram([file], { ...options, noEmit: true }, host);
    const codes = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && path.resolve(d.file.fileName) === file)
      .map((d) => d.code);
    expect(codes.sort()).toEqual([2375, 6133]);
  });
});

describe('the formatter (Prettier)', () => {
  it('refuses a file that is not formatted as the tree is', async () => {
    const file = path.join(repoRoot, 'src', 'planted.ts');
    const options = (await prettier.resolveConfig(file)) ?? {};
    expect(await prettier.check('export const a = {b:1,\n c : "x"}\n', { ...options, filepath: file })).toBe(false);
    expect(await prettier.check("export const a = { b: 1, c: 'x' };\n", { ...options, filepath: file })).toBe(true);
  });
});
