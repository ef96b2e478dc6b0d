// Storage faults the services care about, translated once from the SDKs' RestError.
import { StorageBusy, StorageUnavailable, ConcurrencyConflict } from '../services/storageFaults';

// The port this adapter implements; its importers keep finding it here.
export { StorageBusy, StorageUnavailable, ConcurrencyConflict } from '../services/storageFaults';

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
  if (isBusy(error)) return new StorageBusy(error);
  return new StorageUnavailable(error);
}

/**
 * Whether storage is slow rather than broken: the operation's deadline passed (an AbortError), or
 * Table Storage answered 503 ServerBusy (throttled, e.g. a partition over its scalability target)
 * or 500 OperationTimedOut.
 */
function isBusy(error: unknown): boolean {
  if (error instanceof Error && error.name === 'AbortError') return true;
  const code = (error as { code?: unknown })?.code;
  return statusOf(error) === 503 || code === 'ServerBusy' || code === 'OperationTimedOut';
}
