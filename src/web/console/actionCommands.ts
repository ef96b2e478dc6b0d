// What an action's form posted, read back into the step it asks for: the fields of the forms in
// actionForms.ts (one home for their names), each checked with the domain's own rules for its
// kind of text, so a refusal names its field in the operator's words and the form comes back with
// what was typed. Pure: form fields in, a command or the problems out.

import { NOTICE_TEXT_MAX, noticeTextProblem } from '../../domain/customerNotice';
import { freeTextProblem } from '../../domain/submission';
import { MESSAGE_BODY_MAX } from '../../domain/thread';
import { OUTCOMES, PRIORITIES, SEVERITIES, type Outcome, type Priority, type Severity } from '../../domain/vocabulary';
import { type ActionInput, type ConsoleAction, type FieldIssue, STEP_NOTE_MAX, TICKET_VERSION_FIELD } from './actionForms';

/** The step a form asks for, validated. */
export type ActionCommand =
  | { action: 'acknowledge'; priority: Priority; severity: Severity; note?: string }
  | { action: 'investigate'; note?: string }
  | { action: 'request-information'; body: string }
  | { action: 'resolve'; outcome: Outcome; note?: string }
  | { action: 'reopen'; note: string }
  | { action: 'reply'; body: string }
  | { action: 'note'; body: string }
  | { action: 'propose-notice'; text: string; basedOnVersion: number }
  | { action: 'approve-notice'; version: number };

/**
 * A form as read: what was typed (kept for the form) and the version of the ticket it was sent
 * from, with the command or the problems of its fields; `malformed` when a hidden field is missing
 * or no number (nobody types one: not the console's own form).
 */
export type ActionForm =
  | { kind: 'command'; input: ActionInput; ticketVersion: number; command: ActionCommand }
  | { kind: 'invalid'; input: ActionInput; ticketVersion: number; issues: FieldIssue[] }
  | { kind: 'malformed'; input: ActionInput };

const TEXT_FIELDS = ['note', 'body', 'text'] as const;
const CHOICE_FIELDS = ['priority', 'severity', 'outcome'] as const;

/** Reads an action's form. */
export function readActionForm(action: ConsoleAction, fields: URLSearchParams): ActionForm {
  // A browser sends a textarea's line breaks as CRLF; the text is kept with the line breaks typed.
  const text = (name: string): string => (fields.get(name) ?? '').replace(/\r\n?/g, '\n');
  const values: Record<string, string> = {};
  for (const name of TEXT_FIELDS) if (fields.has(name)) values[name] = text(name);
  for (const name of CHOICE_FIELDS) if (fields.has(name)) values[name] = fields.get(name) ?? '';
  const input: ActionInput = { action, values };
  const ticketVersion = wholeNumber(fields.get(TICKET_VERSION_FIELD));
  const issues: FieldIssue[] = [];

  const choice = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const value = values[name] ?? '';
    if ((allowed as readonly string[]).includes(value)) return value as T;
    issues.push({ field: name, code: value === '' ? 'required' : 'choice' });
    return undefined;
  };
  const freeText = (name: string, max: number, problem: (raw: string) => { code: string } | null): string => {
    const value = values[name] ?? '';
    const code = textIssue(problem(value));
    if (code === 'too_long') issues.push({ field: name, code, max, length: [...value].length });
    else if (code) issues.push({ field: name, code });
    return value;
  };
  const stepNote = (required: boolean): string | undefined => {
    const raw = values.note ?? '';
    if (!required && raw.trim() === '') return undefined;
    return freeText('note', STEP_NOTE_MAX, (v) => freeTextProblem(v, 'The note', STEP_NOTE_MAX)).trim();
  };
  const messageBody = (): string => freeText('body', MESSAGE_BODY_MAX, (v) => freeTextProblem(v, 'The message', MESSAGE_BODY_MAX));

  const command = ((): ActionCommand | null => {
    switch (action) {
      case 'acknowledge': {
        const priority = choice('priority', PRIORITIES);
        const severity = choice('severity', SEVERITIES);
        const note = stepNote(false);
        return priority && severity ? { action, priority, severity, ...(note === undefined ? {} : { note }) } : null;
      }
      case 'investigate': {
        const note = stepNote(false);
        return { action, ...(note === undefined ? {} : { note }) };
      }
      case 'resolve': {
        const outcome = choice('outcome', OUTCOMES);
        const note = stepNote(false);
        return outcome ? { action, outcome, ...(note === undefined ? {} : { note }) } : null;
      }
      case 'reopen':
        return { action, note: stepNote(true) ?? '' };
      case 'request-information':
      case 'reply':
      case 'note':
        return { action, body: messageBody() };
      case 'propose-notice': {
        const basedOnVersion = wholeNumber(fields.get('basedOnVersion'));
        const proposed = freeText('text', NOTICE_TEXT_MAX, noticeTextProblem);
        return basedOnVersion === null ? null : { action, text: proposed, basedOnVersion };
      }
      case 'approve-notice': {
        const version = wholeNumber(fields.get('noticeVersion'));
        return version === null ? null : { action, version };
      }
    }
  })();

  const hiddenMissing =
    ticketVersion === null ||
    (action === 'propose-notice' && wholeNumber(fields.get('basedOnVersion')) === null) ||
    (action === 'approve-notice' && wholeNumber(fields.get('noticeVersion')) === null);
  if (hiddenMissing) return { kind: 'malformed', input };
  if (issues.length > 0 || command === null) return { kind: 'invalid', input, ticketVersion, issues };
  return { kind: 'command', input, ticketVersion, command };
}

// The domain's text codes, as the console words them; a code it has no words for is invalid text.
function textIssue(problem: { code: string } | null): Exclude<FieldIssue['code'], 'choice'> | null {
  if (!problem) return null;
  return problem.code === 'required' || problem.code === 'blank' || problem.code === 'too_long' ? problem.code : 'invalid_unicode';
}

function wholeNumber(raw: string | null): number | null {
  const text = raw?.trim() ?? '';
  return /^\d{1,7}$/.test(text) ? Number(text) : null;
}
