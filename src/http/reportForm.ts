// POST /api/tickets as the web form without JavaScript sends a report with its files: one
// multipart/form-data body, the report's fields first (named as in the form-urlencoded post), then
// the chosen files in parts named `evidence` (a browser sends the parts in the form's order, and the
// file field is the form's last). The fields are read whole (at most 64 KiB, as a form-urlencoded
// body); the files are handed on one at a time as streams, their names checked from the part's
// headers before any of their bytes, so that the use case stages them as they arrive.

import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { HttpRequest } from '@azure/functions';
import busboy from 'busboy';
import { EVIDENCE_LIMITS, EvidenceRefused, evidenceFileName } from '../domain/evidenceFile';
import { ReportFileRefused, type IncomingFile } from '../services/evidenceFiles';
import type { Locale } from '../domain/vocabulary';
import { FILE_REFUSED, REPORT_FILES_TOO_LARGE } from '../web/i18n';
import { EVIDENCE_REFUSALS } from './evidenceRefusals';
import { MAX_UPLOAD_REQUEST_BYTES } from './evidenceRequests';
import { ignoreStreamError, malformedMultipart, partBytes } from './multipartField';
import { ProblemError } from './problems';
import { MAX_BODY_BYTES } from './submissionBody';

/** The form's file field. */
export const REPORT_FILES_FIELD = 'evidence';

/**
 * The largest report-with-files body: as much as one upload (the Functions host's request limit,
 * FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, is sized for it). Files beyond it go on the status page after
 * the report, one a request.
 */
export const MAX_REPORT_FORM_BYTES = MAX_UPLOAD_REQUEST_BYTES;

// Far more than the form has (about twenty); a body of thousands of tiny fields is refused early.
const MAX_FIELDS = 200;

/** Whether the request is a multipart form post (the web form with its files). */
export function isMultipartForm(request: { headers: { get(name: string): string | null } }): boolean {
  return (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() === 'multipart/form-data';
}

/** What the form sent: its fields, and its files to come, in order, each read once. */
export interface ReportForm {
  fields: Array<[string, string]>;
  files: AsyncIterable<IncomingFile>;
  /** Reads and drops what is left of the body (the report was refused for its fields). */
  discard(): void;
}

/** Reads the form's fields and returns them with its files to come; 400/413 problems for a body that is not such a form. */
export async function readReportForm(request: HttpRequest): Promise<ReportForm> {
  if (Number(request.headers.get('content-length') ?? '0') > MAX_REPORT_FORM_BYTES) throw formTooLarge();
  const body = request.body as WebReadableStream<Uint8Array> | null;
  if (!body) throw new ProblemError(400, 'Invalid request', 'The request body is empty.', [{ path: '', message: 'The request body is empty.' }]);
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': request.headers.get('content-type') ?? '' },
      // A name with a path is refused, not cut down silently; values and names are UTF-8, as the form's accept-charset says.
      preservePath: true,
      defParamCharset: 'utf8',
      // One more file than a ticket takes: the form's empty file part when none was chosen.
      limits: { fields: MAX_FIELDS, fieldSize: MAX_BODY_BYTES, files: EVIDENCE_LIMITS.filesPerTicket + 1 },
    });
  } catch {
    throw new ProblemError(400, 'Invalid multipart body', 'The multipart/form-data body has no boundary.');
  }

  const fields: Array<[string, string]> = [];
  let fieldBytes = 0;
  let filesBegun = false;
  let failure: unknown = null;
  let discarding = false;
  let current: Readable | null = null;
  const events: Array<{ file: IncomingFile } | { end: true } | { error: unknown }> = [];
  let wake: (() => void) | null = null;
  const push = (event: (typeof events)[number]): void => {
    events.push(event);
    wake?.();
    wake = null;
  };
  let fieldsRead!: () => void;
  let fieldsRefused!: (error: unknown) => void;
  const fieldsReady = new Promise<void>((resolve, reject) => {
    fieldsRead = resolve;
    fieldsRefused = reject;
  });
  const fail = (error: unknown): void => {
    if (failure !== null) return;
    failure = error;
    fieldsRefused(error);
    push({ error });
  };

  parser.on('field', (name, value, info) => {
    if (filesBegun) return fail(fieldAfterFiles(name));
    fieldBytes += Buffer.byteLength(name) + Buffer.byteLength(value);
    if (info.nameTruncated || info.valueTruncated || fieldBytes > MAX_BODY_BYTES) return fail(fieldsTooLarge());
    fields.push([name, value]);
  });
  parser.on('fieldsLimit', () =>
    fail(
      new ProblemError(400, 'Invalid submission', `The form has more than ${MAX_FIELDS} fields; a report has about twenty. Nothing was stored.`, [
        { path: '', message: `More than ${MAX_FIELDS} fields.` },
      ]),
    ),
  );
  parser.on('filesLimit', () =>
    fail(new EvidenceRefused('too_many_files', `A report takes at most ${EVIDENCE_LIMITS.filesPerTicket} files. Nothing was stored.`)),
  );
  parser.on('file', (field, stream, info) => {
    // A body that ends inside the part destroys its stream with an error; the parser reports it too
    // (and a reader of the part sees it), so one that nobody reads must not be left without a listener.
    stream.on('error', ignoreStreamError);
    if (!filesBegun) {
      filesBegun = true;
      fieldsRead();
    }
    if (failure !== null || discarding) return void stream.resume();
    if (field !== REPORT_FILES_FIELD) {
      stream.resume();
      return fail(
        new ProblemError(400, 'Invalid submission', `Files go in the field ${REPORT_FILES_FIELD}.`, [
          { path: field, message: `Unknown field; files go in the field ${REPORT_FILES_FIELD}.` },
        ]),
      );
    }
    const filename = info.filename ?? '';
    if (filename === '') {
      // The form's file field with no file chosen: a part without a name, and without bytes.
      stream.on('data', (chunk: Buffer) => {
        if (chunk.length > 0) fail(new EvidenceRefused('invalid_name', 'The file needs a name.'));
      });
      return void stream.resume();
    }
    let name: string;
    try {
      name = evidenceFileName(filename);
    } catch (error) {
      stream.resume();
      return fail(error);
    }
    current = stream;
    push({ file: { name, chunks: partBytes(stream) } });
  });
  parser.once('close', () => {
    fieldsRead();
    push({ end: true });
  });
  // on, not once: busboy may emit more than one error for a malformed body, and an 'error' without a listener would end the process.
  parser.on('error', () => fail(malformedMultipart()));
  Readable.fromWeb(body).pipe(parser);

  const discard = (): void => {
    discarding = true;
    current?.resume();
  };
  async function* files(): AsyncGenerator<IncomingFile> {
    try {
      for (;;) {
        while (events.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const event = events.shift()!;
        if ('error' in event) throw event.error;
        if ('end' in event) return;
        yield event.file;
      }
    } finally {
      // Refused or done: what is left of the body is read and dropped, so the parser does not wait on a file nobody reads.
      discard();
    }
  }

  await fieldsReady;
  return { fields, files: files(), discard };
}

/**
 * The problem for a report refused for one of its files (ReportFileRefused, or an EvidenceRefused
 * the form's reading found: a name, too many files), in the form's language; null for any other error.
 */
export function reportFileProblem(error: unknown, locale: Locale | undefined): ProblemError | null {
  const named = error instanceof ReportFileRefused ? error : null;
  const refusal = named?.refusal ?? (error instanceof EvidenceRefused ? error : null);
  if (!refusal) return null;
  const { status, title } = EVIDENCE_REFUSALS[refusal.code];
  const about = named ? `The file “${named.fileName}”: ` : '';
  return new ProblemError(
    status,
    title,
    `The report was not sent, and nothing was stored. ${about}${refusal.message}`,
    [
      {
        path: REPORT_FILES_FIELD,
        message: `${about}${refusal.message}`,
        code: FILE_REFUSED,
        params: { ...(named ? { name: named.fileName } : {}), reason: refusal.code },
      },
    ],
    {},
    locale,
  );
}

function formTooLarge(): ProblemError {
  const mib = EVIDENCE_LIMITS.fileBytes / 1024 / 1024;
  return new ProblemError(
    413,
    'Report and files too large',
    `A report sent with its files may have at most ${mib} MiB of files in all. Send it with fewer, and add the others on the status page afterwards, one at a time. Nothing was stored.`,
    [{ path: REPORT_FILES_FIELD, message: `The files sent with a report may have at most ${mib} MiB in all.`, code: REPORT_FILES_TOO_LARGE }],
  );
}

function fieldsTooLarge(): ProblemError {
  return new ProblemError(413, 'Payload too large', `The report's fields are larger than ${MAX_BODY_BYTES / 1024} KiB.`);
}

function fieldAfterFiles(name: string): ProblemError {
  return new ProblemError(400, 'Invalid multipart body', 'The report’s fields come before its files; nothing was stored.', [
    { path: name, message: 'This field came after a file.' },
  ]);
}
