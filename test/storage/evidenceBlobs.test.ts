// The evidence files' Blob adapter against real Azurite: bytes are staged block by block as they
// arrive, never gathered whole (checked by what Azurite holds while the source is still being
// read, not by time), become a blob only when committed, and come back as they went in.

import { createHash, randomBytes } from 'node:crypto';
import { ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage } from '@security-event-intake/local-host/testing';
import { AzureEvidenceBlobs, BLOCK_BYTES } from '../../src/storage/evidenceBlobs';

const MiB = 1024 * 1024;
let container: ContainerClient;

beforeAll(async () => {
  const { connectionString } = await startTestStorage();
  container = new ContainerClient(connectionString, `evidence${randomBytes(4).toString('hex')}`);
  await container.create();
});
afterAll(async () => (await startTestStorage()).stop());

const CHUNK = 64 * 1024;

/** 10 MiB in 64 KiB chunks, made as they are asked for; before each, `observe` is told how many bytes went out already. */
async function* tenMiB(observe: (handedOut: number) => Promise<void>): AsyncIterable<Uint8Array> {
  for (let handedOut = 0; handedOut < 10 * MiB; handedOut += CHUNK) {
    await observe(handedOut);
    yield Buffer.alloc(CHUNK, handedOut / CHUNK);
  }
}

async function stagedBytes(name: string): Promise<number> {
  try {
    const list = await container.getBlockBlobClient(name).getBlockList('uncommitted');
    return (list.uncommittedBlocks ?? []).reduce((n, b) => n + b.size, 0);
  } catch {
    return 0; // nothing staged yet
  }
}

describe('staging evidence bytes', () => {
  it('stages a 10 MiB file in blocks while it is read, holding at most one block that is not in Azurite yet', async () => {
    const blobs = new AzureEvidenceBlobs(container);
    const name = 'SE-TEST/streamed';
    let most = 0;
    const hash = createHash('sha256');
    const source = tenMiB(async (handedOut) => {
      most = Math.max(most, handedOut - (await stagedBytes(name)));
    });
    const hashed = (async function* () {
      for await (const chunk of source) {
        hash.update(chunk);
        yield chunk;
      }
    })();
    const staged = await blobs.stage(name, hashed);
    expect(staged.blockIds).toHaveLength(Math.ceil((10 * MiB) / BLOCK_BYTES));
    // What the adapter had taken from the source but Azurite did not hold: never more than one block.
    expect(most).toBeLessThanOrEqual(BLOCK_BYTES);
    expect(await container.getBlobClient(name).exists()).toBe(false); // staged is not stored
    await blobs.commit(staged, 'text/plain; charset=utf-8');
    const properties = await container.getBlobClient(name).getProperties();
    expect(properties.contentLength).toBe(10 * MiB);
    expect(properties.contentType).toBe('text/plain; charset=utf-8');
    const back = createHash('sha256');
    for await (const chunk of await blobs.read(name)) back.update(chunk);
    expect(back.digest('hex')).toBe(hash.digest('hex'));
  });

  it('leaves no blob when the source fails half-way', async () => {
    const blobs = new AzureEvidenceBlobs(container);
    const name = 'SE-TEST/refused';
    const failing = (async function* () {
      yield Buffer.alloc(5 * MiB, 1);
      throw new Error('refused half-way');
    })();
    await expect(blobs.stage(name, failing)).rejects.toThrow('refused half-way');
    expect(await container.getBlobClient(name).exists()).toBe(false);
    expect(await blobs.scanResult(name)).toEqual({ verdict: 'none' });
  });
});
