// Storage faults as the use cases see them: what a port may throw, whatever adapter is behind it.

/** Storage did not answer in time or failed: the caller answers 503 and the client retries. */
export class StorageUnavailable extends Error {
  constructor(cause?: unknown) {
    super('storage is unavailable', { cause });
    this.name = 'StorageUnavailable';
  }
}

/**
 * Storage is up but did not answer in time, or said it is too busy (throttled): a fault that load
 * brings on, where a missing table or a refused connection does not.
 */
export class StorageBusy extends StorageUnavailable {
  constructor(cause?: unknown) {
    super(cause);
    this.name = 'StorageBusy';
  }
}

/** An optimistic-concurrency write lost the race (HTTP 412 on If-Match). */
export class ConcurrencyConflict extends Error {
  constructor() {
    super('the entity changed since it was read');
    this.name = 'ConcurrencyConflict';
  }
}
