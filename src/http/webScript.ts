// The pages' scripts (src/web/pageScripts.ts). The status page and the console are served by this
// app, not by the static site, and their CSP allows scripts from their own origin only: so the
// app serves their scripts too. Asked for at the address the pages name (`?v=` the content's
// hash) a script may be cached for a year; asked for otherwise (an old page, a hand-typed URL)
// it is revalidated. Compressed by the request's Accept-Encoding, from copies made once.

import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { pageScript } from '../web/pageScripts';
import { httpRoute } from './httpRoute';

/** The encoding to answer with: brotli, else gzip, when the request accepts it (a `q=0` refuses). */
function encodingFor(acceptEncoding: string | null): 'br' | 'gzip' | undefined {
  const accepted = (acceptEncoding ?? '')
    .toLowerCase()
    .split(',')
    .map((part) => part.split(';').map((s) => s.trim()))
    .filter(([, ...params]) => !params.some((p) => /^q=0(\.0*)?$/.test(p)))
    .map(([name]) => name);
  return accepted.includes('br') ? 'br' : accepted.includes('gzip') ? 'gzip' : undefined;
}

/** The handler that serves the bundle `file` of dist/web/ (read once, anonymous: a script holds no secret). */
export function webScriptHandler(services: ServiceSource, file: string): HttpHandler {
  return httpRoute(services, {
    access: 'public',
    storage: false,
    handle: (_input, { request }) => {
      const script = pageScript(file);
      const current = new URL(request.url).searchParams.get('v') === script.version;
      const encoding = encodingFor(request.headers.get('accept-encoding'));
      return {
        status: 200,
        headers: {
          'Content-Type': 'text/javascript; charset=utf-8',
          'Cache-Control': current ? 'public, max-age=31536000, immutable' : 'no-cache',
          Vary: 'Accept-Encoding',
          ...(encoding ? { 'Content-Encoding': encoding } : {}),
          'X-Content-Type-Options': 'nosniff',
        },
        body: encoding ? script[encoding] : script.text,
      };
    },
  });
}
