// The report form in the browser: language switch in place, the live CVSS score, the same
// validation as the server before anything is sent, one ticket per report (reportKey.ts), and the
// confirmation. Without this script the form still works as a plain HTML post.
//
// This is the script the page loads first, kept small (test/web/bundle.test.ts holds it to its
// budget): what is needed later comes by import() when it is: the CVSS scorer when the vector
// field is first used (cvssLive.ts), the validation on the first submit (reportCheck.ts), the
// upload once the ticket exists (evidenceUpload.ts).

import type { Locale } from '../../src/domain/ticket';
import { controlId } from '../../src/web/controlId';
import { type CodedFieldError, fill, type Messages } from '../../src/web/i18n';
import { formatInstant } from '../../src/web/presentation';
import type * as CvssLive from './cvssLive';
import type { FileOutcome } from './evidenceUpload';
import { clearErrors, relabelErrors, showErrors, showFormError } from './fieldErrors';
import { applyLocale, initialLocale, rememberLocale } from './language';
import type * as ReportCheck from './reportCheck';
import { confirmReport, forgetReport, reportKeyFor } from './reportKey';
import { type Created, statusHref, submitTicket } from './ticketApi';
import { fileRefusalText } from '../../src/web/filesSection';

const form = document.getElementById('report-form') as HTMLFormElement;
const submitButton = document.getElementById('submit-button') as HTMLButtonElement;
const progress = document.getElementById('progress') as HTMLElement;
const cvssInput = document.getElementById(controlId('cvssVector')) as HTMLInputElement;
const cvssOutput = document.getElementById('cvss-live') as HTMLOutputElement;
const evidenceInput = document.getElementById('f-evidence') as HTMLInputElement;

let locale: Locale = initialLocale();
let t: Messages = applyLocale(locale, 'page.title');
let created: Created | null = null;
let sending = false;
let busy = false; // from the click until the answer: validation included, so a double click does nothing
let fileOutcomes: FileOutcome[] | null = null; // null while the files are being sent
let check: typeof ReportCheck | null = null; // loaded by the first submit

// The files go with the script, one request each after the report: the hint for the page without it goes.
(document.getElementById('evidence-no-script') as HTMLElement).hidden = true;
evidenceInput.setAttribute('aria-describedby', 'f-evidence-hint');

form.noValidate = true; // our messages, the server's wording, instead of the browser's bubbles

// --- language -------------------------------------------------------------------------------
document.getElementById('lang-switch')?.addEventListener('click', (event) => {
  event.preventDefault();
  locale = locale === 'de' ? 'en' : 'de';
  rememberLocale(locale);
  t = applyLocale(locale, created ? 'confirm.title' : 'page.title');
  relabelErrors(t, locale);
  if (created) renderConfirmation(created);
  if (created && !(document.getElementById('confirm-files') as HTMLElement).hidden) renderFiles();
  if (sending) progress.textContent = t['submit.sending'];
  updateCvss();
});

// --- dependent fields: steps only with a mitigation, the draft only with a notification ------
const dependentSyncs: Array<() => void> = [];
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
  dependentSyncs.push(sync);
}
toggleDependent('mitigation.available', 'field-mitigation-steps');
toggleDependent('customerNotification.requested', 'field-notification-message');

// --- live CVSS score ---------------------------------------------------------------------------
// The scorer is most of the page's script: it comes when the field is first used (focused, or
// typed or restored into), so the form is ready before it arrives.
let cvssTimer: ReturnType<typeof setTimeout> | undefined;
let cvssLive: Promise<typeof CvssLive> | undefined;
function loadCvssLive(): Promise<typeof CvssLive> {
  cvssLive ??= import('./cvssLive').catch((error: unknown) => {
    cvssLive = undefined; // offline for a moment: the next keystroke asks again
    throw error;
  });
  return cvssLive;
}
function updateCvss(): void {
  if (!cvssLive && !cvssInput.value.trim()) return; // nothing shown yet, nothing to show
  void loadCvssLive().then(
    ({ showCvss }) => showCvss(cvssOutput, cvssInput.value, t, locale),
    () => undefined, // without the live score the server still scores the vector on submit
  );
}
cvssInput.addEventListener('focus', () => void loadCvssLive().catch(() => undefined), { once: true });
cvssInput.addEventListener('input', () => {
  clearTimeout(cvssTimer);
  // Short enough to feel live, long enough that a screen reader is not read every keystroke.
  cvssTimer = setTimeout(updateCvss, 250);
});
if (cvssInput.value) updateCvss();
// Coming Back to the form, the browser restores what was typed once the page has loaded, after
// this script ran: the live score and the dependent fields follow the restored values then.
addEventListener('pageshow', () => {
  for (const sync of dependentSyncs) sync();
  if (cvssInput.value) updateCvss();
});

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
  try {
    check ??= await import('./reportCheck');
  } catch {
    showFormError(t['errors.network']);
    return;
  }
  const { formToSubmissionInput, parseSubmission } = check;
  // The report's fields; the files (the only non-text entries) are sent on their own once the ticket exists.
  const pairs = [...new FormData(form).entries()].flatMap(([name, value]) => (typeof value === 'string' ? [[name, value] as [string, string]] : []));
  const input = formToSubmissionInput(pairs);
  const parsed = parseSubmission(input, { defaultLocale: locale });
  const badDate = dateProblem();
  if (!parsed.ok || badDate) {
    showErrors([...(parsed.ok ? [] : parsed.errors), ...(badDate ? [badDate] : [])], t, locale);
    return;
  }
  clearErrors();
  setSending(true);
  const body = JSON.stringify(input);
  const outcome = await submitTicket(input, reportKeyFor(body));
  setSending(false);
  switch (outcome.kind) {
    case 'created':
      confirmReport(body);
      created = outcome.ticket;
      renderConfirmation(created);
      showConfirmation();
      await sendFiles(created);
      return;
    case 'invalid':
      // No ticket was made, so the next attempt may use a fresh key without risk of a duplicate.
      forgetReport();
      if (outcome.errors.length) showErrors(outcome.errors, t, locale);
      // The server's detail is English: the German page words it itself.
      else showFormError(locale === 'en' && outcome.detail ? outcome.detail : fill(t['errors.refused'], { status: 400 }));
      return;
    case 'key-reused':
      // An earlier sending of this form made a ticket with other content; sending again files this one as a report of its own.
      forgetReport();
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

// A date field the reporter typed only partly reads as empty, which would drop the date unnoticed.
function dateProblem(): CodedFieldError | null {
  const field = document.getElementById(controlId('publicDisclosure')) as HTMLInputElement | null;
  if (!field?.validity.badInput) return null;
  return { path: 'publicDisclosure', code: 'invalid_date', params: {}, message: 'Public disclosure date must be a calendar date written YYYY-MM-DD.' };
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
  // A ticket is only made after a submit, which loaded reportCheck.
  cvss.textContent = ticket.cvss && check ? `${t['status.cvss']}: ${check.cvssScoreText(ticket.cvss, t)}` : '';
  (document.getElementById('status-link') as HTMLAnchorElement).href = statusHref(ticket.statusUrl);
  document.getElementById('copy-status')!.textContent = '';
}

// The chosen files, each to the new ticket; the confirmation says which arrived and which were refused, and why.
async function sendFiles(ticket: Created): Promise<void> {
  const files = [...(evidenceInput.files ?? [])];
  if (files.length === 0) return;
  fileOutcomes = null;
  renderFiles();
  try {
    const { uploadEvidence } = await import('./evidenceUpload');
    fileOutcomes = await uploadEvidence(ticket.confirmationNumber, ticket.accessToken, files);
  } catch {
    // The upload's code did not arrive: no file was sent, and the confirmation says so for each.
    fileOutcomes = files.map((file) => ({ name: file.name, arrived: false, reason: 'failed' }));
  }
  renderFiles();
}

function renderFiles(): void {
  const box = document.getElementById('confirm-files') as HTMLElement;
  const progressLine = document.getElementById('confirm-files-progress') as HTMLElement;
  box.hidden = false;
  progressLine.textContent = fileOutcomes === null ? t['confirm.files.sending'] : '';
  const outcomes = fileOutcomes ?? [];
  const list = (id: string, items: string[]): void => {
    const ul = document.getElementById(`${id}-list`) as HTMLElement;
    ul.replaceChildren(
      ...items.map((text) => {
        const li = document.createElement('li');
        li.textContent = text; // the file's name is the reporter's text: never markup
        return li;
      }),
    );
    (document.getElementById(id) as HTMLElement).hidden = items.length === 0;
  };
  list(
    'confirm-files-arrived',
    outcomes.filter((o) => o.arrived).map((o) => o.name),
  );
  list(
    'confirm-files-refused',
    outcomes.flatMap((o) => (o.arrived ? [] : [fill(t['confirm.files.refusedItem'], { name: o.name, reason: fileRefusalText(o.reason, locale) })])),
  );
}

function showConfirmation(): void {
  (document.getElementById('form-view') as HTMLElement).hidden = true;
  (document.getElementById('confirmation') as HTMLElement).hidden = false;
  document.title = t['confirm.title'];
  window.scrollTo(0, 0);
  document.getElementById('confirm-title')?.focus();
}

// A new report starts with a key of its own.
document.getElementById('another-report')?.addEventListener('click', forgetReport);

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
