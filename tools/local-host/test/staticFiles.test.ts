// The parts of Static Web Apps the local host copies for static files: which route of
// staticwebapp.config.json a path matches (its headers apply), and which encoding answers a
// request's Accept-Encoding. Serving them is tested through the host in test/web (the form's
// hashed assets cached for a year, compressed by Accept-Encoding).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { preferredEncoding, staticHeadersFor, staticRouteMatches } from '../src/staticFiles';

describe('staticRouteMatches', () => {
  it('matches an exact path, and /folder/index.html for its folder too', () => {
    expect(staticRouteMatches('/de.html', '/de.html')).toBe(true);
    expect(staticRouteMatches('/de.html', '/de')).toBe(false);
    expect(staticRouteMatches('/index.html', '/')).toBe(true);
    expect(staticRouteMatches('/profile/index.html', '/profile/')).toBe(true);
    expect(staticRouteMatches('/profile/index.html', '/profile')).toBe(true);
    expect(staticRouteMatches('/index.html', '/other.html')).toBe(false);
  });

  it('matches a wildcard at the end, filtered by extension when the route says so', () => {
    expect(staticRouteMatches('/assets/*', '/assets/main-ABC.js')).toBe(true);
    expect(staticRouteMatches('/assets/*', '/assets')).toBe(false);
    expect(staticRouteMatches('/assets/*', '/index.html')).toBe(false);
    expect(staticRouteMatches('/images/*.png', '/images/a.png')).toBe(true);
    expect(staticRouteMatches('/images/*.png', '/images/a.svg')).toBe(false);
    expect(staticRouteMatches('/images/*.{png,jpg}', '/images/a.jpg')).toBe(true);
    expect(staticRouteMatches('/images/*.{png,jpg}', '/images/a.gif')).toBe(false);
    expect(staticRouteMatches('/calendar*', '/calendar/2020')).toBe(true);
  });
});

describe('preferredEncoding', () => {
  it('prefers brotli, then gzip, and takes q=0 as a refusal', () => {
    expect(preferredEncoding('gzip, deflate, br')).toBe('br');
    expect(preferredEncoding('gzip')).toBe('gzip');
    expect(preferredEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(preferredEncoding('*')).toBe('br');
    expect(preferredEncoding('*, br;q=0')).toBe('gzip');
    expect(preferredEncoding('identity')).toBeUndefined();
    expect(preferredEncoding(undefined)).toBeUndefined();
  });
});

describe('staticHeadersFor', () => {
  it('refuses a config whose routes are not path rules with string headers', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'swa-config-'));
    try {
      writeFileSync(path.join(root, 'staticwebapp.config.json'), JSON.stringify({ routes: [{ route: 'assets/*' }] }));
      expect(() => staticHeadersFor(root)).toThrow(/routes\[0\]\.route/);
      writeFileSync(path.join(root, 'staticwebapp.config.json'), JSON.stringify({ routes: [{ route: '/a', headers: { x: 1 } }] }));
      expect(() => staticHeadersFor(root)).toThrow(/routes\[0\]\.headers/);
      writeFileSync(path.join(root, 'staticwebapp.config.json'), JSON.stringify({ routes: [{ route: '/a', headers: { x: 'y' } }], globalHeaders: { z: 'w' } }));
      expect(staticHeadersFor(root)).toEqual({ 'X-Content-Type-Options': 'nosniff', z: 'w' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
