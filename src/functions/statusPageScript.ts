import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app } from '@azure/functions';
import { withProblems } from '../http/problems';
import { STATUS_PAGE_SCRIPT_PATH } from '../web/pages';

// The status page's script (web/src/statusPage.ts, bundled by scripts/build-web.mjs into
// dist/web/). The status page is served by this app, not by the static site, and its CSP allows
// scripts from its own origin only: so the app serves the script too.
// Compiled, this file is dist/src/functions/, beside dist/web/; the tests run it from src/functions/.
const BUNDLES = [path.join(__dirname, '..', '..', 'web', 'status-page.js'), path.join(__dirname, '..', '..', 'dist', 'web', 'status-page.js')];
let bundle: Promise<string> | undefined;

async function readBundle(): Promise<string> {
  for (const file of BUNDLES) {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`the status page script is missing (${BUNDLES.join(' or ')}); run npm run build`);
}

app.http('statusPageScript', {
  methods: ['GET'],
  route: STATUS_PAGE_SCRIPT_PATH.replace(/^\/api\//, ''),
  authLevel: 'anonymous',
  handler: withProblems(async () => {
    bundle ??= readBundle().catch((error: unknown) => {
      bundle = undefined; // found on a later request once it is built
      throw error;
    });
    return {
      status: 200,
      headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' },
      body: await bundle,
    };
  }),
});
