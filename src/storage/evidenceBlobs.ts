// Blob Storage adapter for the evidence files' bytes: one private container, a blob per file
// (`<confirmation number>/<file id>`). Bytes are staged as blocks while they stream in, at most one
// block held at a time, and become a blob only when the block list is committed: a file refused
// half-way leaves uncommitted blocks that nobody can read and the service drops after a week.

import type { ContainerClient } from '@azure/storage-blob';
import type { EvidenceType } from '../domain/evidenceFile';
import type { EvidenceBlobs, ScanResult, StagedBlob } from '../services/evidenceStore';
import { asStorageFault, statusOf } from './storageErrors';
import { deadline } from './storageClients';

/** A staged block's size: large enough for few requests, small enough that one held block costs little. */
export const BLOCK_BYTES = 4 * 1024 * 1024;

// Defender for Storage's index tag on each blob it scanned, and the values it writes for a clean blob
// and for a malicious one; any other value names a scan that failed.
const SCAN_RESULT_TAG = 'Malware Scanning scan result';
const SCAN_CLEAN = 'No threats found';
const SCAN_MALICIOUS = 'Malicious';

/** A block's own deadline: 4 MiB on a slow link takes longer than a table write. */
const BLOCK_DEADLINE_MS = 30_000;

export class AzureEvidenceBlobs implements EvidenceBlobs {
  private made: Promise<void> | null = null;

  constructor(private readonly container: ContainerClient) {}

  /**
   * The container, made on the first file rather than with the tables at start: only the evidence
   * routes need it (in Azure Bicep made it; locally Azurite starts empty). A read before any file
   * was written finds nothing, as it should, without it.
   */
  private containerMade(): Promise<void> {
    this.made ??= this.container.createIfNotExists({ abortSignal: deadline() }).then(
      () => undefined,
      (error: unknown) => {
        this.made = null; // try again with the next file
        throw asStorageFault(error);
      },
    );
    return this.made;
  }

  async stage(name: string, chunks: AsyncIterable<Uint8Array>): Promise<StagedBlob> {
    await this.containerMade();
    const blob = this.container.getBlockBlobClient(name);
    const blockIds: string[] = [];
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = async (): Promise<void> => {
      if (pendingBytes === 0) return;
      const body = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
      // Ids of one length, as Blob Storage requires within a blob.
      const id = Buffer.from(`block-${String(blockIds.length).padStart(6, '0')}`).toString('base64');
      pending = [];
      pendingBytes = 0;
      try {
        await blob.stageBlock(id, body, body.length, { abortSignal: deadline(BLOCK_DEADLINE_MS) });
      } catch (error) {
        throw asStorageFault(error);
      }
      blockIds.push(id);
    };
    for await (const chunk of chunks) {
      // A large chunk (a body the host handed over whole) is cut into blocks without copying it.
      for (let at = 0; at < chunk.length;) {
        const take = Math.min(chunk.length - at, BLOCK_BYTES - pendingBytes);
        pending.push(chunk.subarray(at, at + take));
        pendingBytes += take;
        at += take;
        if (pendingBytes === BLOCK_BYTES) await flush();
      }
    }
    await flush();
    return { name, blockIds };
  }

  async commit(staged: StagedBlob, contentType: EvidenceType): Promise<void> {
    try {
      await this.container.getBlockBlobClient(staged.name).commitBlockList(staged.blockIds, {
        blobHTTPHeaders: { blobContentType: contentType, blobContentDisposition: 'attachment' },
        abortSignal: deadline(),
      });
    } catch (error) {
      throw asStorageFault(error);
    }
  }

  async remove(name: string): Promise<void> {
    try {
      await this.container.getBlobClient(name).deleteIfExists({ abortSignal: deadline() });
    } catch (error) {
      throw asStorageFault(error);
    }
  }

  async scanResult(name: string): Promise<ScanResult> {
    try {
      const { tags } = await this.container.getBlobClient(name).getTags({ abortSignal: deadline() });
      const value = tags[SCAN_RESULT_TAG];
      if (value === undefined) return { verdict: 'none' };
      if (value === SCAN_CLEAN) return { verdict: 'clean' };
      return value === SCAN_MALICIOUS ? { verdict: 'malicious' } : { verdict: 'failed', detail: value.slice(0, 200) };
    } catch (error) {
      if (statusOf(error) === 404) return { verdict: 'none' };
      throw asStorageFault(error);
    }
  }

  async read(name: string): Promise<AsyncIterable<Uint8Array>> {
    try {
      const response = await this.container.getBlobClient(name).download(0, undefined, { abortSignal: deadline(60_000) });
      const body = response.readableStreamBody;
      if (!body) throw new Error('the blob answered without a body');
      return body as AsyncIterable<Uint8Array>;
    } catch (error) {
      throw asStorageFault(error);
    }
  }
}
