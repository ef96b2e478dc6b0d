// App Service Authentication's principal (x-ms-client-principal), as the console and the operator
// routes read it: trusted only while App Service Authentication is on, refused when malformed, its
// app roles under `roles`, under the principal's own role_typ, or the long claim type.

import { describe, expect, it } from 'vitest';
import { clientPrincipal, isTriager, TRIAGE_ROLE } from '../../src/http/auth';

const ON = { appServiceAuthEnabled: true };
const OFF = { appServiceAuthEnabled: false };

function headers(values: Record<string, string>): { get(name: string): string | null } {
  return { get: (name) => values[name.toLowerCase()] ?? null };
}

const encoded = (principal: unknown): string => Buffer.from(typeof principal === 'string' ? principal : JSON.stringify(principal), 'utf8').toString('base64');

/** A principal as the platform writes it for an Entra ID sign-in. */
function aPrincipal(claims: Array<{ typ: string; val: string }>, extra: Record<string, unknown> = {}): string {
  return encoded({ auth_typ: 'aad', name_typ: 'name', role_typ: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role', claims, ...extra });
}

const ada = [
  { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: '6f0e2a1c-0000-4000-8000-00000000ada1' },
  { typ: 'name', val: 'Ada Lovelace' },
  { typ: 'preferred_username', val: 'ada@contoso.example' },
];

describe('clientPrincipal', () => {
  it('ignores the header while App Service Authentication is off: anybody could have written it', () => {
    const forged = aPrincipal([...ada, { typ: 'roles', val: TRIAGE_ROLE }]);
    expect(clientPrincipal(headers({ 'x-ms-client-principal': forged }), OFF)).toBeNull();
  });

  it('is null without the header, and for a header that is not base64 of a JSON principal', () => {
    expect(clientPrincipal(headers({}), ON)).toBeNull();
    expect(clientPrincipal(headers({ 'x-ms-client-principal': '' }), ON)).toBeNull();
    expect(clientPrincipal(headers({ 'x-ms-client-principal': 'not base64 at all!' }), ON)).toBeNull();
    expect(clientPrincipal(headers({ 'x-ms-client-principal': encoded('{"claims": [') }), ON)).toBeNull();
    expect(clientPrincipal(headers({ 'x-ms-client-principal': encoded('"a string"') }), ON)).toBeNull();
    expect(clientPrincipal(headers({ 'x-ms-client-principal': encoded('null') }), ON)).toBeNull();
    expect(clientPrincipal(headers({ 'x-ms-client-principal': encoded({ auth_typ: 'aad' }) }), ON)).toBeNull(); // no claims
    expect(clientPrincipal(headers({ 'x-ms-client-principal': encoded({ claims: 'roles' }) }), ON)).toBeNull();
  });

  it('reads who it is: the object ID to bind to, and the name to show', () => {
    const principal = clientPrincipal(headers({ 'x-ms-client-principal': aPrincipal(ada) }), ON);
    expect(principal).toEqual({ id: '6f0e2a1c-0000-4000-8000-00000000ada1', name: 'Ada Lovelace', roles: [] });
  });

  it('takes the id and name from the platform’s other headers when the claims lack them', () => {
    const principal = clientPrincipal(
      headers({ 'x-ms-client-principal': aPrincipal([]), 'x-ms-client-principal-id': 'oid-grace', 'x-ms-client-principal-name': 'grace@contoso.example' }),
      ON,
    );
    expect(principal).toEqual({ id: 'oid-grace', name: 'grace@contoso.example', roles: [] });
  });

  it('finds the role under `roles`', () => {
    const principal = clientPrincipal(headers({ 'x-ms-client-principal': aPrincipal([...ada, { typ: 'roles', val: TRIAGE_ROLE }]) }), ON);
    expect(principal?.roles).toEqual([TRIAGE_ROLE]);
    expect(isTriager(principal)).toBe(true);
  });

  it('finds the role under the principal’s own role_typ', () => {
    const principal = clientPrincipal(
      headers({ 'x-ms-client-principal': aPrincipal([...ada, { typ: 'app-role', val: TRIAGE_ROLE }], { role_typ: 'app-role' }) }),
      ON,
    );
    expect(isTriager(principal)).toBe(true);
    const long = clientPrincipal(
      headers({ 'x-ms-client-principal': aPrincipal([...ada, { typ: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role', val: TRIAGE_ROLE }]) }),
      ON,
    );
    expect(isTriager(long)).toBe(true);
  });

  it('grants nothing for another role, the role as another claim’s value, or a role of another case', () => {
    const other = clientPrincipal(headers({ 'x-ms-client-principal': aPrincipal([...ada, { typ: 'roles', val: 'Tickets.Read' }]) }), ON);
    expect(other).not.toBeNull();
    expect(isTriager(other)).toBe(false);
    const asName = clientPrincipal(headers({ 'x-ms-client-principal': aPrincipal([...ada, { typ: 'groups', val: TRIAGE_ROLE }]) }), ON);
    expect(isTriager(asName)).toBe(false);
    const cased = clientPrincipal(headers({ 'x-ms-client-principal': aPrincipal([...ada, { typ: 'roles', val: 'tickets.triage' }]) }), ON);
    expect(isTriager(cased)).toBe(false);
    expect(isTriager(null)).toBe(false);
  });

  it('skips claims that are not pairs of strings', () => {
    const principal = clientPrincipal(
      headers({
        'x-ms-client-principal': encoded({ claims: [null, 7, { typ: 'roles' }, { typ: 'roles', val: 1 }, { typ: 'roles', val: TRIAGE_ROLE }, ...ada] }),
      }),
      ON,
    );
    expect(principal?.roles).toEqual([TRIAGE_ROLE]);
  });
});
