// Reads the body of POST /api/tickets: media type (415), size (413), syntax (400), a form's fields
// decoded (formFields.ts). What the body says is the schema's business (domain/submission.ts).

import type { HttpRequest } from '@azure/functions';
import { formToSubmissionInput } from './formFields';
import { ProblemError } from './problems';

export const MAX_BODY_BYTES = 64 * 1024;

// Stateless for one-shot decoding, so one serves every request.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

export type SubmissionBody = { kind: 'json' | 'form'; input: unknown; raw: string };

export async function readSubmissionBody(request: HttpRequest): Promise<SubmissionBody> {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const kind = mediaType === 'application/json' || mediaType.endsWith('+json') ? 'json' : mediaType === 'application/x-www-form-urlencoded' ? 'form' : null;
  if (!kind) {
    throw new ProblemError(
      415,
      'Unsupported media type',
      'Send application/json, or an HTML form: application/x-www-form-urlencoded, or multipart/form-data with files.',
      undefined,
      {
        Accept: 'application/json, application/x-www-form-urlencoded, multipart/form-data',
      },
    );
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > MAX_BODY_BYTES) throw tooLarge();
  if (bytes.length === 0) throw new ProblemError(400, 'Invalid request', 'The request body is empty.', [{ path: '', message: 'The request body is empty.' }]);
  let raw: string;
  try {
    raw = STRICT_UTF8.decode(bytes);
  } catch {
    throw new ProblemError(400, 'Invalid request', 'The request body is not valid UTF-8.');
  }
  if (kind === 'json') {
    try {
      return { kind, input: JSON.parse(raw) as unknown, raw };
    } catch {
      throw new ProblemError(400, 'Invalid JSON', 'The request body is not valid JSON.', [{ path: '', message: 'The request body is not valid JSON.' }]);
    }
  }
  return { kind, input: formToSubmissionInput(new URLSearchParams(raw)), raw };
}

function tooLarge(): ProblemError {
  return new ProblemError(413, 'Payload too large', `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
}
