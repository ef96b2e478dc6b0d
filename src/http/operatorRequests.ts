// Edge validation of operator requests and query strings (zod); failures are 400 problems.

import { z } from 'zod';
import { parseConfirmationNumber } from '../domain/confirmationNumber';
import { OUTCOMES, PRIORITIES, SEVERITIES } from '../domain/ticket';
import { invalidFields, ProblemError, type FieldProblem } from './problems';

const note = z.string().trim().min(1, 'A note must not be blank.').max(2000, 'A note has at most 2000 characters.').optional();

export const acknowledgeSchema = z.strictObject({
  priority: z.enum(PRIORITIES, { error: 'priority must be one of p1, p2, p3, p4.' }),
  severity: z.enum(SEVERITIES, { error: 'severity must be one of critical, high, medium, low.' }).optional(),
  note,
});

export const statusChangeSchema = z
  .strictObject({
    status: z.enum(['investigating', 'resolved'], { error: 'status must be investigating or resolved.' }),
    outcome: z.enum(OUTCOMES, { error: 'outcome must be one of no-action, revise-offer, remove-offer, mitigated.' }).optional(),
    note,
  })
  .superRefine((value, ctx) => {
    if (value.status === 'resolved' && !value.outcome) {
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'A resolved ticket needs an outcome.' });
    }
    if (value.status === 'investigating' && value.outcome) {
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'An outcome is given only on resolution.' });
    }
  });

export const listQuerySchema = z.strictObject({
  status: z
    .enum(['submitted', 'acknowledged', 'investigating', 'resolved'], { error: 'status must be submitted, acknowledged, investigating or resolved.' })
    .optional(),
  slaBreached: z.enum(['true', 'false'], { error: 'slaBreached must be true or false.' }).optional(),
  continuationToken: z.string().min(1).max(2048).optional(),
});

/** Parses with a schema or throws a 400 problem listing every field at fault. */
export function parseOrProblem<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors: FieldProblem[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.code === 'unrecognized_keys' ? `Unknown field(s): ${issue.keys.join(', ')}.` : issue.message,
  }));
  throw invalidFields('Invalid request', errors);
}

/** Reads a JSON object body for operator endpoints. */
export async function readJsonBody(request: { headers: { get(name: string): string | null }; text(): Promise<string> }): Promise<unknown> {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new ProblemError(415, 'Unsupported media type', 'Send application/json.');
  }
  const text = await request.text();
  if (text.length > 16 * 1024) throw new ProblemError(413, 'Payload too large', 'The request body is larger than 16 KiB.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProblemError(400, 'Invalid JSON', 'The request body is not valid JSON.');
  }
}

/** The confirmation number from the route, or a 400 before any lookup (check character included). */
export function confirmationNumberFrom(params: Record<string, string>): string {
  const raw = params.confirmationNumber ?? '';
  const parsed = parseConfirmationNumber(raw);
  if (!parsed) {
    throw new ProblemError(400, 'Invalid confirmation number', 'This is not a valid confirmation number; please check it for typing errors.', [
      { path: 'confirmationNumber', message: 'Not a valid confirmation number (the check character does not match).' },
    ]);
  }
  return parsed;
}
