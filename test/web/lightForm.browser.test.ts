// The light form in real headless Chromium against the app on the local host: what loads before
// the reporter types (the start script only; the CVSS scorer once the vector field is used), that
// no request of the page fails (the favicon included), and the caching and compression of the
// hashed assets and of the scripts the app serves itself.

import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Response } from 'playwright-core';
import { newConfirmationNumber } from '../../src/domain/confirmationNumber';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable } from './support/browser';
import { startWebTestHost, type WebTestHost } from './support/webHost';

const unavailable = browserUnavailable();
const VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

let web: WebTestHost;

beforeAll(async () => {
  if (unavailable) return;
  web = await startWebTestHost('web-light-', {});
});

afterAll(async () => {
  await web?.stop();
});

/** A raw GET (no decompression on the way), so the test sees the bytes and headers as sent. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(unavailable)('the light form', { timeout: 60_000 }, () => {
  it('loads only its start script, fails no request, and fetches the CVSS scorer when the vector field is used, the live score then showing', async () => {
    await web.withPage({}, async (page) => {
      const requested: string[] = [];
      const failed: string[] = [];
      page.on('request', (r) => requested.push(new URL(r.url()).pathname));
      page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
      page.on('response', (r: Response) => {
        if (r.status() >= 400) failed.push(`${r.url()} ${r.status()}`);
      });
      await page.goto(`${web.t.url}/`, { waitUntil: 'networkidle' });
      const html = await page.content();
      const start = [
        /<script type="module" src="([^"]+)"/.exec(html)?.[1],
        ...[...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]),
      ];
      expect(start[0]).toMatch(/^\/assets\/main-/);
      const scriptsAtStart = requested.filter((p) => p.endsWith('.js'));
      expect(new Set(scriptsAtStart)).toEqual(new Set(start));
      expect(requested.some((p) => /\/cvssLive-/.test(p))).toBe(false);
      expect(requested).not.toContain('/favicon.ico');
      expect(await page.getAttribute('link[rel="icon"]', 'href')).toMatch(/^data:image\/svg\+xml,/);

      const scorer = page.waitForRequest((r) => /\/assets\/cvssLive-[A-Z0-9]+\.js$/.test(new URL(r.url()).pathname));
      await page.focus('#f-cvssVector');
      await scorer;
      await page.fill('#f-cvssVector', VECTOR);
      await page.waitForFunction(() => document.getElementById('cvss-live')?.textContent?.includes('9.8'));
      expect(await page.textContent('#cvss-live')).toBe('Base score 9.8, severity Critical (CVSS 3.1)');
      await page.waitForLoadState('networkidle');
      expect(failed).toEqual([]);
    });
  });

  it('caches a hashed asset for a year, revalidates the page, and compresses both when Accept-Encoding asks', async () => {
    const index = await rawGet(`${web.t.url}/`, { 'Accept-Encoding': 'gzip' });
    expect(index.status).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-encoding']).toBe('gzip');
    expect(index.headers.vary).toBe('Accept-Encoding');
    const html = gunzipSync(index.body).toString('utf8');
    const entry = /<script type="module" src="([^"]+)"/.exec(html)![1]!;

    const br = await rawGet(`${web.t.url}${entry}`, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const plain = await rawGet(`${web.t.url}${entry}`, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length);
  });

  it('serves the status page\u2019s script at its hashed address cached for good, compressed from one copy, and revalidated elsewhere', async () => {
    const tokenPage = await rawGet(`${web.t.url}/api/tickets/${newConfirmationNumber(randomBytes)}`, { Accept: 'text/html' });
    const src = /<script src="([^"]+)" defer>/.exec(tokenPage.body.toString('utf8'))?.[1];
    expect(src).toMatch(/^\/api\/status-page\.js\?v=[0-9a-f]{16}$/);
    const hashed = await rawGet(`${web.t.url}${src}`, { 'Accept-Encoding': 'br' });
    expect(hashed.status).toBe(200);
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(hashed.headers['content-encoding']).toBe('br');
    expect(hashed.headers.vary).toBe('Accept-Encoding');
    const gzip = await rawGet(`${web.t.url}${src}`, { 'Accept-Encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(brotliDecompressSync(hashed.body))).toBe(true);
    const bare = await rawGet(`${web.t.url}/api/status-page.js`, { 'Accept-Encoding': 'br;q=0, gzip;q=0' });
    expect(bare.headers['cache-control']).toBe('no-cache');
    expect(bare.headers['content-encoding']).toBeUndefined();
    expect(bare.body.equals(gunzipSync(gzip.body))).toBe(true);
  });
});
