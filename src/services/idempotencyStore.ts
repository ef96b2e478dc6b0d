// The port of Idempotency-Key records (IETF httpapi draft semantics); the Table adapter is
// src/storage/idempotencyStore.ts.

/** Keys are honoured at least this long (the 48 hours of README and openapi/openapi.json, Idempotency-Key). */
export const IDEMPOTENCY_RETENTION_MS = 48 * 60 * 60 * 1000;

/** A first request still "in progress" after this long has died: a retry may take it over. */
export const IN_PROGRESS_TAKEOVER_MS = 30 * 1000;

export interface IdempotencyClaim {
  keyHash: string;
  bodyHash: string;
  confirmationNumber: string;
  /** base64url secret from which the access token is derived, so a replay can hand it out again */
  tokenSalt: string;
}

export type IdempotencyOutcome =
  | { kind: 'claimed' }
  | { kind: 'completed'; confirmationNumber: string; tokenSalt: string }
  /** the first request died midway: finish its work under the same number */
  | { kind: 'resumed'; confirmationNumber: string; tokenSalt: string }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' };

export interface IdempotencyStore {
  claim(claim: IdempotencyClaim, now: Date): Promise<IdempotencyOutcome>;
  complete(keyHash: string): Promise<void>;
  /** Gives up a claim whose request stored nothing, so the key is free at once. */
  release(keyHash: string): Promise<void>;
  /** The finished request this key and body stand for, without claiming anything; null when there is none. */
  completed(keyHash: string, bodyHash: string, now: Date): Promise<{ confirmationNumber: string; tokenSalt: string } | null>;
}
