// Edge validation of operator requests and query strings (zod); failures are 400 problems.

import { z } from 'zod';
import { parseConfirmationNumber } from '../domain/confirmationNumber';
import { OUTCOMES, PRIORITIES, SEVERITIES, STATUS_CHANGES, statusChange, TICKET_STATUSES } from '../domain/ticket';
import { SLA_REPORT_DAYS } from '../services/slaRecord';
import { invalidFields, ProblemError, type FieldProblem } from './problems';

const note = z.string().trim().min(1, 'A note must not be blank.').max(2000, 'A note has at most 2000 characters.').optional();

// What a value must be, from the list itself: 'investigating or resolved', 'one of p1, p2, p3, p4'.
function choices(values: readonly string[]): string {
  return values.length === 2 ? values.join(' or ') : `one of ${values.join(', ')}`;
}

function oneOf<const T extends readonly [string, ...string[]]>(name: string, values: T) {
  return z.enum(values, { error: `${name} must be ${choices(values)}.` });
}

export const acknowledgeSchema = z.strictObject({
  priority: oneOf('priority', PRIORITIES),
  severity: oneOf('severity', SEVERITIES).optional(),
  note,
});

// The request's shape here; whether it names an outcome when it must is the lifecycle's rule
// (statusChange throws OutcomeRequired or OutcomeOnlyOnResolution, answered 400 by problems.ts).
export const statusChangeSchema = z
  .strictObject({
    status: oneOf('status', STATUS_CHANGES),
    outcome: oneOf('outcome', OUTCOMES).optional(),
    note,
  })
  .transform(statusChange);

export const listQuerySchema = z.strictObject({
  status: oneOf('status', TICKET_STATUSES).optional(),
  slaBreached: z.enum(['true', 'false'], { error: 'slaBreached must be true or false.' }).optional(),
  continuationToken: z.string().min(1).max(2048).optional(),
});

const { min: MIN_DAYS, max: MAX_DAYS, default: DEFAULT_DAYS } = SLA_REPORT_DAYS;

export const slaReportQuerySchema = z.strictObject({
  days: z
    .string()
    .regex(/^\d{1,3}$/, `days must be a whole number from ${MIN_DAYS} to ${MAX_DAYS}.`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(MIN_DAYS, `days must be a whole number from ${MIN_DAYS} to ${MAX_DAYS}.`)
        .max(MAX_DAYS, `days must be a whole number from ${MIN_DAYS} to ${MAX_DAYS}.`),
    )
    .default(DEFAULT_DAYS),
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
