// The operators' console sessions: who signed in (with OPS_API_KEY, or an Entra ID principal with
// Tickets.Triage), until when, and the sign-in attempts a client address may still make. The
// session id travels only in the console's HttpOnly cookie; storage holds its SHA-256, so a dump of
// the table opens no session. The CSRF token of a session is derived from its id (another hash),
// so only a page of that session can write it, and no table holds it.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from './accessTokens';
import { removeAllFound } from './removeAllFound';

/** A session ends this long after it began, whatever happens. */
export const CONSOLE_SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** A session ends when nothing used it for this long. */
export const CONSOLE_SESSION_IDLE_MS = 60 * 60 * 1000;
/** A session's last use is written at most this often (a page load is not a write each time). */
const TOUCH_EVERY_MS = 60 * 1000;
/** Expired sessions read (and deleted) at a time by removeExpired. */
const EXPIRED_PAGE = 100;
/** Failed sign-ins one client address may make in any SIGN_IN_WINDOW_MS. */
export const SIGN_IN_ATTEMPTS = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

/** What is stored of a session, under the hash of its id. */
export interface StoredConsoleSession {
  /** who is signed in, as the console's header shows it; null: the operator key (no name) */
  operator: string | null;
  /** the Entra ID principal the session is bound to; null: signed in with the operator key */
  principalId: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

/** The port the sessions are kept in; `key` is the hash of the session id, never the id. */
export interface ConsoleSessionStore {
  create(key: string, session: StoredConsoleSession): Promise<void>;
  /** null when there is none */
  read(key: string): Promise<StoredConsoleSession | null>;
  /** Records a use; nothing when the session is gone meanwhile. */
  touch(key: string, lastSeenAt: Date): Promise<void>;
  /** Nothing when it is gone already. */
  delete(key: string): Promise<void>;
  /** Up to `limit` keys of sessions created before `createdBefore` or last used before `lastSeenBefore`. */
  expired(createdBefore: Date, lastSeenBefore: Date, limit: number): Promise<string[]>;
}

export type SignInAdmission =
  /** the attempt is counted; `succeeded` takes it back (only failed attempts count) */
  { allowed: true; succeeded(): Promise<void> } | { allowed: false; retryAfterSeconds: number };

/** The port that counts the sign-in attempts of a client address, exactly across instances. */
export interface SignInAttempts {
  /** Counts an attempt of `client` at `at`, unless it made `SIGN_IN_ATTEMPTS` within the window already. */
  attempt(client: string, at: Date): Promise<SignInAdmission>;
}

/** An open session, as a console request sees it. */
export interface OpenSession {
  operator: string | null;
  principalId: string | null;
  /** the session's CSRF token, for its pages' forms */
  csrf: string;
}

/** Who is signing in. */
export interface SignIn {
  operator: string | null;
  principalId: string | null;
}

export interface ConsoleSessionsDeps {
  store: ConsoleSessionStore;
  attempts: SignInAttempts;
  clock?: () => Date;
  random?: (bytes: number) => Buffer;
}

export class ConsoleSessions {
  private readonly clock: () => Date;
  private readonly random: (bytes: number) => Buffer;

  constructor(private readonly deps: ConsoleSessionsDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.random = deps.random ?? randomBytes;
  }

  /** Starts a session; its id is for the cookie only. */
  async start(who: SignIn): Promise<{ id: string; csrf: string }> {
    const id = this.random(32).toString('base64url');
    const now = this.clock();
    await this.deps.store.create(sessionKey(id), { operator: who.operator, principalId: who.principalId, createdAt: now, lastSeenAt: now });
    return { id, csrf: consoleCsrfToken(id) };
  }

  /**
   * The session of this id, when it is open and bound to `principalId` (null: the operator key);
   * null otherwise. A session past its absolute or idle expiry, or whose principal changed or went
   * away, is ended here.
   */
  async open(id: string, principalId: string | null): Promise<OpenSession | null> {
    if (!isSessionId(id)) return null;
    const key = sessionKey(id);
    const session = await this.deps.store.read(key);
    if (session === null) return null;
    const now = this.clock().getTime();
    const expired = now - session.createdAt.getTime() > CONSOLE_SESSION_ABSOLUTE_MS || now - session.lastSeenAt.getTime() > CONSOLE_SESSION_IDLE_MS;
    if (expired || session.principalId !== principalId) {
      await this.deps.store.delete(key);
      return null;
    }
    if (now - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await this.deps.store.touch(key, new Date(now));
    return { operator: session.operator, principalId: session.principalId, csrf: consoleCsrfToken(id) };
  }

  /** Ends the session of this id (signing out); nothing when there is none. */
  async end(id: string): Promise<void> {
    if (isSessionId(id)) await this.deps.store.delete(sessionKey(id));
  }

  /**
   * Deletes every session past its absolute or idle expiry, and says how many. `open` ends an
   * expired session it is shown, but a session nobody comes back to (a closed browser) would keep
   * its row, with the operator's name, for good. Nothing can bring an expired session back (`open`
   * deletes it rather than touch it), so a row found here is deleted without a second look.
   */
  async removeExpired(): Promise<number> {
    const now = this.clock().getTime();
    const createdBefore = new Date(now - CONSOLE_SESSION_ABSOLUTE_MS);
    const lastSeenBefore = new Date(now - CONSOLE_SESSION_IDLE_MS);
    return removeAllFound(
      EXPIRED_PAGE,
      (limit) => this.deps.store.expired(createdBefore, lastSeenBefore, limit),
      (key) => this.deps.store.delete(key),
    );
  }

  /** Counts a sign-in attempt of `client` (the platform's client address), or says when the next one is allowed. */
  attempt(client: string): Promise<SignInAdmission> {
    return this.deps.attempts.attempt(client, this.clock());
  }
}

// 32 random bytes, base64url: anything else was never handed out and is not looked up.
function isSessionId(id: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(id);
}

function sessionKey(id: string): string {
  return sha256Hex(`console-session\n${id}`);
}

/** The CSRF token of the session `id`: base64url(SHA-256("console-csrf\n" + id)); neither it nor the stored key gives the other or the id. */
export function consoleCsrfToken(id: string): string {
  return createHash('sha256').update(`console-csrf\n${id}`, 'utf8').digest('base64url');
}

/** Whether `given` is the CSRF token of the session (its token `expected`), compared in constant time. */
export function consoleCsrfMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
