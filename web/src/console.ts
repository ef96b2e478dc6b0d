// The operators' console in the browser (served by the app as /api/console.js). The queue page
// works without it; this script only refreshes the list in place every 30 seconds (the same
// address with the page's filters, asked for as a refresh so the operator's last look stays where
// it was) and announces tickets that arrived meanwhile in the page's polite live region, in the
// page's language (the texts come with the page). It stops when the session has ended (the answer
// is no queue any more) and waits while the tab is hidden. The keyboard focus stays where it was.

const REFRESH_MS = 30_000;

function queueNumbers(root: ParentNode): Set<string> {
  return new Set([...root.querySelectorAll<HTMLElement>('#queue [data-confirmation-number]')].map((item) => item.dataset.confirmationNumber ?? ''));
}

function announce(live: HTMLElement, fresh: number): void {
  const template = fresh === 1 ? live.dataset.newOne : live.dataset.newMany;
  if (!template) return;
  // A changed text is announced; the same text twice in a row would not be, so it is cleared first.
  live.textContent = '';
  window.setTimeout(() => {
    live.textContent = template.replace('{n}', String(fresh));
  }, 50);
}

/** Replaces the queue's list with the one the server answers now; false when there is none (signed out). */
async function refresh(queue: HTMLElement, live: HTMLElement): Promise<boolean> {
  const address = queue.dataset.refresh;
  if (!address) return false;
  const response = await fetch(address, { headers: { Accept: 'text/html', 'X-Console-Refresh': '1' }, credentials: 'same-origin', cache: 'no-store' });
  // A failing answer leaves the list as it is until the next turn.
  if (!response.ok || !(response.headers.get('content-type') ?? '').startsWith('text/html')) return true;
  const next = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById('queue');
  if (!next) return false;
  const before = queueNumbers(document);
  const focused =
    document.activeElement instanceof HTMLElement && queue.contains(document.activeElement)
      ? document.activeElement.closest<HTMLElement>('[data-confirmation-number]')
      : null;
  const keep = focused?.dataset.confirmationNumber;
  queue.replaceChildren(...[...next.childNodes].map((node) => document.importNode(node, true)));
  if (keep) queue.querySelector<HTMLElement>(`[data-confirmation-number="${CSS.escape(keep)}"] a`)?.focus();
  const fresh = [...queueNumbers(document)].filter((n) => !before.has(n)).length;
  if (fresh > 0) announce(live, fresh);
  return true;
}

function start(): void {
  const queue = document.getElementById('queue');
  const live = document.getElementById('queue-live');
  if (!queue || !live || !queue.dataset.refresh) return;
  let running = false;
  const timer = window.setInterval(() => {
    if (running || document.hidden) return;
    running = true;
    refresh(queue, live)
      .then((goOn) => {
        if (!goOn) window.clearInterval(timer);
      })
      // A network hiccup: the list stays as it is, and the next turn tries again.
      .catch(() => undefined)
      .finally(() => {
        running = false;
      });
  }, REFRESH_MS);
}

start();
