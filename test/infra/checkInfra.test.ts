// `npm run check:infra` as CI runs it: the real Bicep CLI compiles and lints every file, and any error or
// warning fails it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBicepCli, parseDiagnostics, repoRoot } from '../../scripts/bicep-cli.mjs';

const { cli } = findBicepCli();
const skip = !cli && !process.env.CI;

describe('check:infra', () => {
  it.skipIf(skip)(
    'compiles and lints every Bicep file with no error or warning',
    () => {
      const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'check-infra.mjs')], { encoding: 'utf8', timeout: 180_000 });
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/\d+ Bicep files compiled and linted, 0 errors or warnings/);
      expect(run.status).toBe(0);
    },
    200_000,
  );

  it('counts warnings and anything unrecognised as problems, and infos as not', () => {
    const diagnostics = parseDiagnostics(
      [
        '/r/infra/a.bicep(3,7) : Warning no-unused-params: Parameter "x" is declared but never used. [https://aka.ms/bicep/linter-diagnostics#no-unused-params]',
        '/r/infra/b.bicep(10,1) : Error BCP037: The property "foo" is not allowed on objects of type "X".',
        '/r/infra/c.bicep(1,1) : Info use-recent-api-versions: Use more recent API version.',
        'Unhandled exception. System.IO.FileNotFoundException',
        '',
      ].join('\n'),
    );
    expect(diagnostics.map((d) => [d.level, d.code, d.line, d.column])).toEqual([
      ['Warning', 'no-unused-params', 3, 7],
      ['Error', 'BCP037', 10, 1],
      ['Info', 'use-recent-api-versions', 1, 1],
      ['Unknown', '', 0, 0],
    ]);
  });
});
