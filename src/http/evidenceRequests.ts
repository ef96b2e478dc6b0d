// An evidence file as POST /api/tickets/{n}/attachments receives it, and as GET …/{id} hands it
// out. One file a request: a multipart/form-data part named `file` (a browser's form), or the raw
// bytes with a `filename` in Content-Disposition (curl --data-binary). Either way the bytes are
// read as a stream, never whole: the use case stages them into Blob Storage as they come, and the
// part's name is checked as soon as the part's headers arrive, before any of its bytes.

import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import busboy from 'busboy';
import { EVIDENCE_LIMITS, EvidenceRefused, evidenceFileName, tooLarge, type EvidenceFile } from '../domain/evidenceFile';
import type { IncomingFile } from '../services/evidenceFiles';
import { EXPOSED_HEADERS } from './exposedHeaders';
import type { FileRefusal } from '../web/filesSection';
import { EVIDENCE_REFUSALS } from './evidenceRefusals';
import { ignoreStreamError, malformedMultipart, partBytes } from './multipartField';
import { prefersHtml, ProblemError } from './problems';

/** A multipart envelope's boundaries and part headers take a few hundred bytes; this leaves room for long names. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * The largest request body an upload may have. The Functions host must take at least this much
 * (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT in infra/main.bicep).
 */
export const MAX_UPLOAD_REQUEST_BYTES = EVIDENCE_LIMITS.fileBytes + ENVELOPE_BYTES;

/** How the request carries its file: the name known from its headers (raw), or inside the body (multipart). */
export type UploadRequest = { kind: 'raw'; name: string } | { kind: 'multipart' };

/** Reads what the headers say of the upload; 400/413/415 problems before any byte of the body is read. */
export function readUploadHeaders(request: HttpRequest): UploadRequest {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_UPLOAD_REQUEST_BYTES) {
    throw new ProblemError(413, 'File too large', `A file may have at most ${EVIDENCE_LIMITS.fileBytes / 1024 / 1024} MiB. Nothing was stored.`);
  }
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'multipart/form-data') return { kind: 'multipart' };
  if (mediaType === '') {
    throw new ProblemError(
      415,
      'Unsupported media type',
      'Send the file as multipart/form-data (a part named file), or as its raw bytes with a Content-Type and a filename in Content-Disposition.',
      undefined,
      { Accept: 'multipart/form-data, */*' },
    );
  }
  const name = filenameOf(request.headers.get('content-disposition'));
  if (name === null) {
    throw new ProblemError(400, 'File name missing', 'Name the file in Content-Disposition, e.g. Content-Disposition: attachment; filename="capture.pcap".', [
      { path: 'filename', message: 'Content-Disposition has no filename.' },
    ]);
  }
  return { kind: 'raw', name: evidenceFileName(name) };
}

/** The file the request carries, read once it is asked for (after the caller is admitted). */
export function receiveUpload(request: HttpRequest, upload: UploadRequest): () => Promise<IncomingFile> {
  return async () => {
    const body = request.body as WebReadableStream<Uint8Array> | null;
    if (upload.kind === 'raw') return { name: upload.name, chunks: body ?? emptyChunks() };
    if (!body) throw noFilePart();
    return filePart(request.headers.get('content-type') ?? '', Readable.fromWeb(body));
  };
}

async function* emptyChunks(): AsyncIterable<Uint8Array> {}

// A file id as the store mints it: the instant, then random hex.
const FILE_ID = /^\d{8}T\d{9}Z-[0-9a-f]{12}$/;

/** The route's file id ({id}), or the 404 problem for one the store never mints. */
export function fileIdFrom(params: Record<string, string>): string {
  const id = params.id ?? '';
  if (!FILE_ID.test(id)) throw new ProblemError(404, 'File not found', 'This ticket has no file with this id.');
  return id;
}

const NO_FILE_TITLE = 'File missing';

function noFilePart(): ProblemError {
  return new ProblemError(400, NO_FILE_TITLE, 'Send the file in a multipart/form-data part named file.', [{ path: 'file', message: 'No part named file.' }]);
}

function onePartOnly(): ProblemError {
  return new ProblemError(400, 'One file a request', 'Send one file a request, in a part named file, and no other parts; nothing was stored.', [
    { path: 'file', message: 'The request has more parts than the one named file.' },
  ]);
}

/**
 * The part named `file` of a multipart body: resolves when its headers arrive, with its bytes to
 * come as a stream. A body with any other part is refused: before the file, at once; after it,
 * when its last byte has been read (so that nothing is committed). `fields` takes the small fields
 * allowed before the file (the status page's `csrf`), which are kept there even when the file is refused.
 */
function filePart(
  contentType: string,
  source: Readable,
  options: { fields?: { allowed: ReadonlySet<string>; values: Map<string, string> }; declaredTooLarge?: boolean } = {},
): Promise<IncomingFile> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    const allowed = options.fields?.allowed ?? new Set<string>();
    try {
      // preservePath: a name with a path is refused, not cut down silently; names are UTF-8, as browsers send them.
      parser = busboy({
        headers: { 'content-type': contentType },
        preservePath: true,
        defParamCharset: 'utf8',
        limits: { files: 1, fields: allowed.size, fieldSize: 1024 },
      });
    } catch {
      reject(new ProblemError(400, 'Invalid multipart body', 'The multipart/form-data body has no boundary.'));
      return;
    }
    let extra = false;
    let done!: () => void;
    const finished = new Promise<void>((resolveFinished, rejectFinished) => {
      done = resolveFinished;
      // on, not once: busboy may emit more than one error for a malformed body, and an 'error' without a listener would end the process.
      parser.on('error', rejectFinished);
    });
    // Awaited only once a file was handed on (untilEnd); a body refused before its file leaves it unawaited, not unhandled.
    finished.catch(() => undefined);
    const refuseExtra = () => {
      extra = true;
      reject(onePartOnly());
    };
    parser.on('field', (field, value) => {
      if (allowed.has(field) && !options.fields?.values.has(field)) options.fields?.values.set(field, value);
      else refuseExtra();
    });
    parser.on('fieldsLimit', refuseExtra);
    parser.on('filesLimit', () => (extra = true));
    parser.once('close', () => {
      done();
      reject(noFilePart()); // no effect once the file was given
    });
    parser.on('error', () => reject(malformedMultipart()));
    parser.once('file', (field, stream, info) => {
      // A body that ends inside the part destroys its stream with an error; the parser reports it too
      // (and a reader of the part sees it), so one that nobody reads must not be left without a listener.
      stream.on('error', ignoreStreamError);
      if (field !== 'file') {
        stream.resume();
        reject(onePartOnly());
        return;
      }
      let name: string;
      // A page's form without a file chosen sends a part named file without a name or bytes.
      if (options.fields && (info.filename ?? '') === '') {
        stream.resume();
        reject(noFilePart());
        return;
      }
      try {
        if (options.declaredTooLarge) throw tooLarge(EVIDENCE_LIMITS.fileBytes);
        name = evidenceFileName(info.filename ?? '');
      } catch (error) {
        stream.resume();
        reject(error);
        return;
      }
      resolve({ name, chunks: untilEnd(stream, finished, () => extra) });
    });
    source.pipe(parser);
  });
}

/** What the status page's upload form posted: its CSRF token, and the file or why it cannot be taken. */
export interface PageUpload {
  csrf: string | null;
  file: IncomingFile | { refused: unknown };
}

/**
 * The status page's upload form (multipart/form-data: the `csrf` field, then the part named
 * `file`), read up to the file's headers. A refusal before the file's bytes (its name, a body too
 * large, no file chosen) is kept for the page to show once the caller is admitted; the rest of
 * the body is read and dropped.
 */
export async function readPageUpload(request: HttpRequest): Promise<PageUpload> {
  const values = new Map<string, string>();
  const body = request.body as WebReadableStream<Uint8Array> | null;
  const declaredTooLarge = Number(request.headers.get('content-length') ?? '0') > MAX_UPLOAD_REQUEST_BYTES;
  let file: PageUpload['file'];
  try {
    if (!body) throw noFilePart();
    file = await filePart(request.headers.get('content-type') ?? '', Readable.fromWeb(body), {
      fields: { allowed: new Set(['csrf']), values },
      declaredTooLarge,
    });
  } catch (error) {
    file = { refused: error };
  }
  const csrf = values.get('csrf')?.trim() ?? '';
  return { csrf: csrf === '' ? null : csrf, file };
}

/**
 * Why the page's upload was refused, for the page to say (with its HTTP status); null for an
 * error that is not about the file (it is answered as ever).
 */
export function pageRefusalOf(error: unknown): { code: FileRefusal; status: number } | null {
  if (error instanceof EvidenceRefused) return { code: error.code, status: EVIDENCE_REFUSALS[error.code].status };
  if (error instanceof ProblemError && error.status === 400) return { code: error.title === NO_FILE_TITLE ? 'missing' : 'failed', status: 400 };
  return null;
}

/** Reads what is left of a refused file and drops it, so that the browser gets the page after sending its whole form. */
export async function drain(chunks: AsyncIterable<Uint8Array>): Promise<void> {
  try {
    for await (const chunk of chunks) void chunk;
  } catch {
    // Refused already; what the rest of the body says changes nothing.
  }
}

/** Whether the request is a browser's form post of a file (the status page's), answered with the page. */
export function isPageUpload(request: HttpRequest): boolean {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'multipart/form-data' && prefersHtml(request) && !request.headers.get('authorization');
}

/** The part's bytes, then the end of the body: a part after the file refuses the file too. */
async function* untilEnd(stream: Readable, finished: Promise<void>, extra: () => boolean): AsyncIterable<Uint8Array> {
  yield* partBytes(stream);
  await finished.catch(() => {
    throw malformedMultipart();
  });
  if (extra()) throw onePartOnly();
}

/**
 * The file name in a Content-Disposition header (RFC 6266): `filename*` (RFC 8187, UTF-8) when
 * given, else `filename` (a token or a quoted string); null when there is neither.
 */
export function filenameOf(header: string | null): string | null {
  if (!header) return null;
  const params = new Map<string, string>();
  const pattern = /;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)/g;
  for (const match of header.matchAll(pattern)) {
    const key = match[1]!.toLowerCase();
    const raw = match[2]!;
    if (!params.has(key)) params.set(key, raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw);
  }
  const extended = params.get('filename*');
  if (extended !== undefined) {
    const parts = /^utf-8'[^']*'(.*)$/i.exec(extended);
    if (parts) {
      try {
        return decodeURIComponent(parts[1]!);
      } catch {
        return null;
      }
    }
  }
  return params.get('filename') ?? null;
}

/** A file as the API answers it (openapi/openapi.json, EvidenceFile). */
export function evidenceJson(file: EvidenceFile): EvidenceFile {
  return {
    id: file.id,
    name: file.name,
    size: file.size,
    contentType: file.contentType,
    sha256: file.sha256,
    scan: file.scan,
    uploadedBy: file.uploadedBy,
    at: file.at,
  };
}

/**
 * The file's bytes as a download: always an attachment (RFC 6266, with the name in `filename*`
 * and a plain ASCII fallback), the type checked at upload with `nosniff`, a sandboxing CSP in case
 * a browser renders it anyway, and the SHA-256 recorded at upload (RFC 9530 Repr-Digest).
 */
export function downloadResponse(file: EvidenceFile, bytes: AsyncIterable<Uint8Array>): HttpResponseInit {
  return {
    status: 200,
    headers: {
      ...EXPOSED_HEADERS,
      'Content-Type': file.contentType,
      'Content-Length': String(file.size),
      'Content-Disposition': contentDisposition(file.name),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Repr-Digest': `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`,
    },
    body: bytes,
  };
}

/** `attachment; filename="…"; filename*=UTF-8''…`: the ASCII fallback has every other character as `_`. */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
