// POST /api/tickets from the browser with the report's Idempotency-Key (reportKey.ts): a double
// click, a retry after a lost answer, or a 409 "still processing" can never make a second ticket.

import type { CvssScore } from '../../src/domain/cvss';
import type { CodedFieldError } from '../../src/web/i18n';

export interface Created {
  confirmationNumber: string;
  status: string;
  submittedAt: string;
  acknowledgeBy: string;
  cvss: CvssScore | null;
  statusUrl: string;
  /** the ticket's access token, which the report's files are sent with (evidenceUpload.ts) */
  accessToken: string;
}

export type SubmitOutcome =
  | { kind: 'created'; ticket: Created }
  | { kind: 'invalid'; errors: CodedFieldError[]; detail?: string }
  | { kind: 'key-reused' }
  | { kind: 'failed'; status: number }
  | { kind: 'offline' };

const TIMEOUT_MS = 30_000;
const MAX_IN_PROGRESS_RETRIES = 5;

/** The API's origin: `<meta name="api-base">` when the page is hosted apart from the Functions app. */
export function apiBase(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="api-base"]');
  return (meta?.content ?? '').trim().replace(/\/+$/, '');
}

/** A fresh key; randomUUID needs a secure context, so plain http on a LAN name falls back. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Sends the submission; a 409 (the same key still in progress) is retried after its Retry-After. */
export async function submitTicket(input: unknown, idempotencyKey: string): Promise<SubmitOutcome> {
  const body = JSON.stringify(input);
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(`${apiBase()}/api/tickets`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': idempotencyKey },
        body,
        credentials: 'omit',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch {
      return { kind: 'offline' };
    }
    if (response.status === 201 || response.status === 200) {
      return { kind: 'created', ticket: (await response.json()) as Created };
    }
    if (response.status === 409 && attempt < MAX_IN_PROGRESS_RETRIES) {
      const seconds = Number(response.headers.get('Retry-After'));
      await new Promise((resolve) => setTimeout(resolve, 1000 * (Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 10) : 1)));
      continue;
    }
    if (response.status === 422) return { kind: 'key-reused' };
    if (response.status === 400) {
      const problem = (await response.json().catch(() => ({}))) as { detail?: string; errors?: unknown };
      const errors = Array.isArray(problem.errors) ? problem.errors.filter(isFieldError) : [];
      return { kind: 'invalid', errors, ...(typeof problem.detail === 'string' && problem.detail ? { detail: problem.detail } : {}) };
    }
    return { kind: 'failed', status: response.status };
  }
}

/** An item of a problem's errors[] this page can show: a path and an English message at least (code and params are checked where they are worded). */
function isFieldError(item: unknown): item is CodedFieldError {
  if (typeof item !== 'object' || item === null) return false;
  const { path, message, code } = item as Record<string, unknown>;
  return typeof path === 'string' && typeof message === 'string' && (code === undefined || typeof code === 'string');
}

/** The status page address from the answer, absolute against the API's origin. */
export function statusHref(statusUrl: string): string {
  return new URL(statusUrl, apiBase() || location.href).href;
}
