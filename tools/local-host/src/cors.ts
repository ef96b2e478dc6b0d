import type { IncomingMessage } from 'node:http';

/**
 * Cross-origin requests to allow. `func start` builds its policy from local.settings.json
 * `Host.CORS` (origins separated by commas, `*` for any) and `Host.CORSCredentials`
 * (azure-functions-core-tools src/Azure.Functions.Cli/Actions/HostActions/Startup.cs: WithOrigins,
 * AllowAnyHeader, AllowAnyMethod, AllowCredentials); the host in Azure builds the same one from
 * the site's CORS settings (azure-functions-host
 * src/WebJobs.Script.WebHost/Configuration/CorsOptionsSetup.cs). Neither exposes any response
 * header: a page on another origin reads a header such as `Location` or `Retry-After` only if the
 * app lists it in `Access-Control-Expose-Headers` itself.
 */
export interface CorsPolicy {
  origins: readonly string[];
  credentials?: boolean;
}

/** The headers of a preflight that ASP.NET's CORS never echoes (CorsConstants.SimpleRequestHeaders). */
const SIMPLE_HEADERS = new Set(['origin', 'accept', 'accept-language', 'content-language']);
const SIMPLE_METHODS = new Set(['GET', 'HEAD', 'POST']);

/** `scheme://host[:port]` in lower case, as CorsPolicyBuilder.WithOrigins normalises an origin. */
function normalisedOrigin(origin: string): string {
  try {
    const url = new URL(origin);
    return `${url.protocol}//${url.host}`.toLowerCase();
  } catch {
    return origin.toLowerCase();
  }
}

/** Checks a policy as CorsPolicyBuilder.Build does: credentials cannot go with any origin. */
export function checkedCorsPolicy(policy: CorsPolicy): CorsPolicy {
  const origins = policy.origins.map((o) => o.trim()).filter((o) => o !== '');
  if (policy.credentials && origins.includes('*')) {
    throw new Error(
      'CORS: the CORS protocol does not allow specifying a wildcard (any) origin and credentials at the same time (Host.CORS "*" with Host.CORSCredentials true)',
    );
  }
  return { origins: origins.map((o) => (o === '*' ? o : normalisedOrigin(o))), credentials: policy.credentials === true };
}

/**
 * What ASP.NET Core's CorsMiddleware answers for a request under the policy: nothing for a
 * request without `Origin`; for a preflight (OPTIONS with Access-Control-Request-Method) a 204
 * that the function never sees, with the allow headers when the origin is allowed; for any other
 * request the allow headers to add to the function's answer.
 */
export function corsResult(policy: CorsPolicy | undefined, req: IncomingMessage): { preflight: boolean; headers: Record<string, string> } | undefined {
  const origin = req.headers.origin;
  if (!policy || origin === undefined) return undefined;
  const requestedMethod = req.headers['access-control-request-method'];
  const preflight = req.method === 'OPTIONS' && typeof requestedMethod === 'string';
  const anyOrigin = policy.origins.includes('*');
  const allowed = anyOrigin || policy.origins.includes(origin);
  const headers: Record<string, string> = {};
  // CorsService: the answer varies by Origin when it echoes one of several origins, or any origin with credentials.
  if (anyOrigin ? policy.credentials : policy.origins.length > 1) headers.Vary = 'Origin';
  if (allowed) {
    headers['Access-Control-Allow-Origin'] = anyOrigin && !policy.credentials ? '*' : origin;
    if (policy.credentials) headers['Access-Control-Allow-Credentials'] = 'true';
    if (preflight) {
      if (!SIMPLE_METHODS.has(requestedMethod.toUpperCase())) headers['Access-Control-Allow-Methods'] = requestedMethod;
      const requested = String(req.headers['access-control-request-headers'] ?? '')
        .split(',')
        .map((h) => h.trim())
        .filter((h) => h !== '' && !SIMPLE_HEADERS.has(h.toLowerCase()));
      if (requested.length > 0) headers['Access-Control-Allow-Headers'] = requested.join(',');
    }
  }
  return { preflight, headers };
}
