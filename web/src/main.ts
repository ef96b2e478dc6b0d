// The report form in the browser: language switch in place, the live CVSS score, the same
// validation as the server before anything is sent, one submission per form load, and the
// confirmation. Without this script the form still works as a plain HTML post.

import { parseSubmission } from '../../src/domain/submission';
import { formToSubmissionInput } from '../../src/http/formFields';
import type { Locale } from '../../src/domain/ticket';
import { controlId } from '../../src/web/formPage';
import { cvssScoreText } from '../../src/web/cvssWords';
import { fill, type Messages } from '../../src/web/i18n';
import { formatInstant } from '../../src/web/presentation';
import { showCvss } from './cvssLive';
import { clearErrors, relabelErrors, showErrors, showFormError } from './fieldErrors';
import { applyLocale, initialLocale, rememberLocale } from './language';
import { type Created, newIdempotencyKey, statusHref, submitTicket } from './ticketApi';

const form = document.getElementById('report-form') as HTMLFormElement;
const submitButton = document.getElementById('submit-button') as HTMLButtonElement;
const progress = document.getElementById('progress') as HTMLElement;
const cvssInput = document.getElementById(controlId('cvssVector')) as HTMLInputElement;
const cvssOutput = document.getElementById('cvss-live') as HTMLOutputElement;

let locale: Locale = initialLocale();
let t: Messages = applyLocale(locale, 'page.title');
let created: Created | null = null;
let idempotencyKey = newIdempotencyKey();
let sending = false;
let busy = false; // from the click until the answer: validation included, so a double click does nothing

form.noValidate = true; // our messages, the server's wording, instead of the browser's bubbles

// --- language -------------------------------------------------------------------------------
document.getElementById('lang-switch')?.addEventListener('click', (event) => {
  event.preventDefault();
  locale = locale === 'de' ? 'en' : 'de';
  rememberLocale(locale);
  t = applyLocale(locale, created ? 'confirm.title' : 'page.title');
  relabelErrors(t, locale);
  if (created) renderConfirmation(created);
  if (sending) progress.textContent = t['submit.sending'];
  updateCvss();
});

// --- dependent fields: steps only with a mitigation, the draft only with a notification ------
function toggleDependent(checkboxPath: string, wrapperId: string): void {
  const checkbox = document.getElementById(controlId(checkboxPath)) as HTMLInputElement;
  const wrapper = document.getElementById(wrapperId) as HTMLElement;
  const control = wrapper.querySelector<HTMLTextAreaElement>('textarea');
  const sync = (): void => {
    wrapper.hidden = !checkbox.checked;
    if (control) {
      control.disabled = !checkbox.checked; // disabled controls are not part of the submission
      control.required = checkbox.checked && checkboxPath === 'mitigation.available';
    }
    checkbox.setAttribute('aria-expanded', String(checkbox.checked));
  };
  checkbox.addEventListener('change', sync);
  sync();
}
toggleDependent('mitigation.available', 'field-mitigation-steps');
toggleDependent('customerNotification.requested', 'field-notification-message');

// --- live CVSS score ---------------------------------------------------------------------------
let cvssTimer: ReturnType<typeof setTimeout> | undefined;
function updateCvss(): void {
  showCvss(cvssOutput, cvssInput.value, t, locale);
}
cvssInput.addEventListener('input', () => {
  clearTimeout(cvssTimer);
  // Short enough to feel live, long enough that a screen reader is not read every keystroke.
  cvssTimer = setTimeout(updateCvss, 250);
});
if (cvssInput.value) updateCvss(); // a value restored by the browser on "back"

// --- submit ------------------------------------------------------------------------------------
form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (busy) return;
  busy = true;
  void send().finally(() => {
    busy = false;
  });
});

async function send(): Promise<void> {
  const pairs = [...new FormData(form).entries()].map(([name, value]) => [name, String(value)] as [string, string]);
  const input = formToSubmissionInput(pairs);
  const parsed = parseSubmission(input, { defaultLocale: locale });
  if (!parsed.ok) {
    showErrors(parsed.errors, t, locale);
    return;
  }
  clearErrors();
  setSending(true);
  const outcome = await submitTicket(input, idempotencyKey);
  setSending(false);
  switch (outcome.kind) {
    case 'created':
      created = outcome.ticket;
      renderConfirmation(created);
      showConfirmation();
      return;
    case 'invalid':
      // No ticket was made, so the next attempt may use a fresh key without risk of a duplicate.
      idempotencyKey = newIdempotencyKey();
      if (outcome.errors.length) showErrors(outcome.errors, t, locale);
      else showFormError(outcome.detail ?? fill(t['errors.server'], { status: 400 }));
      return;
    case 'key-reused':
      showFormError(t['errors.conflict']);
      return;
    case 'failed':
      showFormError(fill(t['errors.server'], { status: outcome.status }));
      return;
    case 'offline':
      showFormError(t['errors.network']);
      return;
  }
}

function setSending(on: boolean): void {
  sending = on;
  submitButton.disabled = on;
  form.setAttribute('aria-busy', String(on));
  progress.classList.toggle('busy', on);
  progress.textContent = on ? t['submit.sending'] : '';
}

// --- confirmation ------------------------------------------------------------------------------
function renderConfirmation(ticket: Created): void {
  (document.getElementById('confirmation-number') as HTMLElement).textContent = ticket.confirmationNumber;
  (document.getElementById('confirm-deadline') as HTMLElement).textContent = fill(t['confirm.deadline'], {
    deadline: formatInstant(ticket.acknowledgeBy, locale),
  });
  const cvss = document.getElementById('confirm-cvss') as HTMLElement;
  cvss.hidden = !ticket.cvss;
  cvss.textContent = ticket.cvss ? `${t['status.cvss']}: ${cvssScoreText(ticket.cvss, t)}` : '';
  (document.getElementById('status-link') as HTMLAnchorElement).href = statusHref(ticket.statusUrl);
  document.getElementById('copy-status')!.textContent = '';
}

function showConfirmation(): void {
  (document.getElementById('form-view') as HTMLElement).hidden = true;
  (document.getElementById('confirmation') as HTMLElement).hidden = false;
  document.title = t['confirm.title'];
  window.scrollTo(0, 0);
  document.getElementById('confirm-title')?.focus();
}

document.getElementById('copy-number')?.addEventListener('click', async () => {
  const number = created?.confirmationNumber;
  const status = document.getElementById('copy-status') as HTMLElement;
  if (!number) return;
  try {
    await navigator.clipboard.writeText(number);
  } catch {
    // No clipboard permission (or plain http): select the number so Ctrl+C copies it.
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('confirmation-number') as HTMLElement);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    document.execCommand?.('copy');
  }
  status.textContent = t['confirm.copied'];
});
