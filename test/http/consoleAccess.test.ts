// The console's pure parts of its way in: where `next` may lead (only console paths of this origin),
// the sign-in and login paths, and the console's address in npm start's banner.

import { describe, expect, it } from 'vitest';
import { consoleNext, entraLoginPath, entraLogoutPath, localConsoleAddress, signInPath } from '../../src/http/consoleAccess';

const request = { url: 'http://127.0.0.1:7071/api/console/sign-in' };

describe('consoleNext', () => {
  it.each([
    ['/api/console', '/api/console'],
    ['/api/console/tickets/SE-NZ5Q-440W-GVM65', '/api/console/tickets/SE-NZ5Q-440W-GVM65'],
    ['/api/console?status=submitted&breached=true', '/api/console?status=submitted&breached=true'],
    ['/api/console/sla#ignored', '/api/console/sla'],
    ['http://127.0.0.1:7071/api/console/sla', '/api/console/sla'],
  ])('takes the console path %j as %j', (next, expected) => {
    expect(consoleNext(next, request)).toBe(expected);
  });

  it.each([
    [null],
    [''],
    ['https://evil.example/api/console'],
    ['//evil.example/api/console'],
    ['/\\evil.example/api/console'],
    ['\\\\evil.example\\api\\console'],
    ['http://127.0.0.1:7072/api/console'],
    ['https://127.0.0.1:7071/api/console'],
    ['javascript:alert(1)'],
    ['/api/consoles'],
    ['/api/console.js'],
    ['/api/console/../tickets'],
    ['/api/console/%2e%2e/ops/tickets'],
    ['/api/tickets/SE-NZ5Q-440W-GVM65'],
    ['/api/console/sign-in'],
    ['/api/console/sign-out'],
    ['/api/console\n/x'],
  ])('leads %j to the console’s start instead', (next) => {
    expect(consoleNext(next, request)).toBe('/api/console');
  });
});

describe('the paths to sign in', () => {
  it('the sign-in page carries `next` unless it is the console’s start', () => {
    expect(signInPath('/api/console')).toBe('/api/console/sign-in');
    expect(signInPath('/api/console/tickets/SE-1?x=1')).toBe('/api/console/sign-in?next=%2Fapi%2Fconsole%2Ftickets%2FSE-1%3Fx%3D1');
  });

  it("App Service Authentication's login and logout come back to a path of this host", () => {
    expect(entraLoginPath('/api/console/sign-in?next=%2Fapi%2Fconsole%2Fsla')).toBe(
      '/.auth/login/aad?post_login_redirect_uri=%2Fapi%2Fconsole%2Fsign-in%3Fnext%3D%252Fapi%252Fconsole%252Fsla',
    );
    expect(entraLogoutPath('/api/console/sign-in?signedOut=1')).toBe('/.auth/logout?post_logout_redirect_uri=%2Fapi%2Fconsole%2Fsign-in%3FsignedOut%3D1');
  });
});

describe("the console's address in npm start's banner", () => {
  it('follows PORT, 7071 by default', () => {
    expect(localConsoleAddress({})).toBe('http://127.0.0.1:7071/api/console');
    expect(localConsoleAddress({ PORT: '8080' })).toBe('http://127.0.0.1:8080/api/console');
  });

  it('points to the host’s own address when the host picks the port (PORT=0), and is not printed in Azure', () => {
    expect(localConsoleAddress({ PORT: '0' })).toBe('/api/console on the address the host prints below');
    expect(localConsoleAddress({ WEBSITE_SITE_NAME: 'func-api-abc' })).toBeNull();
  });
});
