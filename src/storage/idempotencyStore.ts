// Idempotency-Key records (IETF httpapi draft semantics). The key itself is never stored: the row
// is addressed by its SHA-256, and the record holds what a replay needs to answer the same way.

import type { TableClient, TableEntity } from '@azure/data-tables';
import { asStorageFault, isAlreadyExists, statusOf } from './storageErrors';
import { deadline } from './storageClients';

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

interface Row extends TableEntity {
  BodyHash: string;
  ConfirmationNumber: string;
  TokenSalt: string;
  State: 'pending' | 'done';
  ClaimedAt: string;
}

const ROW = 'key';

export class TableIdempotencyStore implements IdempotencyStore {
  constructor(private readonly table: TableClient) {}

  async claim(claim: IdempotencyClaim, now: Date): Promise<IdempotencyOutcome> {
    const row: Row = {
      partitionKey: claim.keyHash,
      rowKey: ROW,
      BodyHash: claim.bodyHash,
      ConfirmationNumber: claim.confirmationNumber,
      TokenSalt: claim.tokenSalt,
      State: 'pending',
      ClaimedAt: now.toISOString(),
    };
    try {
      await this.table.createEntity(row, { abortSignal: deadline() });
      return { kind: 'claimed' };
    } catch (error) {
      if (!isAlreadyExists(error)) throw asStorageFault(error);
    }
    const existing = await this.read(claim.keyHash);
    if (!existing) return this.claim(claim, now);
    const age = now.getTime() - Date.parse(existing.ClaimedAt);
    if (age > IDEMPOTENCY_RETENTION_MS) {
      // An expired key is a new request: replace the old record, guarded by its ETag.
      try {
        await this.table.updateEntity(row, 'Replace', { etag: existing.etag, abortSignal: deadline() });
        return { kind: 'claimed' };
      } catch (error) {
        if (statusOf(error) === 412) return { kind: 'in-progress' };
        throw asStorageFault(error);
      }
    }
    if (existing.BodyHash !== claim.bodyHash) return { kind: 'mismatch' };
    if (existing.State === 'done') {
      return { kind: 'completed', confirmationNumber: existing.ConfirmationNumber, tokenSalt: existing.TokenSalt };
    }
    if (age < IN_PROGRESS_TAKEOVER_MS) return { kind: 'in-progress' };
    return { kind: 'resumed', confirmationNumber: existing.ConfirmationNumber, tokenSalt: existing.TokenSalt };
  }

  async complete(keyHash: string): Promise<void> {
    try {
      await this.table.updateEntity({ partitionKey: keyHash, rowKey: ROW, State: 'done' }, 'Merge', { abortSignal: deadline() });
    } catch (error) {
      throw asStorageFault(error);
    }
  }

  async release(keyHash: string): Promise<void> {
    try {
      await this.table.deleteEntity(keyHash, ROW, { abortSignal: deadline() });
    } catch (error) {
      if (statusOf(error) !== 404) throw asStorageFault(error);
    }
  }

  async completed(keyHash: string, bodyHash: string, now: Date): Promise<{ confirmationNumber: string; tokenSalt: string } | null> {
    const existing = await this.read(keyHash);
    if (!existing || existing.State !== 'done' || existing.BodyHash !== bodyHash) return null;
    if (now.getTime() - Date.parse(existing.ClaimedAt) > IDEMPOTENCY_RETENTION_MS) return null;
    return { confirmationNumber: existing.ConfirmationNumber, tokenSalt: existing.TokenSalt };
  }

  private async read(keyHash: string): Promise<(Row & { etag: string }) | null> {
    try {
      return await this.table.getEntity<Row>(keyHash, ROW, { abortSignal: deadline() });
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw asStorageFault(error);
    }
  }
}
