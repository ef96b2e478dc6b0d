// RFC 9457 problem details: the one place where outcomes become HTTP errors. Unexpected errors
// become a 500 with an id that is logged; the response never carries the message. A request that
// wants a page gets the same problem as the web's problem page (src/web/problemPage.ts).

import { randomUUID } from 'node:crypto';
import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { NoticeApprovalRefused, StaleNoticeVersion } from '../domain/customerNotice';
import { MessageLimitReached, TicketResolved } from '../domain/thread';
import { MissingSeverity, OutcomeOnlyOnResolution, OutcomeRequired, ReopenNoteRequired, TransitionNotAllowed, type Locale } from '../domain/ticket';
import { problemPageResponse } from '../web/problemPage';
import { ConcurrencyConflict, StorageUnavailable } from '../services/storageFaults';
import { IdempotencyKeyReused, IdempotentRequestInProgress, SubmissionLimitExceeded, TicketNotFound } from '../services/ticketService';
import { NoticeProposalLimitExceeded } from '../services/customerNotices';
import { EvidenceRefused } from '../domain/evidenceFile';
import { EVIDENCE_REFUSALS } from './evidenceRefusals';
import { EvidenceFileNotFound, EvidenceWithheld } from '../services/evidenceFiles';
import { describeError } from '../services/logger';
import { EXPOSED_HEADERS } from './exposedHeaders';
import { localeFromAcceptLanguage } from './language';

/** One item of a problem's `errors[]`; `code` and `params` as in the intake schema's FieldError, for clients that word the message themselves. */
export interface FieldProblem {
  path: string;
  message: string;
  code?: string;
  params?: Record<string, unknown>;
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    /** all of them; an answer lists the first MAX_PROBLEM_ERRORS */
    readonly errors?: readonly FieldProblem[],
    readonly headers: Record<string, string> = {},
    /** the language of the page a browser gets for this problem, when the request tells it */
    readonly locale?: Locale,
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }
}

/** At most this many items in a problem's `errors`; how many more there were is its `moreErrors`. */
export const MAX_PROBLEM_ERRORS = 20;

// A body of thousands of unknown names has thousands of problems: the answer lists the first ones
// and counts the rest, so it stays small whatever was sent.
function firstErrors(errors: readonly FieldProblem[] = []): { shown: FieldProblem[]; more: number } {
  const shown = errors.slice(0, MAX_PROBLEM_ERRORS);
  return { shown, more: errors.length - shown.length };
}

/** A 400 for field problems; its `detail` repeats the first of them (and counts the rest). */
export function invalidFields(title: string, errors: readonly FieldProblem[], locale?: Locale): ProblemError {
  const { shown, more } = firstErrors(errors);
  const listed = shown.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join(' ');
  const detail = more > 0 ? `${listed} And ${more} more ${more === 1 ? 'problem' : 'problems'}.` : listed;
  return new ProblemError(400, title, detail, errors, {}, locale);
}

const TYPE_BASE = 'https://security-events.example/problems/';

const TYPES: Record<number, string> = {
  400: 'invalid-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'idempotency-key-reused',
  429: 'too-many-requests',
  500: 'internal-error',
  503: 'service-unavailable',
};

export function problemResponse(
  status: number,
  title: string,
  detail?: string,
  errors?: readonly FieldProblem[],
  headers: Record<string, string> = {},
): HttpResponseInit {
  const { shown, more } = firstErrors(errors);
  return {
    status,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store', ...EXPOSED_HEADERS, ...headers },
    body: JSON.stringify({
      type: `${TYPE_BASE}${TYPES[status] ?? 'error'}`,
      title,
      status,
      ...(detail ? { detail } : {}),
      ...(shown.length > 0 ? { errors: shown } : {}),
      ...(more > 0 ? { moreErrors: more } : {}),
    }),
  };
}

/** Maps an error to the problem it stands for; unknown errors are logged with an id and become a 500. */
function problemOf(error: unknown, context: InvocationContext): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof TicketNotFound) return new ProblemError(404, 'Ticket not found', 'No ticket matches this number and credential.');
  if (error instanceof TransitionNotAllowed) {
    return new ProblemError(409, 'Transition not allowed', `The ticket is ${error.from}; it cannot become ${error.to}.`);
  }
  if (error instanceof MissingSeverity) {
    return new ProblemError(400, 'Invalid request', error.message, [{ path: 'severity', message: error.message }]);
  }
  if (error instanceof OutcomeRequired || error instanceof OutcomeOnlyOnResolution) {
    return invalidFields('Invalid request', [{ path: 'outcome', message: error.message }]);
  }
  const noticeProblem = customerNoticeProblem(error) ?? evidenceProblem(error);
  if (noticeProblem) return noticeProblem;
  if (error instanceof ReopenNoteRequired) return invalidFields('Invalid request', [{ path: 'note', message: error.message }]);
  if (error instanceof TicketResolved) {
    return new ProblemError(409, 'Report resolved', 'This report is resolved and takes no messages until an operator reopens it; nothing was stored.');
  }
  if (error instanceof MessageLimitReached) {
    return new ProblemError(
      429,
      'Too many messages',
      `${error.message} Nothing was stored; please try again in ${error.retryAfterSeconds} seconds.`,
      undefined,
      { 'Retry-After': String(error.retryAfterSeconds) },
    );
  }
  if (error instanceof IdempotencyKeyReused) {
    return new ProblemError(422, 'Idempotency-Key reused', 'This Idempotency-Key was already used with a different request body.');
  }
  if (error instanceof IdempotentRequestInProgress) {
    return new ProblemError(409, 'Request in progress', 'A request with this Idempotency-Key is still being processed.', undefined, {
      'Retry-After': '2',
    });
  }
  if (error instanceof SubmissionLimitExceeded) {
    return new ProblemError(
      429,
      'Too many submissions',
      `This address has sent too many reports in the last minute; nothing was stored. Please try again in ${error.retryAfterSeconds} seconds.`,
      undefined,
      { 'Retry-After': String(error.retryAfterSeconds) },
    );
  }
  if (error instanceof StorageUnavailable || error instanceof ConcurrencyConflict) {
    context.warn(JSON.stringify({ level: 'warn', message: 'storage unavailable', error: describeError(error.cause ?? error) }));
    return new ProblemError(503, 'Service unavailable', 'Storage is not answering right now. Please retry shortly; nothing was lost.', undefined, {
      'Retry-After': '5',
    });
  }
  const id = randomUUID();
  context.error(JSON.stringify({ level: 'error', message: 'unexpected error', problemId: id, error: describeError(error) }));
  if (error instanceof Error && error.stack) context.debug(error.stack);
  return new ProblemError(500, 'Internal error', `Something went wrong on our side (problem id ${id}).`);
}

/**
 * Wraps a handler so every thrown error ends as problem details; for a browser that asked for a
 * page (a plain form post, the email's status link) the same problem is rendered as HTML.
 */
export function withProblems(
  handler: HttpHandler,
  options: { htmlFor?: (request: HttpRequest) => boolean; webOrigin?: () => string | null } = {},
): HttpHandler {
  return async (request: HttpRequest, context: InvocationContext) => {
    try {
      return await handler(request, context);
    } catch (error) {
      const problem = problemOf(error, context);
      if (!options.htmlFor?.(request)) return problemResponse(problem.status, problem.title, problem.detail, problem.errors, problem.headers);
      const locale = problem.locale ?? localeFromAcceptLanguage(request.headers.get('accept-language'));
      return htmlProblemResponse(problem, locale, options.webOrigin?.() ?? null);
    }
  };
}

// The same problem as a page (src/web/problemPage.ts), listing as many errors as the JSON does.
function htmlProblemResponse(problem: ProblemError, locale: Locale, webOrigin: string | null): HttpResponseInit {
  const { shown, more } = firstErrors(problem.errors);
  return problemPageResponse(
    {
      status: problem.status,
      title: problem.title,
      ...(problem.detail ? { detail: problem.detail } : {}),
      ...(shown.length ? { errors: shown } : {}),
      ...(more > 0 ? { moreErrors: more } : {}),
      headers: problem.headers,
    },
    { locale, ...(webOrigin ? { webOrigin } : {}) },
  );
}

/** Whether the client asked for a page rather than JSON (browsers put text/html first). */
export function prefersHtml(request: HttpRequest): boolean {
  const accept = request.headers.get('accept') ?? '';
  const html = accept.indexOf('text/html');
  const json = accept.indexOf('json');
  return html >= 0 && (json < 0 || html < json);
}

// ---------------------------------------------------------------------------------------------
// The customer notice's refusals

const APPROVAL_TITLES: Record<NoticeApprovalRefused['code'], string> = {
  own_version: 'Approval by the proposer',
  not_latest: 'Not the latest version',
  already_approved: 'Version already approved',
};

/** The problem a customer notice's refusal stands for, or null for any other error. */
function customerNoticeProblem(error: unknown): ProblemError | null {
  if (error instanceof StaleNoticeVersion) {
    return new ProblemError(
      409,
      'Stale customer notice version',
      `${error.message} Read the latest version and propose yours on top of it; nothing was stored.`,
      [{ path: 'basedOnVersion', message: error.message }],
    );
  }
  if (error instanceof NoticeApprovalRefused) {
    return new ProblemError(409, APPROVAL_TITLES[error.code], `${error.message} Nothing was stored.`, [{ path: 'version', message: error.message }]);
  }
  if (error instanceof NoticeProposalLimitExceeded) {
    return new ProblemError(
      429,
      'Too many customer notice proposals',
      `This ticket has had too many proposals of its customer notice in the last hour; nothing was stored. Please try again in ${error.retryAfterSeconds} seconds.`,
      undefined,
      { 'Retry-After': String(error.retryAfterSeconds) },
    );
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The evidence files' refusals (their statuses and titles: src/http/evidenceRefusals.ts)

/** The problem an evidence file's refusal stands for, or null for any other error. */
function evidenceProblem(error: unknown): ProblemError | null {
  if (error instanceof EvidenceRefused) {
    const { status, title } = EVIDENCE_REFUSALS[error.code];
    const path = error.code === 'invalid_name' ? 'filename' : 'file';
    return new ProblemError(status, title, error.message, [{ path, message: error.message }]);
  }
  if (error instanceof EvidenceFileNotFound) return new ProblemError(404, 'File not found', 'This ticket has no file with this id.');
  if (error instanceof EvidenceWithheld) {
    return error.scan === 'malicious'
      ? new ProblemError(409, 'Malicious file', 'The malware scan found this file malicious; it is never handed out. The operators have been alerted.')
      : new ProblemError(
          409,
          'Scan not finished',
          'The malware scan of this file has not finished; it is handed out once it is clean. Please try again shortly.',
          undefined,
          {
            'Retry-After': '30',
          },
        );
  }
  return null;
}
