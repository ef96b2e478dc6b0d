// The split deployment as it runs in Azure: the form (web/, Static Web Apps) on one origin, the
// Functions app on another, the host's CORS policy between them. Here the built form is served
// from a second local server (another port is another origin) and real Chromium submits it
// cross-origin: a preflight, then the POST. The host's policy is the one `func start` builds from
// local.settings.json Host.CORS (azure-functions-core-tools src/Azure.Functions.Cli/Actions/
// HostActions/Startup.cs) and the one Azure builds from the site's CORS settings (azure-functions-host
// src/WebJobs.Script.WebHost/Configuration/CorsOptionsSetup.cs): neither exposes a response header,
// so the page reads Location and Retry-After only because the app lists them itself.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveStaticFile, serveStaticFile, staticHeadersFor } from '@security-event-intake/local-host';
import { startTestStorage } from '@security-event-intake/local-host/testing';
import { aSubmission } from '../support/builders';
import { startTestHost, type TestHost } from '../support/testHost';
import { browserUnavailable, launchChromium, newPage } from './support/browser';

const unavailable = browserUnavailable();
const repoRoot = path.resolve(__dirname, '../..');

let t: TestHost;
let web: Server;
let webOrigin: string;
let scratch: string;
let browser: Browser;

beforeAll(async () => {
  if (unavailable) return;
  scratch = mkdtempSync(path.join(os.tmpdir(), 'cross-origin-'));
  const webDir = path.join(scratch, 'web');
  // The form's own server, as Static Web Apps: its files with the headers of staticwebapp.config.json.
  web = createServer((req, res) => {
    void (async () => {
      const file = await resolveStaticFile(webDir, new URL(req.url ?? '/', 'http://web').pathname);
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      await serveStaticFile(res, file, req.method ?? 'GET', staticHeadersFor(webDir));
    })();
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webOrigin = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  t = await startTestHost({
    cors: { origins: [webOrigin] },
    env: { EMAIL_OUTBOX_DIR: path.join(scratch, 'outbox'), WEB_ORIGIN: webOrigin, SUBMISSION_LIMIT_PER_CLIENT_MINUTE: '100' },
    enableQueues: false,
  });
  // Built as for Azure: API_BASE names the Functions app's origin (meta api-base, CSP connect-src).
  execFileSync(process.execPath, ['scripts/build-web.mjs', '--outdir', webDir], { cwd: repoRoot, env: { ...process.env, API_BASE: t.url }, stdio: 'pipe' });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await new Promise((resolve) => web?.close(resolve));
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  await (await startTestStorage()).stop();
});

describe.skipIf(unavailable)('the form on another origin', { timeout: 90_000 }, () => {
  it('submits cross-origin: the host answers the preflight, the POST creates the ticket, the page shows it', async () => {
    const page = await newPage(browser, { locale: 'en-US' });
    try {
      await page.goto(`${webOrigin}/`);
      await page.check('#f-category-incident');
      await page.fill('#f-offerId', 'contoso-firewall');
      await page.fill('#f-summary', 'Credentials in a log file');
      await page.fill('#f-description', 'The admin console writes passwords to its log.');
      await page.fill('#f-reporter-name', 'Ada Lovelace');
      await page.fill('#f-reporter-email', 'ada@contoso.example');
      const answer = page.waitForResponse((r) => r.url() === `${t.url}/api/tickets` && r.request().method() === 'POST');
      await page.click('#submit-button');
      const response = await answer;
      expect(response.status()).toBe(201);
      expect(response.headers()['access-control-allow-origin']).toBe(webOrigin);
      await page.locator('#confirmation').waitFor({ state: 'visible' });
      const created = (await response.json()) as { confirmationNumber: string };
      expect(await page.textContent('#confirmation-number')).toBe(created.confirmationNumber);
      // JSON with an Idempotency-Key is not a simple request: the browser asked first.
      expect(t.logs.some((line) => /\[http\] OPTIONS \/api\/tickets 204 /.test(line))).toBe(true);
      expect(t.logs.some((line) => /\[http\] POST \/api\/tickets 201 /.test(line))).toBe(true);
    } finally {
      await page.context().close();
    }
  });

  it('lets the page read Location on a 201 and Retry-After on a 429 (Access-Control-Expose-Headers)', async () => {
    const page = await newPage(browser);
    try {
      await page.goto(`${webOrigin}/`);
      const seen = await page.evaluate(
        async ({ api, body }) => {
          const post = () =>
            fetch(`${api}/api/tickets`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
              body,
            });
          const first = await post();
          const location = first.headers.get('Location');
          // Over SUBMISSION_LIMIT_PER_CLIENT_MINUTE (100) the answer is 429 with Retry-After.
          for (let i = 0; i < 110; i++) {
            const next = await post();
            if (next.status === 429) return { created: first.status, location, limited: next.status, retryAfter: next.headers.get('Retry-After') };
          }
          return { created: first.status, location, limited: 0, retryAfter: null };
        },
        { api: t.url, body: JSON.stringify(aSubmission()) },
      );
      expect(seen.created).toBe(201);
      expect(seen.location).toMatch(/^\/api\/tickets\/[A-Z0-9-]+$/);
      expect(seen.limited).toBe(429);
      expect(Number(seen.retryAfter)).toBeGreaterThan(0);
    } finally {
      await page.context().close();
    }
  });

  it('gives a page from an origin the policy does not name no way to read the answer', async () => {
    const page = await newPage(browser);
    try {
      await page.goto(`${t.url}/api/health`); // any page of another origin than the form's
      const outcome = await page.evaluate(async (api) => {
        try {
          await fetch(`${api.replace('127.0.0.1', 'localhost')}/api/tickets`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
          return 'read';
        } catch {
          return 'blocked';
        }
      }, t.url);
      expect(outcome).toBe('blocked');
    } finally {
      await page.context().close();
    }
  });
});
