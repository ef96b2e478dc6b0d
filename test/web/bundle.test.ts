// The browser sources are outside the app's tsconfig (they need the DOM, not Node); they are
// type-checked here, and the build is checked to stay small enough for a quick first load.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { securityHeadersFor } from '../../src/web/securityHeaders';

const out = mkdtempSync(path.join(os.tmpdir(), 'web-bundle-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the browser bundle', () => {
  // tsc takes a few seconds alone and much longer on a busy CI machine.
  it('type-checks against the DOM with the app\u2019s strict settings', { timeout: 180_000 }, () => {
    execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'web/tsconfig.json'], { stdio: 'pipe' });
  });

  it('builds the pages, a hashed script under 100 KiB gzip, the stylesheet and the Static Web Apps headers', () => {
    execFileSync(process.execPath, ['scripts/build-web.mjs', '--outdir', out], { stdio: 'pipe', env: { ...process.env, API_BASE: 'https://api.example/' } });
    const files = readdirSync(out);
    expect(files).toEqual(expect.arrayContaining(['index.html', 'de.html', 'styles.css', 'staticwebapp.config.json']));
    const script = files.find((f) => /^main-[A-Z0-9]+\.js$/.test(f));
    expect(script).toBeDefined();
    expect(files).toContain(`${script}.map`);
    const index = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(index).toContain(`<script type="module" src="/${script}"></script>`);
    expect(index).toContain('<meta name="api-base" content="https://api.example">');
    expect(gzipSync(readFileSync(path.join(out, script!))).length).toBeLessThan(100 * 1024);
    expect(statSync(path.join(out, 'styles.css')).size).toBeGreaterThan(1000);
    const config = JSON.parse(readFileSync(path.join(out, 'staticwebapp.config.json'), 'utf8')) as { globalHeaders: Record<string, string> };
    expect(config.globalHeaders).toEqual(securityHeadersFor('https://api.example'));
  });
});
