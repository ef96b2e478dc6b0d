// The port intake asks before it stores a submission: may this client submit once more now?
// SUBMISSION_LIMIT_PER_CLIENT_MINUTE submissions in any minute from one client address (at least
// 100); over it, 429 with Retry-After and nothing stored (README, "Abuse protection"; the 429 of
// POST /api/tickets in openapi/openapi.json).

export type SubmissionAdmission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface SubmissionAllowance {
  /**
   * Takes one of `client`'s submissions for the current minute, at `at`; when none is left, says
   * in how many whole seconds (at least 1) the next one frees. `client` is the key the HTTP layer
   * derived from the platform's client address. Throws StorageBusy when storage is slow or
   * throttled, StorageUnavailable when it fails otherwise.
   */
  take(client: string, at: Date): Promise<SubmissionAdmission>;
}
