// Showing validation problems: each beside its field (aria-invalid, aria-describedby) and all of
// them in the summary above the form, which is announced (role=alert) and takes the focus.

// Messages are worded in the page's language from each problem's code (src/web/i18n.ts), the
// browser's own check and the server's answer alike.

import type { Locale } from '../../src/domain/ticket';
import { controlId } from '../../src/web/controlId';
import { type CodedFieldError, fieldLabel, fill, localizedFieldError, type Messages } from '../../src/web/i18n';

export type FieldProblem = CodedFieldError;

/** The fields that are a group of radio buttons: a problem goes to the group's first button. */
const RADIO_GROUPS: Record<string, string> = { category: 'incident', exploitation: 'unknown' };

function radioGroupOf(control: HTMLElement): string | undefined {
  const name = control.getAttribute('name');
  return control instanceof HTMLInputElement && control.type === 'radio' && name !== null && name in RADIO_GROUPS ? name : undefined;
}

/** The control a problem belongs to: its own path, else the nearest enclosing path that is a field. */
function controlFor(path: string): HTMLElement | null {
  for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const first = RADIO_GROUPS[p];
    if (first) return document.getElementById(`${controlId(p)}-${first}`);
    const el = document.getElementById(controlId(p));
    if (el && !(el instanceof HTMLInputElement && el.type === 'hidden')) return el;
    if (p === 'mitigation') return document.getElementById(controlId('mitigation.steps'));
    if (p === 'customerNotification') return document.getElementById(controlId('customerNotification.message'));
  }
  return null;
}

function errorSlotFor(control: HTMLElement): HTMLElement | null {
  const group = radioGroupOf(control);
  const id = group ? controlId(group) : control.id;
  return document.getElementById(`${id}-error`);
}

function invalidTargets(control: HTMLElement): HTMLElement[] {
  const group = radioGroupOf(control);
  return group ? [...document.querySelectorAll<HTMLElement>(`input[name="${group}"]`)] : [control];
}

/** The field problems on display, so a language switch can re-word them. */
let shown: FieldProblem[] | null = null;

/** Removes every error mark from the form and hides the summary. */
export function clearErrors(): void {
  shown = null;
  for (const el of document.querySelectorAll<HTMLElement>('.field-error')) {
    el.hidden = true;
    el.textContent = '';
  }
  for (const el of document.querySelectorAll<HTMLElement>('[aria-invalid="true"]')) {
    el.removeAttribute('aria-invalid');
    const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id && !id.endsWith('-error'));
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  }
  const summary = document.getElementById('error-summary');
  if (summary) summary.hidden = true;
}

/** Marks each problem at its field and lists all of them in the summary, which gets the focus. */
export function showErrors(problems: FieldProblem[], t: Messages, pageLocale: Locale, { focus = true }: { focus?: boolean } = {}): void {
  clearErrors();
  shown = problems;
  const items: HTMLLIElement[] = [];
  const seen = new Set<HTMLElement>();
  for (const problem of problems) {
    const control = controlFor(problem.path);
    const item = document.createElement('li');
    const localized = localizedFieldError(problem, pageLocale);
    const text = messageNode(localized.message, pageLocale, localized.locale);
    if (control) {
      const link = document.createElement('a');
      link.href = `#${control.id}`;
      link.addEventListener('click', (event) => {
        event.preventDefault();
        control.focus();
        control.scrollIntoView({ block: 'center' });
      });
      // Our wording names its field. A message we could only show in the server's English (a code
      // this page does not know) gets the field's label in the page's language.
      const label = fieldLabel(problem.path, pageLocale);
      if (label && localized.locale !== pageLocale) link.append(`${label} – `);
      link.append(text);
      item.append(link);
      const slot = errorSlotFor(control);
      if (slot && !seen.has(control)) {
        seen.add(control);
        slot.append(messageNode(localized.message, pageLocale, localized.locale));
        slot.hidden = false;
        for (const target of invalidTargets(control)) {
          target.setAttribute('aria-invalid', 'true');
          const ids = new Set((target.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
          ids.add(slot.id);
          target.setAttribute('aria-describedby', [...ids].join(' '));
        }
      }
    } else {
      item.append(text);
    }
    items.push(item);
  }
  const summary = document.getElementById('error-summary');
  const title = document.getElementById('error-summary-title');
  const list = document.getElementById('error-summary-list');
  if (!summary || !title || !list) return;
  title.textContent = summaryTitle(problems.length, t);
  list.replaceChildren(...items);
  summary.hidden = false;
  if (focus) summary.focus();
}

/** Shows one message about the whole form (network trouble, a server error) in the summary. */
export function showFormError(message: string): void {
  clearErrors();
  const summary = document.getElementById('error-summary');
  const title = document.getElementById('error-summary-title');
  const list = document.getElementById('error-summary-list');
  if (!summary || !title || !list) return;
  title.textContent = message;
  list.replaceChildren();
  summary.hidden = false;
  summary.focus();
}

/** Re-words the field problems on display after a language switch, leaving the focus where it is. */
export function relabelErrors(t: Messages, pageLocale: Locale): void {
  if (shown) showErrors(shown, t, pageLocale, { focus: false });
}

function summaryTitle(count: number, t: Messages): string {
  return count === 1 ? t['errors.one'] : fill(t['errors.many'], { n: count });
}

function messageNode(message: string, pageLocale: Locale, messageLocale: Locale): Node {
  if (pageLocale === messageLocale) return document.createTextNode(message);
  const span = document.createElement('span');
  span.lang = messageLocale;
  span.textContent = message;
  return span;
}
