// Who is calling: an operator (the OPS_API_KEY bearer, or an App Service Authentication principal
// with the Tickets.Triage role), a reporter (the ticket's access token), or nobody.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { HttpRequest } from '@azure/functions';
import { ProblemError } from './problems';

export const TRIAGE_ROLE = 'Tickets.Triage';

export interface AuthSettings {
  opsApiKey: string | null;
  /** only then is x-ms-client-principal set by the platform rather than by the caller */
  appServiceAuthEnabled: boolean;
}

export type Caller = { kind: 'operator' } | { kind: 'reporter'; token: string } | { kind: 'anonymous' };

/** Identifies the caller; a reporter's token never makes an operator. */
export function identifyCaller(request: HttpRequest, settings: AuthSettings, options: { allowQueryToken: boolean }): Caller {
  const bearer = bearerToken(request);
  if (bearer !== null && settings.opsApiKey !== null && secretEquals(bearer, settings.opsApiKey)) return { kind: 'operator' };
  if (isTriager(clientPrincipal(request.headers, settings))) return { kind: 'operator' };
  if (bearer !== null) return { kind: 'reporter', token: bearer };
  const queryToken = options.allowQueryToken ? request.query.get('token') : null;
  if (queryToken) return { kind: 'reporter', token: queryToken };
  return { kind: 'anonymous' };
}

/** Throws 401/403 problems unless the caller is an operator. */
export function requireOperator(request: HttpRequest, settings: AuthSettings): void {
  const caller = identifyCaller(request, settings, { allowQueryToken: false });
  if (caller.kind === 'operator') return;
  if (caller.kind === 'anonymous') {
    throw new ProblemError(401, 'Authentication required', 'Operator endpoints need an operator credential.', undefined, {
      'WWW-Authenticate': 'Bearer',
    });
  }
  throw new ProblemError(403, 'Forbidden', 'This credential does not grant operator rights.');
}

function bearerToken(request: HttpRequest): string | null {
  const header = request.headers.get('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** Constant-time comparison of two secrets of any length (both are hashed to equal length first). */
export function secretEquals(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

// App Service Authentication's principal: the platform removes any x-ms-client-principal* header a
// client sent and sets its own, base64 of JSON { auth_typ, name_typ, role_typ, claims: [{ typ, val }] }.
// Only with App Service Authentication on (AuthSettings.appServiceAuthEnabled) does the header mean
// that; otherwise anybody could have written it, and it is ignored.

/** The signed-in principal App Service Authentication passed on. */
export interface ClientPrincipal {
  /** who it is, for binding a console session to it: the object ID (the platform always gives one), else the name; '' when neither */
  id: string;
  /** the name to show ("Signed in as …"): the name claim, else the user name */
  name: string;
  /** the app roles it holds (Tickets.Triage for operators) */
  roles: string[];
}

interface PrincipalJson {
  auth_typ?: unknown;
  name_typ?: unknown;
  role_typ?: unknown;
  claims?: unknown;
}

const ROLE_CLAIMS = ['roles', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role'];
const OBJECT_ID_CLAIMS = ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'];
const NAME_CLAIMS = ['name', 'preferred_username', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', 'upn'];
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The principal of the request, when App Service Authentication is on and set one; null when it
 * is off (a client could have written the header), when there is none, and when the header is not
 * base64 of a JSON principal with claims (then it did not come from the platform).
 */
export function clientPrincipal(headers: { get(name: string): string | null }, settings: Pick<AuthSettings, 'appServiceAuthEnabled'>): ClientPrincipal | null {
  if (!settings.appServiceAuthEnabled) return null;
  const header = headers.get('x-ms-client-principal')?.trim();
  if (!header || !BASE64.test(header)) return null;
  let json: PrincipalJson;
  try {
    json = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as PrincipalJson;
  } catch {
    return null;
  }
  if (json === null || typeof json !== 'object' || !Array.isArray(json.claims)) return null;
  const claims = (json.claims as unknown[]).flatMap((c) => {
    const claim = c as { typ?: unknown; val?: unknown } | null;
    return claim && typeof claim.typ === 'string' && typeof claim.val === 'string' ? [{ typ: claim.typ, val: claim.val }] : [];
  });
  const valueOf = (types: readonly string[]): string | undefined => types.map((type) => claims.find((c) => c.typ === type)?.val).find((v) => v);
  const roleTypes = new Set(ROLE_CLAIMS);
  if (typeof json.role_typ === 'string') roleTypes.add(json.role_typ);
  const roles = claims.filter((c) => roleTypes.has(c.typ)).map((c) => c.val);
  const nameTypes = typeof json.name_typ === 'string' ? [json.name_typ, ...NAME_CLAIMS] : NAME_CLAIMS;
  const name = valueOf(nameTypes) ?? headers.get('x-ms-client-principal-name')?.trim() ?? '';
  const id = valueOf(OBJECT_ID_CLAIMS) || headers.get('x-ms-client-principal-id')?.trim() || name;
  return { id, name: name || id, roles };
}

/** Whether the principal holds the operators' app role. */
export function isTriager(principal: ClientPrincipal | null): principal is ClientPrincipal {
  return principal !== null && principal.roles.includes(TRIAGE_ROLE);
}
