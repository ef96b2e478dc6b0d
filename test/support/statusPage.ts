// What a test reads off a status page the way a browser without JavaScript would use it: the
// CSRF token its forms post (the hidden `csrf` field) and the status cookie its answer set.

/** The status page's CSRF token, from its forms' hidden `csrf` field. */
export function csrfOf(page: string): string {
  const match = /<input type="hidden" name="csrf" value="([^"]+)">/.exec(page);
  if (!match?.[1]) throw new Error('the page has no form with a CSRF token');
  return match[1];
}

/** The `name=value` of the status cookie an answer set, for the next request's Cookie header. */
export function statusCookieOf(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('status-token='));
  if (!cookie) throw new Error('the answer set no status cookie');
  return cookie.split(';')[0]!;
}
