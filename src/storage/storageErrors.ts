// Storage faults the services care about, translated once from the SDKs' RestError.
import { StorageUnavailable, ConcurrencyConflict } from '../services/storageFaults';

// The port this adapter implements; its importers keep finding it here.
export { StorageUnavailable, ConcurrencyConflict } from '../services/storageFaults';

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
