// The status page in the browser (served by the app as /api/status-page.js). The email's link
// carries the access token after `#` (`/api/tickets/{n}#token=…`), which the browser never sends:
// the server answered the page that asks for the code. This script takes the token from the
// fragment, removes it from the address bar at once, fetches the same page with
// `Authorization: Bearer <token>` and shows it in place. An older link with `?token=` was answered
// with the status page already; its query leaves the address bar too (the host logged it anyway).
// Without this script the page's form posts the code, and the answer is the status page. The
// page's own forms post with the status cookie and their hidden CSRF field (src/http/statusPages.ts).
//
// The server writes every instant in the support calendar's zone (UTC unless configured), named,
// with UTC beside; this script puts each `<time datetime>` of the status page into the reader's
// own zone, as the browser tells it, keeping UTC beside.

import { formatInstantBesideUtc } from '../../src/web/instants';

const TOKEN_IN_FRAGMENT = /(?:^|&)token=([^&]*)/;

function tokenIn(fragment: string): string | null {
  const match = TOKEN_IN_FRAGMENT.exec(fragment.replace(/^#/, ''));
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/** The token this script took from the link and showed the page with: the reply form sends it too. */
let pageToken: string | null = null;

/** Shows the page the server answers for `address` with the bearer token, in place of this one. */
async function showWithToken(address: URL, token: string): Promise<void> {
  const form = document.getElementById('token-form') as HTMLFormElement;
  const loading = document.getElementById('token-loading');
  const failed = document.getElementById('token-failed');
  form.hidden = true;
  if (loading) loading.hidden = false;
  try {
    const response = await fetch(`${address.pathname}${address.search}`, {
      headers: { Accept: 'text/html', Authorization: `Bearer ${token}` },
      // same-origin: the page's answer sets the status cookie its plain forms post with (the
      // customer notice's), which the page shown in place keeps using.
      credentials: 'same-origin',
      cache: 'no-store',
    });
    if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) throw new Error(`status ${response.status}`);
    // The status page, or the same 404 page as for any wrong token.
    const next = new DOMParser().parseFromString(await response.text(), 'text/html');
    document.documentElement.lang = next.documentElement.lang;
    document.title = next.title;
    document.body.replaceWith(next.body);
    showTimesInReaderZone();
    if (response.ok) {
      pageToken = token;
      hideCodeField();
    }
    // A new page in place of the old one: its heading gets the focus, so a screen reader reads
    // where the content begins (as the form's own confirmation does).
    const heading = document.querySelector<HTMLElement>('main h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  } catch {
    // Offline or a server error: the form, with the code filled in, posts it when the reader is ready.
    if (loading) loading.hidden = true;
    if (failed) failed.hidden = false;
    const field = form.elements.namedItem('token');
    if (field instanceof HTMLInputElement) field.value = token;
    form.hidden = false;
  }
}

/** Takes the token out of the address bar; shows the ticket in place of the page asking for it. */
function takeTokenFromAddress(): void {
  const address = new URL(location.href);
  const token = tokenIn(address.hash);
  const queryToken = address.searchParams.has('token');
  if (token !== null) address.hash = '';
  if (queryToken) address.searchParams.delete('token');
  if (token !== null || queryToken) history.replaceState(history.state, '', address.href);
  // The page that asks for the code is the one to replace; a page already shown (an operator, the
  // confirmation after a plain form post) stays as it is.
  if (token !== null && document.getElementById('token-form')) void showWithToken(address, token);
}

/** Every instant of the page in the reader's time zone (the browser's), UTC beside; the zone's name in the title. */
function showTimesInReaderZone(): void {
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  const locale = document.documentElement.lang === 'de' ? 'de' : 'en';
  for (const time of document.querySelectorAll<HTMLTimeElement>('main time[datetime]')) {
    const iso = time.dateTime;
    if (Number.isNaN(Date.parse(iso))) continue;
    time.textContent = formatInstantBesideUtc(iso, locale, zone);
    time.title = zone;
    time.dataset.timeZone = zone;
  }
}

showTimesInReaderZone();
takeTokenFromAddress();
// The link opened over this very page (the same address but for `#token=…`) loads nothing anew.
addEventListener('hashchange', takeTokenFromAddress);

// ---------------------------------------------------------------------------------------------
// The reply form. Without this script it is a plain post, answered by the page again (the message
// shown, or the refusal beside the field). With it, the same post goes in place: the answer is the
// same page, which replaces this one, and the focus goes where the reader must look next. The
// page's words stay the server's, in the page's language.

/** Posts the reply form in place and shows the page the server answers. */
async function sendReply(form: HTMLFormElement): Promise<void> {
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  const status = document.getElementById('reply-status');
  if (button?.disabled) return; // a second press while the first is on its way
  if (button) button.disabled = true;
  if (status) {
    status.classList.remove('failed');
    status.textContent = form.dataset.sending ?? '';
  }
  try {
    const fields = new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
    // The token this script holds goes as the bearer header; the code field is for the page without it.
    // Without one (the page came from the typed code) the status cookie and the form's CSRF field go.
    if (pageToken !== null) fields.delete('token');
    const response = await fetch(form.action, {
      method: 'POST',
      headers: { Accept: 'text/html', ...(pageToken !== null ? { Authorization: `Bearer ${pageToken}` } : {}) },
      body: fields,
      credentials: 'same-origin',
      cache: 'no-store',
    });
    if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) throw new Error(`status ${response.status}`);
    const next = new DOMParser().parseFromString(await response.text(), 'text/html');
    document.title = next.title;
    document.body.replaceWith(next.body);
    showTimesInReaderZone();
    if (pageToken !== null) hideCodeField();
    focusAfterReply();
  } catch {
    // Offline or a server error: the text stays where it is, the reader may send it again.
    if (button) button.disabled = false;
    if (status) {
      status.classList.add('failed');
      status.textContent = form.dataset.failed ?? '';
    }
  }
}

// The reply form's access-code field is for the page without this script: with the token in hand
// it is neither shown nor required.
function hideCodeField(): void {
  const field = document.getElementById('reply-token-field');
  const input = document.getElementById('reply-token');
  if (field) field.hidden = true;
  if (input instanceof HTMLInputElement) input.required = false;
}

// A refused reply: its field, which says why. A reply that went: the line that says so.
function focusAfterReply(): void {
  const field = document.querySelector<HTMLElement>('#reply-body[aria-invalid="true"], #reply-token[aria-invalid="true"]');
  const target = field ?? document.getElementById('reply-status') ?? document.querySelector<HTMLElement>('main h1');
  if (!target) return;
  if (!field) target.tabIndex = -1;
  target.focus();
}

document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.id !== 'reply-form') return;
  event.preventDefault();
  void sendReply(form);
});

export {}; // a module: its names stay its own
