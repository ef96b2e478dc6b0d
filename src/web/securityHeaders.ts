// Headers for every HTML response (the form, the status page, the problem page) and for the static
// files. The pages have no inline script or style, so 'self' is all the policy needs; the status
// link carries the reporter's token, hence no Referer to anyone.

function contentSecurityPolicy(apiOrigin?: string): string {
  const connect = apiOrigin ? `'self' ${apiOrigin}` : `'self'`;
  const form = apiOrigin ? `'self' ${apiOrigin}` : `'self'`;
  return [
    `default-src 'self'`,
    `script-src 'self'`,
    `style-src 'self'`,
    `img-src 'self' data:`,
    `connect-src ${connect}`,
    `object-src 'none'`,
    `frame-ancestors 'none'`,
    `base-uri 'none'`,
    `form-action ${form}`,
  ].join('; ');
}

/**
 * The headers for a page whose API is elsewhere (Static Web Apps in front of a Functions app on
 * another origin): `apiOrigin` such as `https://intake-func.azurewebsites.net` is allowed for
 * fetch and for the form post. Without it: same origin only.
 */
export function securityHeadersFor(apiOrigin?: string): Record<string, string> {
  if (apiOrigin !== undefined && apiOrigin !== '' && !/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(apiOrigin)) {
    throw new Error(`not an origin (scheme://host[:port]): ${apiOrigin}`);
  }
  return {
    'Content-Security-Policy': contentSecurityPolicy(apiOrigin || undefined),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  };
}

/** The headers for HTML served from the same origin as the API (the local host, Functions). */
export const SECURITY_HEADERS: Record<string, string> = Object.freeze(securityHeadersFor()) as Record<string, string>;
