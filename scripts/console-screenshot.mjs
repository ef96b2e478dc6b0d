// docs/console.png and docs/console-ticket.png: the operators' console with realistic tickets, taken
// in headless Chromium against the built app on the local host over an in-memory Azurite, as an
// operator sees it after `npm start`. Run after `npm run build`:
//
//   node scripts/console-screenshot.mjs        (CHROMIUM_PATH: the browser, default /usr/bin/chromium)
//
// The reports are filed through the API as a reporter files them, some of them hours or days
// ago (the app's clock is moved for them, scripts/console-screenshot-entry.cjs), and some
// triaged through the operators' API, so the queue shows a missed deadline, deadlines coming
// up and tickets in the investigation.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHostForTests } from '@security-event-intake/local-host/testing';
import { chromium } from 'playwright-core';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOUR = 60 * 60 * 1000;
const SHIFT = 'CONSOLE_SCREENSHOT_SHIFT_MS';

const REPORTS = [
  {
    ago: 4 * 24 * HOUR,
    report: {
      category: 'vulnerability',
      offerId: 'contoso-firewall',
      summary: 'Remote code execution through a JNDI lookup in the admin API',
      description: 'The admin API logs the User-Agent header with log4j 2.14; a JNDI lookup in it loads a class from any LDAP server.',
      cveId: 'CVE-2021-44228',
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
      reporter: { name: 'Ada Lovelace', email: 'ada@contoso.example', locale: 'en' },
    },
  },
  {
    ago: 20 * HOUR,
    report: {
      category: 'incident',
      offerId: 'fabrikam-backup-vault',
      summary: 'Backup snapshots of one tenant listed to another',
      description: 'Since the 2.3 update the snapshot list shows the snapshots of a neighbouring tenant, with their names and sizes.',
      reporter: { name: 'Grace Hopper', email: 'grace@fabrikam.example', locale: 'en' },
    },
  },
  {
    ago: 6 * HOUR,
    report: {
      category: 'vulnerability',
      offerId: 'northwind-api-gateway',
      summary: 'Tokens signed with the "none" algorithm are accepted',
      description: 'The gateway accepts a JWT whose header says alg "none" and has no signature, for every route.',
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N',
      reporter: { name: 'Katherine Johnson', email: 'kj@northwind.example', locale: 'en' },
    },
  },
  {
    ago: 2 * HOUR,
    report: {
      category: 'vulnerability',
      offerId: 'adatum-web-cms',
      summary: 'Stored cross-site scripting in page comments',
      description: 'A comment with an SVG onload attribute runs script for every visitor of the page, editors included.',
      cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:L/VI:L/VA:N/SC:L/SI:L/SA:N',
      reporter: { name: 'Lena Schmidt', email: 'lena@adatum.example', locale: 'de' },
    },
  },
  {
    ago: 30 * HOUR,
    triage: [
      ['acknowledge', { priority: 'p2', severity: 'high', note: 'We are rotating the keys now.' }],
      ['status', { status: 'investigating' }],
    ],
    report: {
      category: 'incident',
      offerId: 'litware-analytics',
      summary: 'API keys printed in the diagnostics log',
      description: 'The diagnostics bundle that support asks for contains the storage account keys in plain text.',
      reporter: { name: 'Alan Turing', email: 'alan@litware.example', locale: 'en' },
    },
  },
  {
    ago: 50 * HOUR,
    triage: [
      ['acknowledge', { priority: 'p3', severity: 'medium' }],
      ['messages', { kind: 'information-request', body: 'Which versions of the VPN client did you test?' }],
    ],
    report: {
      category: 'vulnerability',
      offerId: 'tailspin-vpn',
      summary: 'VPN client keeps the session key in a world-readable file',
      description: 'The client writes the session key to /tmp/tailspin.key with mode 0644 and leaves it there.',
      cvssVector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N',
      reporter: { name: 'Hedy Lamarr', email: 'hedy@tailspin.example', locale: 'en' },
    },
  },
];

if (!existsSync('dist/src/registerApp.js')) throw new Error('dist/ is missing: run npm run build first');
if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing (apt-get install -y chromium, or set CHROMIUM_PATH)`);

const key = randomBytes(18).toString('base64url');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'console-screenshot-'));
const t = await startHostForTests({
  appRoot: process.cwd(),
  entryPoints: ['scripts/console-screenshot-entry.cjs'],
  env: { OPS_API_KEY: key, EMAIL_OUTBOX_DIR: path.join(scratch, 'outbox') },
});
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu'] });

/** Runs `use` with the app's clock `ago` ms behind. */
async function at(ago, use) {
  process.env[SHIFT] = String(-ago);
  try {
    return await use();
  } finally {
    delete process.env[SHIFT];
  }
}

async function send(method, pathname, body, headers = {}) {
  const res = await t.fetch(pathname, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${method} ${pathname} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

try {
  const numbers = [];
  for (const { ago, report, triage = [] } of REPORTS) {
    const { confirmationNumber } = await at(ago, () => send('POST', '/api/tickets', report));
    numbers.push(confirmationNumber);
    for (const [step, body] of triage) {
      await at(ago - HOUR, () => send('POST', `/api/tickets/${confirmationNumber}/${step}`, body, { authorization: `Bearer ${key}` }));
    }
  }

  const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1100, height: 900 } })).newPage();
  await page.goto(`${t.url}/api/console`);
  await page.fill('#f-key', key);
  await Promise.all([page.waitForURL((url) => url.pathname === '/api/console'), page.click('#sign-in-form button[type="submit"]')]);
  // The queue lists a report once its confirmation message is handled (the queue worker): wait for all of them.
  for (let tries = 0; ; tries++) {
    const listed = await page.$$eval('#queue [data-confirmation-number]', (items) => items.map((item) => item.dataset.confirmationNumber));
    if (numbers.every((n) => listed.includes(n))) break;
    if (tries > 60) throw new Error(`the queue lists ${listed.length} of the ${numbers.length} reports`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await page.reload();
  }
  mkdirSync('docs', { recursive: true });
  await page.screenshot({ path: 'docs/console.png', fullPage: true });
  await page.goto(`${t.url}/api/console/tickets/${numbers[0]}`);
  await page.screenshot({ path: 'docs/console-ticket.png' });
  console.log(`docs/console.png and docs/console-ticket.png: the queue of ${numbers.length} reports and ${numbers[0]}`);
} finally {
  await browser.close();
  await t.stop();
  rmSync(scratch, { recursive: true, force: true });
}
