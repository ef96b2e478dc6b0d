// The ports the evidence files' use cases store through: the bytes in a private Blob container
// (src/storage/evidenceBlobs.ts) and a metadata row per file in the ticket's own partition beside
// its history (src/storage/evidenceStore.ts). Bytes never go into a table.

import type { EvidenceFile, EvidenceType, ScanState } from '../domain/evidenceFile';
import type { HistoryEntry } from '../domain/ticket';
import type { StoredTicket } from './ticketStore';

export interface EvidenceStore {
  /** The ticket's files, oldest first. */
  files(confirmationNumber: string): Promise<EvidenceFile[]>;
  /**
   * Writes a file's row with its history entry under the ticket row's ETag and returns the entry's
   * event id (the ticket store's nextEventId(stored)); ConcurrencyConflict when the ticket changed
   * since `stored` was read (another file may have been added: the limits are checked again).
   */
  add(stored: StoredTicket, file: EvidenceFile, entry: HistoryEntry): Promise<string>;
  /** Records a `pending` file's verdict; true for the one call that changed it, false when it was recorded already. */
  recordScan(confirmationNumber: string, id: string, scan: Exclude<ScanState, 'pending'>): Promise<boolean>;
}

/** What the malware scanner said of a blob; `failed` with the scanner's words when it could not scan it. */
export type ScanResult = { verdict: 'none' | 'clean' | 'malicious' } | { verdict: 'failed'; detail: string };

/** Blocks staged for a blob, not yet a blob: until commit() nobody can read them, and the service drops them after a week. */
export interface StagedBlob {
  name: string;
  blockIds: string[];
}

export interface EvidenceBlobs {
  /**
   * Stages the chunks as blocks of at most a few MiB as they arrive (never more than one block
   * held); a chunk source that throws stops it, and what was staged never becomes a blob.
   */
  stage(name: string, chunks: AsyncIterable<Uint8Array>): Promise<StagedBlob>;
  /** Makes the staged blocks the blob, with the type it is served with. */
  commit(staged: StagedBlob, contentType: EvidenceType): Promise<void>;
  /** Deletes the blob if it exists (a committed file whose row could not be written). */
  remove(name: string): Promise<void>;
  /** The malware scanner's verdict on the blob: `none` while there is none yet (the scan runs after the upload). */
  scanResult(name: string): Promise<ScanResult>;
  /** The blob's bytes, as a stream. */
  read(name: string): Promise<AsyncIterable<Uint8Array>>;
}
