// The customer notice at the edge: its request bodies (JSON from API clients, a plain form from the
// status page without JavaScript), validated with zod, its JSON answer, and its refusals as RFC
// 9457 problems with titles of their own (src/http/problems.ts).

import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { noticeTextProblem, type CustomerNotice } from '../domain/customerNotice';
import { parseOrProblem } from './operatorRequests';
import { ProblemError } from './problems';
import { formCsrf } from './statusPages';

// 20,000 characters of text in JSON or a form, with room for escapes: the same bound as a submission.
const MAX_NOTICE_BODY_BYTES = 64 * 1024;

/** A request body as sent: JSON, or the fields of a plain HTML form. */
export type NoticeBody = { kind: 'json'; value: unknown } | { kind: 'form'; fields: URLSearchParams };

/** Reads a JSON or form body (`accept` says which); 413 beyond 64 KiB, 415 for another media type, 400 for broken JSON. */
export async function readNoticeBody<K extends NoticeBody['kind']>(request: HttpRequest, accept: readonly K[]): Promise<Extract<NoticeBody, { kind: K }>> {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const kind = mediaType === 'application/json' ? 'json' : mediaType === 'application/x-www-form-urlencoded' ? 'form' : null;
  if (kind === null || !(accept as readonly string[]).includes(kind)) {
    const types = accept.map((k) => (k === 'json' ? 'application/json' : 'application/x-www-form-urlencoded'));
    throw new ProblemError(415, 'Unsupported media type', `Send ${types.join(' or ')}.`, undefined, { Accept: types.join(', ') });
  }
  const tooLarge = () => new ProblemError(413, 'Payload too large', `The request body is larger than ${MAX_NOTICE_BODY_BYTES / 1024} KiB.`);
  if (Number(request.headers.get('content-length') ?? '0') > MAX_NOTICE_BODY_BYTES) throw tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text, 'utf8') > MAX_NOTICE_BODY_BYTES) throw tooLarge();
  const body: NoticeBody = kind === 'form' ? { kind, fields: new URLSearchParams(text) } : { kind, value: parseJson(text) };
  return body as Extract<NoticeBody, { kind: K }>;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProblemError(400, 'Invalid JSON', 'The request body is not valid JSON.');
  }
}

const noticeText = z.string({ error: 'text must be text.' }).superRefine((text, ctx) => {
  const problem = noticeTextProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message });
});

const versionNumber = (name: string, min: number) =>
  z
    .number({ error: `${name} must be a whole number.` })
    .int(`${name} must be a whole number.`)
    .min(min, `${name} must be at least ${min}.`)
    .max(1_000_000, `${name} is too large.`);

export const proposalSchema = z.strictObject({ text: noticeText, basedOnVersion: versionNumber('basedOnVersion', 0) });
export const approvalSchema = z.strictObject({ version: versionNumber('version', 1) });

/** A proposal from JSON (400 with the field at fault), as the use case takes it. */
export function proposalFromJson(value: unknown): { text: string; basedOnVersion: number } {
  return parseOrProblem(proposalSchema, value);
}

/** An approval from JSON or a form (400 with the field at fault). */
export function approvalFrom(body: NoticeBody): { version: number } {
  if (body.kind === 'json') return parseOrProblem(approvalSchema, body.value);
  return parseOrProblem(approvalSchema, { version: formNumber(body.fields, 'version') });
}

/** What the status page's proposal form posted: the text as typed (checked later, so a problem is shown beside it), its base and the access code. */
export interface ProposalForm {
  text: string;
  basedOnVersion: number;
  token: string | null;
  /** the status page's CSRF token (its hidden field), for a post with the status cookie */
  csrf: string | null;
}

/** The proposal form's fields; 400 when the hidden base is missing or no number (nobody types it). */
export function proposalFromForm(fields: URLSearchParams): ProposalForm {
  const { basedOnVersion } = parseOrProblem(z.object({ basedOnVersion: versionNumber('basedOnVersion', 0) }), {
    basedOnVersion: formNumber(fields, 'basedOnVersion'),
  });
  // A browser sends a textarea's line breaks as CRLF; the text is kept with the line breaks the reader typed.
  return { text: (fields.get('text') ?? '').replace(/\r\n?/g, '\n'), basedOnVersion, token: formToken(fields), csrf: formCsrf(fields) };
}

/** The access code a status page form carries in its body, or null. */
export function formToken(fields: URLSearchParams): string | null {
  const token = fields.get('token')?.trim() ?? '';
  return token === '' ? null : token;
}

function formNumber(fields: URLSearchParams, name: string): number | undefined {
  const raw = fields.get(name);
  return raw === null || !/^\d{1,7}$/.test(raw.trim()) ? undefined : Number(raw.trim());
}

/** The notice as GET /api/tickets/{n}/customer-notice answers it (openapi/openapi.json, CustomerNotice). */
export function customerNoticeJson(notice: CustomerNotice): Record<string, unknown> {
  if (notice.status === 'none') return { status: 'none', version: 0, text: null, proposedBy: null, proposedAt: null, versions: [] };
  return {
    status: notice.status,
    version: notice.version,
    text: notice.text,
    proposedBy: notice.proposedBy,
    proposedAt: notice.proposedAt,
    ...(notice.approvedBy ? { approvedBy: notice.approvedBy, approvedAt: notice.approvedAt } : {}),
    versions: notice.versions.map((v) => ({ version: v.version, text: v.text, proposedBy: v.proposedBy, proposedAt: v.proposedAt })),
  };
}
