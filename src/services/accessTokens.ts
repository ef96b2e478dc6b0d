// Access tokens for the status page. Only SHA-256 hashes are stored; comparison is constant-time.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { randomBytes } from './randomBytes';

/**
 * How long a status page's own token (the one its cookie carries to the page's forms) opens the
 * ticket: time to write a notice or a message. An email's token has no end, so the reporter can
 * look at any time; a page's token is handed to a browser and would otherwise outlive its cookie
 * for good.
 */
export const PAGE_TOKEN_LIFETIME_MS = 2 * 60 * 60 * 1000;

/** A fresh token: 256 random bits, URL-safe. */
export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The token of a submission made with an Idempotency-Key: derived from the key and a stored random
 * salt, so a replay can hand out the same token while storage holds neither the key nor the token.
 */
export function tokenForIdempotentSubmission(idempotencyKey: string, salt: string): string {
  return createHmac('sha256', Buffer.from(salt, 'base64url')).update(idempotencyKey, 'utf8').digest('base64url');
}

export function newTokenSalt(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Whether a stored token hash is the presented one, compared in constant time. As strings, not
 * decoded hex: a stored value that is no hash cannot shorten the comparison to a common prefix.
 */
export function tokenHashMatches(stored: string, presented: string): boolean {
  const [a, b] = [Buffer.from(stored, 'utf8'), Buffer.from(presented, 'utf8')];
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

export function sha256Hex(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex');
}
