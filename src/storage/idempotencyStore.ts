// Idempotency-Key records (IETF httpapi draft semantics). The key itself is never stored: the row
// is addressed by its SHA-256, and the record holds what a replay needs to answer the same way.

import type { TableClient, TableEntity } from '@azure/data-tables';
import { asStorageFault, isAlreadyExists, statusOf } from './storageErrors';
import { deadline } from './storageClients';
import {
  IDEMPOTENCY_RETENTION_MS,
  IN_PROGRESS_TAKEOVER_MS,
  type IdempotencyClaim,
  type IdempotencyOutcome,
  type IdempotencyStore,
} from '../services/idempotencyStore';

// The port this adapter implements; its importers keep finding it here.
export { IDEMPOTENCY_RETENTION_MS, IN_PROGRESS_TAKEOVER_MS } from '../services/idempotencyStore';
export type { IdempotencyClaim, IdempotencyOutcome, IdempotencyStore } from '../services/idempotencyStore';

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
