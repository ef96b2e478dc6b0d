// The console's sessions and sign-in attempts against real Azurite, through the service that hashes
// the ids (src/services/consoleSessions.ts): what a table holds, absolute and idle expiry, the
// binding to a principal, the nightly removal of expired sessions, and an exact count of failed
// sign-ins under concurrency.

import { createHash, randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage } from '@security-event-intake/local-host/testing';
import {
  CONSOLE_SESSION_ABSOLUTE_MS,
  CONSOLE_SESSION_IDLE_MS,
  ConsoleSessions,
  consoleCsrfMatches,
  consoleCsrfToken,
} from '../../src/services/consoleSessions';
import { TableConsoleSessionStore } from '../../src/storage/consoleSessionStore';
import { TableSignInAttempts } from '../../src/storage/signInAttempts';

const MINUTE = 60_000;
const T0 = new Date('2027-03-01T08:00:00.000Z');

let connectionString: string;

beforeAll(async () => {
  connectionString = (await startTestStorage()).connectionString;
});
afterAll(async () => (await startTestStorage()).stop());

async function aTable(prefix: string): Promise<TableClient> {
  const table = TableClient.fromConnectionString(connectionString, `${prefix}${randomBytes(4).toString('hex')}`, { allowInsecureConnection: true });
  await table.createTable();
  return table;
}

/** Sessions over fresh tables, on a clock the test moves. */
async function someSessions(options: { attempts?: number; windowMs?: number } = {}) {
  const now = { at: T0 };
  const table = await aTable('sessions');
  const sessions = new ConsoleSessions({
    store: new TableConsoleSessionStore(table),
    attempts: new TableSignInAttempts(await aTable('signins'), { attempts: options.attempts ?? 3, windowMs: options.windowMs ?? 15 * MINUTE }),
    clock: () => now.at,
  });
  const later = (ms: number) => (now.at = new Date(now.at.getTime() + ms));
  const rows = async () => {
    const all: unknown[] = [];
    for await (const row of table.listEntities<Record<string, unknown>>()) all.push(row);
    return all;
  };
  return { sessions, later, rows };
}

describe('ConsoleSessions over Table Storage', () => {
  it('opens a session by its id, with a CSRF token derived from it; the table holds neither the id nor the token', async () => {
    const { sessions, rows } = await someSessions();
    const { id, csrf } = await sessions.start({ operator: null, principalId: null });
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrf).toBe(consoleCsrfToken(id));
    expect(await sessions.open(id, null)).toEqual({ operator: null, principalId: null, csrf });

    const dump = JSON.stringify(await rows());
    expect(dump).not.toContain(id);
    expect(dump).not.toContain(csrf);
    expect(dump).not.toContain(createHash('sha256').update(id).digest('hex')); // not the plain hash of the id either
  });

  it('opens nothing for a made-up id, a well-formed unknown one, or another session’s CSRF token', async () => {
    const { sessions } = await someSessions();
    const mine = await sessions.start({ operator: null, principalId: null });
    const theirs = await sessions.start({ operator: null, principalId: null });
    expect(await sessions.open('made-up', null)).toBeNull();
    expect(await sessions.open(randomBytes(32).toString('base64url'), null)).toBeNull();
    const opened = await sessions.open(mine.id, null);
    expect(consoleCsrfMatches(opened!.csrf, mine.csrf)).toBe(true);
    expect(consoleCsrfMatches(opened!.csrf, theirs.csrf)).toBe(false);
    expect(consoleCsrfMatches(opened!.csrf, null)).toBe(false);
    expect(consoleCsrfMatches(opened!.csrf, `${mine.csrf}x`)).toBe(false);
  });

  it('ends a session unused for longer than the idle time, and keeps one that is used', async () => {
    const { sessions, later, rows } = await someSessions();
    const idle = await sessions.start({ operator: null, principalId: null });
    const used = await sessions.start({ operator: null, principalId: null });
    for (let elapsed = 0; elapsed < CONSOLE_SESSION_IDLE_MS * 2; elapsed += CONSOLE_SESSION_IDLE_MS / 2) {
      expect(await sessions.open(used.id, null), `after ${elapsed / MINUTE} minutes`).not.toBeNull();
      later(CONSOLE_SESSION_IDLE_MS / 2);
    }
    expect(await sessions.open(idle.id, null)).toBeNull();
    expect(await sessions.open(used.id, null)).not.toBeNull();
    expect(await rows()).toHaveLength(1); // the idle one was deleted when it was found expired
  });

  it('ends every session at its absolute expiry, however busy', async () => {
    const { sessions, later } = await someSessions();
    const { id } = await sessions.start({ operator: null, principalId: null });
    for (let elapsed = 0; elapsed < CONSOLE_SESSION_ABSOLUTE_MS; elapsed += CONSOLE_SESSION_IDLE_MS / 2) {
      expect(await sessions.open(id, null)).not.toBeNull();
      later(CONSOLE_SESSION_IDLE_MS / 2);
    }
    later(1);
    expect(await sessions.open(id, null)).toBeNull();
  });

  it('binds a session to its principal: another principal, none, or the key end it', async () => {
    const { sessions } = await someSessions();
    const ada = await sessions.start({ operator: 'Ada Lovelace', principalId: 'oid-ada' });
    expect(await sessions.open(ada.id, 'oid-ada')).toMatchObject({ operator: 'Ada Lovelace', principalId: 'oid-ada' });
    expect(await sessions.open(ada.id, 'oid-grace')).toBeNull();
    expect(await sessions.open(ada.id, 'oid-ada')).toBeNull(); // ended, not just refused once

    const again = await sessions.start({ operator: 'Ada Lovelace', principalId: 'oid-ada' });
    expect(await sessions.open(again.id, null)).toBeNull();
    const keySession = await sessions.start({ operator: null, principalId: null });
    expect(await sessions.open(keySession.id, 'oid-ada')).toBeNull();
  });

  it('removes the rows of sessions nobody came back to once they expire, idle or absolute, and keeps the open ones', async () => {
    const { sessions, later, rows } = await someSessions();
    const abandoned = await sessions.start({ operator: 'Ada Lovelace', principalId: 'oid-ada' });
    const busy = await sessions.start({ operator: 'Grace Hopper', principalId: 'oid-grace' });
    later(CONSOLE_SESSION_IDLE_MS / 2);
    const fresh = await sessions.start({ operator: null, principalId: null });
    expect(await sessions.removeExpired()).toBe(0); // nothing has expired yet
    expect(await rows()).toHaveLength(3);

    // The abandoned one passes its idle time; the others were used within theirs.
    expect(await sessions.open(busy.id, 'oid-grace')).not.toBeNull();
    later(CONSOLE_SESSION_IDLE_MS / 2 + 1);
    expect(await sessions.open(fresh.id, null)).not.toBeNull();
    expect(await sessions.removeExpired()).toBe(1);
    expect((await rows()).map((row) => (row as { Operator: string }).Operator).sort()).toEqual(['', 'Grace Hopper']);
    expect(await sessions.open(abandoned.id, 'oid-ada')).toBeNull();

    // The busy one, used every half hour, goes at its absolute expiry (never idle); the fresh one, left idle, goes too.
    for (let elapsed = CONSOLE_SESSION_IDLE_MS + 1; elapsed < CONSOLE_SESSION_ABSOLUTE_MS; elapsed += CONSOLE_SESSION_IDLE_MS / 2) {
      expect(await sessions.open(busy.id, 'oid-grace'), `${elapsed / MINUTE} minutes after signing in`).not.toBeNull();
      later(CONSOLE_SESSION_IDLE_MS / 2);
    }
    expect(await sessions.removeExpired()).toBe(2);
    expect(await rows()).toEqual([]);
  });

  it('removes expired sessions past a page of them', async () => {
    const { sessions, later, rows } = await someSessions();
    const count = 230;
    await Promise.all(Array.from({ length: count }, () => sessions.start({ operator: null, principalId: null })));
    const kept = await sessions.start({ operator: null, principalId: null });
    later(CONSOLE_SESSION_IDLE_MS - 1);
    expect(await sessions.open(kept.id, null)).not.toBeNull(); // used now: open an hour more
    later(2);
    expect(await sessions.removeExpired()).toBe(count);
    expect(await rows()).toHaveLength(1);
    expect(await sessions.open(kept.id, null)).not.toBeNull();
  });

  it('signs out: the session is deleted, and ending it twice or ending an unknown one is no error', async () => {
    const { sessions, rows } = await someSessions();
    const { id } = await sessions.start({ operator: null, principalId: null });
    await sessions.end(id);
    await sessions.end(id);
    await sessions.end('made-up');
    expect(await sessions.open(id, null)).toBeNull();
    expect(await rows()).toEqual([]);
  });
});

describe('TableSignInAttempts', () => {
  it('counts failed attempts per address, exactly when they arrive at once, and frees them as the window passes', async () => {
    const { sessions, later } = await someSessions({ attempts: 3, windowMs: 15 * MINUTE });
    const answers = await Promise.all(Array.from({ length: 8 }, () => sessions.attempt('203.0.113.7')));
    expect(answers.filter((a) => a.allowed)).toHaveLength(3);
    const refused = answers.find((a) => !a.allowed);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 + 1 });
    expect((await sessions.attempt('198.51.100.1')).allowed).toBe(true); // another address has its own
    later(15 * MINUTE + 1);
    expect((await sessions.attempt('203.0.113.7')).allowed).toBe(true);
  });

  it('does not count an attempt that succeeded', async () => {
    const { sessions } = await someSessions({ attempts: 2 });
    for (let i = 0; i < 5; i++) {
      const admission = await sessions.attempt('203.0.113.8');
      if (!admission.allowed) throw new Error(`attempt ${i} refused`);
      await admission.succeeded();
    }
    expect((await sessions.attempt('203.0.113.8')).allowed).toBe(true);
    expect((await sessions.attempt('203.0.113.8')).allowed).toBe(true);
    expect((await sessions.attempt('203.0.113.8')).allowed).toBe(false);
  });
});
