// Random bytes from a pool. Each `crypto.randomBytes` call is a job of its own through Node's crypto
// binding, several microseconds even for 4 bytes, and a submission needs three (its number, its
// token, its history row); filling 4 KiB at a time costs one such call per hundred submissions.
// Node's own randomUUID pools the same way. Every byte is handed out once, then the pool is refilled.

import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4_096;
const pool = Buffer.alloc(POOL_BYTES);
let next = POOL_BYTES;

/** `n` bytes from the system's CSPRNG, in a Buffer of their own (a copy: the pool is reused). */
export function randomBytes(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randomBytes needs a whole number of bytes, not ${n}`);
  if (n > POOL_BYTES / 4) return randomFillSync(Buffer.alloc(n));
  if (next + n > POOL_BYTES) {
    randomFillSync(pool);
    next = 0;
  }
  const bytes = Buffer.from(pool.subarray(next, next + n));
  // Handed out: wipe the pool's copy, so the bytes live only where they went.
  pool.fill(0, next, next + n);
  next += n;
  return bytes;
}
