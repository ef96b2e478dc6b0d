// The reporter's way back to a ticket, written once for the emails (notifier) and the pages.

/** The ticket's route: its status page for a browser, its JSON for everyone else. */
export function ticketPath(confirmationNumber: string): string {
  return `/api/tickets/${encodeURIComponent(confirmationNumber)}`;
}

/**
 * The reporter's status-page link for a ticket: the GET route with the token after `#`
 * (`#token=…`). A browser never sends the fragment, so the token stays out of every URL the
 * Functions host records; the page's script reads it and sends it as a bearer header.
 */
export function statusPath(confirmationNumber: string, accessToken: string): string {
  return `${ticketPath(confirmationNumber)}#token=${encodeURIComponent(accessToken)}`;
}
