// The app on the local host with the web form built into a scratch folder of its own (a build of
// web/dist running in parallel cannot pull files away mid-test), and Chromium to open its pages.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { startTestHost, type TestHost, type TestHostOptions } from '../../support/testHost';
import { launchChromium, withNewPage } from './browser';

export interface WebTestHost {
  t: TestHost;
  browser: Browser;
  /** the scratch folder: the build in `dist`, the outbox in `outbox` */
  scratch: string;
  /** Runs `use` on a fresh page of a fresh context, closed afterwards. */
  withPage<T>(options: BrowserContextOptions, use: (page: Page) => Promise<T>): Promise<T>;
  /** A link the app wrote (PUBLIC_BASE_URL names the default port) on this host. */
  onHost(link: string): string;
  stop(): Promise<void>;
}

/**
 * Builds the web form, starts the app with `env` (its outbox in the scratch folder) and Chromium;
 * `host` may choose the entry (TEST_ENTRY, for services built again) and stop the queue worker.
 */
export async function startWebTestHost(
  prefix: string,
  env: Record<string, string>,
  host: Pick<TestHostOptions, 'entryPoints' | 'enableQueues'> = {},
): Promise<WebTestHost> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), prefix));
  const staticDir = path.join(scratch, 'dist');
  execFileSync(process.execPath, ['scripts/build-web.mjs', '--outdir', staticDir], { stdio: 'pipe' });
  const t = await startTestHost({ ...host, staticDir, env: { EMAIL_OUTBOX_DIR: path.join(scratch, 'outbox'), ...env } });
  const browser = await launchChromium();
  return {
    t,
    browser,
    scratch,
    withPage: (options, use) => withNewPage(browser, options, use),
    onHost: (link) => {
      const url = new URL(link, t.url);
      return `${t.url}${url.pathname}${url.search}${url.hash}`;
    },
    stop: async () => {
      await browser.close();
      await t.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
