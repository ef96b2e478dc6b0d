// package.json `main` as the Node.js worker reads it: one file (`dist/src/index.js`) or a glob (`dist/src/functions/*.js`).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageMain, resolveEntryPoints } from '../src/entryPoints';

let app: string;
beforeAll(() => {
  app = mkdtempSync(path.join(tmpdir(), 'entry-points-'));
  mkdirSync(path.join(app, 'dist', 'functions'), { recursive: true });
  for (const file of ['dist/index.js', 'dist/functions/a.js', 'dist/functions/b.js']) writeFileSync(path.join(app, file), '');
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

describe('the entry points package.json main names', () => {
  it('takes one file as it is', () => {
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ main: 'dist/index.js' }));
    expect(resolveEntryPoints(app, [packageMain(app)])).toEqual([path.join(app, 'dist/index.js')]);
  });

  it('expands a glob to the files it matches, sorted', () => {
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ main: 'dist/functions/*.js' }));
    expect(resolveEntryPoints(app, [packageMain(app)])).toEqual([path.join(app, 'dist/functions/a.js'), path.join(app, 'dist/functions/b.js')]);
  });

  it('refuses a main that names no file, as the worker does', () => {
    expect(() => resolveEntryPoints(app, ['dist/missing.js'])).toThrow(/No entry point matches "dist\/missing\.js"/);
  });
});
