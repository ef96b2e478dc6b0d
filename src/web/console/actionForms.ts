// The operator's actions on a ticket as plain POST forms, one for each step the contract gives the
// team: acknowledge, move on to investigating, ask for information, resolve, reopen, write to the
// reporter, keep an internal note, propose a version of the customer notice, approve the reporter's.
// Each form carries the session's CSRF token and the version of the ticket the page was rendered
// from, so a step someone else took meanwhile is told, not overwritten (409). A form that came back
// (refused, or a conflict) keeps what was typed, with each problem beside its field. Pure.

import { NOTICE_TEXT_MAX } from '../../domain/customerNotice';
import { MESSAGE_BODY_MAX } from '../../domain/thread';
import { suggestedSeverity } from '../../domain/ticket';
import { OUTCOMES, PRIORITIES, SEVERITIES, type Locale } from '../../domain/vocabulary';
import { csrfField, escapeHtml } from '../html';
import { fill, messagesFor, outcomeKey, priorityKey, severityKey } from '../i18n';
import { type ConsoleTicket, type CustomerNotice, ticketVersion } from './consoleData';
import { type ConsoleKey, type ConsoleMessages, consoleMessagesFor } from './consoleMessages';
import { consoleTicketPath } from './consoleLayout';

/** Every action the console posts, by the last segment of its address. */
export const CONSOLE_ACTIONS = [
  'acknowledge',
  'investigate',
  'request-information',
  'resolve',
  'reopen',
  'reply',
  'note',
  'propose-notice',
  'approve-notice',
] as const;
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number];

/** The hidden field with the ticket's version the page was rendered from. */
export const TICKET_VERSION_FIELD = 'ticketVersion';

/** A note on a lifecycle step has at most this many characters (as the operators' API takes it). */
export const STEP_NOTE_MAX = 2000;

/** Where an action's form posts. */
export function consoleActionPath(confirmationNumber: string, action: ConsoleAction): string {
  return `${consoleTicketPath(confirmationNumber)}/${action}`;
}

/** The DOM id of an action's form, which its answers lead to. */
export function actionFormId(action: ConsoleAction): string {
  return `act-${action}`;
}

/** The DOM id of a form's field. */
export function actionFieldId(action: ConsoleAction, field: string): string {
  return `${action}-${field}`;
}

/** What the operator sent with a form: kept for the form when it comes back. */
export interface ActionInput {
  action: ConsoleAction;
  values: Readonly<Record<string, string>>;
}

/** A field the form must have otherwise, in the operator's words beside it. */
export interface FieldIssue {
  field: string;
  code: 'required' | 'blank' | 'too_long' | 'choice' | 'invalid_unicode';
  /** too_long: the most characters allowed, and how many were sent */
  max?: number;
  length?: number;
}

export interface ActionFormsArgs {
  ticket: ConsoleTicket;
  notice: CustomerNotice;
  locale: Locale;
  csrf: string;
  /** what came back: the values for their form, the problems beside their fields */
  kept?: ActionInput;
  issues?: readonly FieldIssue[];
}

/** The actions the ticket takes in its status (and its notice's), in the order the team meets them. */
export function availableActions(
  ticket: Pick<ConsoleTicket, 'status'>,
  notice: Pick<CustomerNotice, 'status'> & { proposedBy?: 'reporter' | 'operator' },
): ConsoleAction[] {
  const actions: ConsoleAction[] = [];
  switch (ticket.status) {
    case 'submitted':
      actions.push('acknowledge');
      break;
    case 'acknowledged':
      actions.push('investigate', 'request-information', 'resolve');
      break;
    case 'investigating':
      actions.push('request-information', 'resolve');
      break;
    case 'awaiting-reporter':
      actions.push('investigate');
      break;
    case 'resolved':
      actions.push('reopen');
      break;
  }
  actions.push('reply', 'note');
  if (notice.status === 'proposed' && notice.proposedBy === 'reporter') actions.push('approve-notice');
  actions.push('propose-notice');
  return actions;
}

// Each form's title and button; going on without the reporter's answer is said so.
const ACTION_WORDS: Record<ConsoleAction, { title: ConsoleKey; submit: ConsoleKey }> = {
  acknowledge: { title: 'ack.title', submit: 'ack.submit' },
  investigate: { title: 'investigate.title', submit: 'investigate.submit' },
  'request-information': { title: 'request.title', submit: 'request.submit' },
  resolve: { title: 'resolve.title', submit: 'resolve.submit' },
  reopen: { title: 'reopen.title', submit: 'reopen.submit' },
  reply: { title: 'reply.title', submit: 'reply.submit' },
  note: { title: 'note.title', submit: 'note.submit' },
  'propose-notice': { title: 'notice.proposeTitle', submit: 'notice.proposeSubmit' },
  'approve-notice': { title: 'notice.approveTitle', submit: 'notice.approveSubmit' },
};
const GOING_ON_WITHOUT_ANSWER = { title: 'investigate.titleAwaiting', submit: 'investigate.submitAwaiting' } as const;

function actionWords(action: ConsoleAction, ticket: Pick<ConsoleTicket, 'status'>): { title: ConsoleKey; submit: ConsoleKey } {
  return action === 'investigate' && ticket.status === 'awaiting-reporter' ? GOING_ON_WITHOUT_ANSWER : ACTION_WORDS[action];
}

/** The form's title, which also names it in an error summary. */
export function actionTitle(action: ConsoleAction, ticket: Pick<ConsoleTicket, 'status'>, c: ConsoleMessages): string {
  return c[actionWords(action, ticket).title];
}

/** A field's problem in the operator's words. */
export function fieldIssueText(issue: FieldIssue, locale: Locale): string {
  const c = consoleMessagesFor(locale);
  const number = (n: number | undefined): string => (n ?? 0).toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB');
  return fill(c[`error.${issue.code}`], { max: number(issue.max), length: number(issue.length) });
}

/** The forms of the actions the ticket takes now. */
export function renderActionForms(args: ActionFormsArgs): string {
  return availableActions(args.ticket, args.notice)
    .map((action) => renderActionForm(action, args))
    .join('\n');
}

/** Whether the ticket still has a form for what came back (a conflict may have taken it away). */
export function hasFormFor(input: ActionInput, ticket: ConsoleTicket, notice: CustomerNotice): boolean {
  return availableActions(ticket, notice).includes(input.action);
}

interface FormContext {
  action: ConsoleAction;
  args: ActionFormsArgs;
  c: ConsoleMessages;
  /** the value sent for a field when this form came back, else undefined */
  kept(field: string): string | undefined;
  issue(field: string): FieldIssue | undefined;
}

function renderActionForm(action: ConsoleAction, args: ActionFormsArgs): string {
  const c = consoleMessagesFor(args.locale);
  const mine = args.kept?.action === action;
  const context: FormContext = {
    action,
    args,
    c,
    kept: (field) => (mine ? args.kept?.values[field] : undefined),
    issue: (field) => (mine ? args.issues?.find((i) => i.field === field) : undefined),
  };
  const id = actionFormId(action);
  const number = args.ticket.confirmationNumber;
  const hidden = [
    csrfField(args.csrf),
    `<input type="hidden" name="${TICKET_VERSION_FIELD}" value="${ticketVersion(args.ticket)}">`,
    ...hiddenFields(action, args.notice),
  ].join('\n');
  return `<form method="post" action="${escapeHtml(consoleActionPath(number, action))}#${id}" id="${id}" class="action-form" accept-charset="utf-8" aria-labelledby="${id}-title">
<h3 id="${id}-title">${escapeHtml(actionTitle(action, args.ticket, c))}</h3>
${hidden}
${fields(context).join('\n')}
<div class="actions"><button type="submit" class="${action === 'note' ? 'secondary' : 'primary'}">${escapeHtml(submitLabel(action, args, c))}</button></div>
</form>`;
}

function hiddenFields(action: ConsoleAction, notice: CustomerNotice): string[] {
  if (action === 'propose-notice') return [`<input type="hidden" name="basedOnVersion" value="${notice.version}">`];
  if (action === 'approve-notice') return [`<input type="hidden" name="noticeVersion" value="${notice.version}">`];
  return [];
}

// A proposal becomes the next version; an approval is of the latest.
function submitLabel(action: ConsoleAction, args: ActionFormsArgs, c: ConsoleMessages): string {
  return fill(c[actionWords(action, args.ticket).submit], { version: action === 'propose-notice' ? args.notice.version + 1 : args.notice.version });
}

function fields(f: FormContext): string[] {
  const { c, args } = f;
  const t = messagesFor(args.locale);
  const max = (n: number): string => n.toLocaleString(args.locale === 'de' ? 'de-DE' : 'en-GB');
  const stepNote = (): string => textarea(f, 'note', c['field.note'], fill(c['field.noteHint'], { max: max(STEP_NOTE_MAX) }), { max: STEP_NOTE_MAX, rows: 3 });
  switch (f.action) {
    case 'acknowledge': {
      const suggested = suggestedSeverity(args.ticket);
      const severityHint = suggested ? fill(c['ack.severityFromCvss'], { severity: t[severityKey(suggested)] }) : c['ack.severityNoCvss'];
      return [
        select(
          f,
          'priority',
          c['ack.priority'],
          PRIORITIES.map((p) => ({ value: p, label: t[priorityKey(p)] })),
          { chosen: undefined },
        ),
        select(
          f,
          'severity',
          c['ack.severity'],
          SEVERITIES.map((s) => ({ value: s, label: t[severityKey(s)] })),
          { chosen: suggested ?? undefined, hint: severityHint },
        ),
        stepNote(),
      ];
    }
    case 'investigate':
      return [stepNote()];
    case 'request-information':
      return [textarea(f, 'body', c['request.body'], fill(c['request.hint'], { max: max(MESSAGE_BODY_MAX) }), { max: MESSAGE_BODY_MAX, required: true })];
    case 'resolve':
      return [
        select(
          f,
          'outcome',
          c['resolve.outcome'],
          OUTCOMES.map((o) => ({ value: o, label: t[outcomeKey(o)] })),
          { chosen: undefined },
        ),
        stepNote(),
      ];
    case 'reopen':
      return [textarea(f, 'note', c['reopen.note'], fill(c['reopen.hint'], { max: max(STEP_NOTE_MAX) }), { max: STEP_NOTE_MAX, required: true, rows: 3 })];
    case 'reply':
      return [textarea(f, 'body', c['reply.body'], fill(c['reply.hint'], { max: max(MESSAGE_BODY_MAX) }), { max: MESSAGE_BODY_MAX, required: true })];
    case 'note':
      return [textarea(f, 'body', c['note.body'], fill(c['note.hint'], { max: max(MESSAGE_BODY_MAX) }), { max: MESSAGE_BODY_MAX, required: true })];
    case 'propose-notice': {
      const notice = args.notice;
      const hint =
        notice.status === 'none'
          ? fill(c['notice.proposeFirstHint'], { max: max(NOTICE_TEXT_MAX) })
          : fill(c['notice.proposeHint'], { version: notice.version, max: max(NOTICE_TEXT_MAX) });
      return [
        textarea(f, 'text', c['notice.proposeLabel'], hint, {
          max: NOTICE_TEXT_MAX,
          required: true,
          rows: 8,
          initial: notice.status === 'none' ? '' : notice.text,
        }),
      ];
    }
    case 'approve-notice':
      return [`<p class="hint">${escapeHtml(fill(c['notice.approveHint'], { version: args.notice.version }))}</p>`];
  }
}

// A field's label, hint and problem, tied to it for screen readers; a field with a problem takes
// the focus when the page loads (no script needed), so a keyboard user lands on it.
function fieldParts(f: FormContext, name: string, hint: string | undefined): { id: string; head: string; attributes: string } {
  const id = actionFieldId(f.action, name);
  const issue = f.issue(name);
  const described = [hint ? `${id}-hint` : '', issue ? `${id}-error` : ''].filter(Boolean).join(' ');
  const head = [
    hint ? `<p class="hint" id="${id}-hint">${escapeHtml(hint)}</p>` : '',
    issue ? `<p class="field-error" id="${id}-error">${escapeHtml(fieldIssueText(issue, f.args.locale))}</p>` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const attributes = `${described ? ` aria-describedby="${described}"` : ''}${issue ? ' aria-invalid="true" autofocus' : ''}`;
  return { id, head, attributes };
}

function textarea(
  f: FormContext,
  name: string,
  label: string,
  hint: string,
  options: { max: number; required?: boolean; rows?: number; initial?: string },
): string {
  const { id, head, attributes } = fieldParts(f, name, hint);
  const value = f.kept(name) ?? options.initial ?? '';
  const required = options.required ? ' required aria-required="true"' : '';
  return `<div class="field">
<label for="${id}">${escapeHtml(label)}</label>
${head}
<textarea id="${id}" name="${name}" rows="${options.rows ?? 5}" maxlength="${options.max}"${required}${attributes}>
${escapeHtml(value)}</textarea>
</div>`;
}

function select(
  f: FormContext,
  name: string,
  label: string,
  options: { value: string; label: string }[],
  settings: { chosen: string | undefined; hint?: string },
): string {
  const { id, head, attributes } = fieldParts(f, name, settings.hint);
  const chosen = f.kept(name) ?? settings.chosen ?? '';
  const choose = `<option value=""${chosen === '' ? ' selected' : ''}>${escapeHtml(f.c['field.choose'])}</option>`;
  return `<div class="field">
<label for="${id}">${escapeHtml(label)}</label>
${head}
<select id="${id}" name="${name}" required aria-required="true"${attributes}>
${[choose, ...options.map((o) => `<option value="${escapeHtml(o.value)}"${o.value === chosen ? ' selected' : ''}>${escapeHtml(o.label)}</option>`)].join('\n')}
</select>
</div>`;
}
