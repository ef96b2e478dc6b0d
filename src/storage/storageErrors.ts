// Storage faults the services care about, translated once from the SDKs' RestError.

/** Storage did not answer in time or failed: the caller answers 503 and the client retries. */
export class StorageUnavailable extends Error {
  constructor(cause?: unknown) {
    super('storage is unavailable', { cause });
    this.name = 'StorageUnavailable';
  }
}

/** An optimistic-concurrency write lost the race (HTTP 412 on If-Match). */
export class ConcurrencyConflict extends Error {
  constructor() {
    super('the entity changed since it was read');
    this.name = 'ConcurrencyConflict';
  }
}

export function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const status = (error as { statusCode?: unknown }).statusCode;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}

/** Whether a transaction failed because an entity it creates already exists. */
export function isAlreadyExists(error: unknown): boolean {
  if (statusOf(error) === 409) return true;
  const code = (error as { code?: unknown })?.code;
  return code === 'EntityAlreadyExists';
}

/** Maps anything that is not an expected outcome to StorageUnavailable, keeping the cause for logs. */
export function asStorageFault(error: unknown): Error {
  if (error instanceof StorageUnavailable || error instanceof ConcurrencyConflict) return error;
  if (statusOf(error) === 412) return new ConcurrencyConflict();
  return new StorageUnavailable(error);
}
