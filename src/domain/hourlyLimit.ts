// "At most N in any hour" over instants a ticket already stores (its messages, its notice's
// versions): no counter of its own, so the count cannot drift from what was written.

export const HOUR_MS = 3_600_000;

/**
 * Seconds until one more fits, when `limit` of `instants` (epoch ms) fall within the hour before
 * `now` (epoch ms); null while fewer do. At least 1, for a `Retry-After` header.
 */
export function secondsUntilHourlyRoom(instants: readonly number[], limit: number, now: number): number | null {
  const recent = instants.filter((t) => t > now - HOUR_MS).sort((a, b) => a - b);
  if (recent.length < limit) return null;
  const freesFirst = recent[recent.length - limit] as number;
  return Math.max(1, Math.ceil((freesFirst + HOUR_MS - now) / 1000));
}
