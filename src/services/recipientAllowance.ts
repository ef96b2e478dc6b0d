// The port the notifier asks before it sends: may one more email go to this address now?
// At most EMAIL_HOURLY_LIMIT_PER_RECIPIENT emails to one address in any hour, whatever the number
// of tickets; beyond that the ticket is accepted and its email held back (README, "Abuse protection").

export type RecipientDecision = 'allowed' | 'held-back';

export interface RecipientAllowance {
  /**
   * Takes one of `address`'s emails for this hour for the email `emailId` (use the email's own id,
   * `emailOperationId(...)`), at `at`. Idempotent per email id: asking again for the same id
   * answers what the first ask answered and takes no second slot, so a retried queue message
   * neither uses up the allowance nor sends what was held back. The address is compared without
   * regard to case or surrounding spaces. Throws StorageUnavailable when storage fails (the
   * caller's queue retries), ConcurrencyConflict when it lost too many races in a row.
   */
  take(address: string, emailId: string, at: Date): Promise<RecipientDecision>;
  /**
   * Whether operators should now be told that emails to `address` are held back: true at most
   * once an hour per address, whatever the number of instances asking.
   */
  firstHoldBackThisHour(address: string, at: Date): Promise<boolean>;
}
