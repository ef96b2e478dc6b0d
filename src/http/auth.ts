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
  if (settings.appServiceAuthEnabled && principalHasRole(request.headers.get('x-ms-client-principal'), TRIAGE_ROLE)) {
    return { kind: 'operator' };
  }
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

interface ClientPrincipal {
  auth_typ?: string;
  role_typ?: string;
  claims?: { typ?: string; val?: string }[];
}

function principalHasRole(header: string | null, role: string): boolean {
  if (!header) return false;
  try {
    const principal = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as ClientPrincipal;
    const roleTypes = new Set(['roles', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role']);
    if (principal.role_typ) roleTypes.add(principal.role_typ);
    return (principal.claims ?? []).some((c) => c.typ !== undefined && roleTypes.has(c.typ) && c.val === role);
  } catch {
    return false;
  }
}
