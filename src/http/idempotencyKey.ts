// The Idempotency-Key of POST /api/tickets: a replay with the same key and the same request gets
// the same ticket (README, "Submit a security event").

import type { HttpRequest } from '@azure/functions';
import { sha256Hex } from '../services/accessTokens';
import { ProblemError } from './problems';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key, or null when it has none; a 400 problem when it is malformed. */
export function idempotencyKeyOf(request: HttpRequest): string | null {
  const idempotencyKey = request.headers.get('idempotency-key');
  if (idempotencyKey !== null && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new ProblemError(400, 'Invalid Idempotency-Key', 'An Idempotency-Key has 1 to 255 visible ASCII characters.');
  }
  return idempotencyKey;
}

/** What a replay must match to be the same request: the body's kind and what it said, once validated. */
export function requestFingerprint(kind: 'json' | 'form', submission: unknown): string {
  return sha256Hex(`${kind}\n${JSON.stringify(submission)}`);
}
