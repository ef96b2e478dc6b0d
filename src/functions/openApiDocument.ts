import { createHash } from 'node:crypto';
import type { HttpHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { httpRoute } from '../http/httpRoute';
// The JSON itself is the source: tsc copies it into dist/ beside the code, so what is deployed is
// what the repository holds, and there is no generated copy to drift.
import document from '../../openapi/openapi.json';

const BODY = JSON.stringify(document);
const ETAG = `"${createHash('sha256').update(BODY).digest('base64url').slice(0, 27)}"`;
// It changes only with a deployment: caches may keep it a while and revalidate by ETag.
const CACHING = { ETag: ETAG, 'Cache-Control': 'public, max-age=300' };

/** GET /api/openapi.json: the API reference, cacheable, with an ETag. */
export function openApiDocument(services: ServiceSource): HttpHandler {
  return httpRoute(services, {
    access: 'public',
    storage: false,
    handle: (_input, { request }) => {
      if (matchesEtag(request.headers.get('if-none-match'))) return { status: 304, headers: CACHING };
      return { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8', ...CACHING }, body: BODY };
    },
  });
}

/** RFC 9110 §13.1.2: a weak comparison against each listed tag, `*` matching any. */
function matchesEtag(ifNoneMatch: string | null): boolean {
  if (ifNoneMatch === null) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === ETAG;
  });
}
