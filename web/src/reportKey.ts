// One Idempotency-Key per report, not per page load. It is kept in sessionStorage (this tab only,
// gone with it) with a hash of the report it was sent with, so a form that is loaded again (Back
// after the confirmation, a reload, a restored tab) and sent again with the same report replays
// the same ticket (200, the same number) instead of making a second one. A different report after
// a confirmation gets a key of its own; "Report another event" forgets the kept one.

import { newIdempotencyKey } from './ticketApi';

const STORAGE_KEY = 'security-event-form.report';

interface KeptReport {
  key: string;
  /** a hash of the JSON body the key was last sent with: the report itself stays out of storage */
  body: string;
  /** whether the service answered with the ticket for this key */
  confirmed: boolean;
}

// Without sessionStorage (switched off) the key lasts for this page load, as before.
let inMemory: KeptReport | null = null;

/** The key to send `body` with: the kept one while its report is not confirmed, or is this very report; else a new one. */
export function reportKeyFor(body: string): string {
  const hash = bodyHash(body);
  const kept = read();
  if (kept && (!kept.confirmed || kept.body === hash)) {
    write({ ...kept, body: kept.confirmed ? kept.body : hash });
    return kept.key;
  }
  const key = newIdempotencyKey();
  write({ key, body: hash, confirmed: false });
  return key;
}

/** The service made (or replayed) the ticket for `body`: its key now stands for that ticket. */
export function confirmReport(body: string): void {
  const kept = read();
  if (kept) write({ ...kept, body: bodyHash(body), confirmed: true });
}

/** No ticket was made with the kept key (refused), or the reporter moves on to another report. */
export function forgetReport(): void {
  inMemory = null;
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage off: the in-memory copy was all there was.
  }
}

function read(): KeptReport | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (raw === null) return inMemory;
    const value = JSON.parse(raw) as Partial<KeptReport>;
    return typeof value.key === 'string' && typeof value.body === 'string' && typeof value.confirmed === 'boolean'
      ? { key: value.key, body: value.body, confirmed: value.confirmed }
      : null;
  } catch {
    return inMemory;
  }
}

function write(kept: KeptReport): void {
  inMemory = kept;
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(kept));
  } catch {
    // Storage off or full: the in-memory copy serves this page load.
  }
}

// cyrb53: a fast 53-bit string hash. Equality is all it is used for; it is no secret.
function bodyHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
