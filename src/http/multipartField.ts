// One small text field of a multipart/form-data body that comes before its files (the console's
// `csrf` before the file of an upload), read from the start of the body without the rest: the
// parse stops at the field or at the first file, so a 10 MiB upload is not read (or copied) to
// find a token of a few dozen bytes.

import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { ProblemError } from './problems';

/** The value of the field `name` before the body's first file; null when there is none (or the body is no such form). */
export function leadingMultipartField(contentType: string, body: WebReadableStream<Uint8Array> | null, name: string): Promise<string | null> {
  if (!body) return Promise.resolve(null);
  return new Promise((resolve) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentType }, limits: { fields: 20, fieldSize: 4096, files: 1 } });
    } catch {
      resolve(null);
      return;
    }
    const source = Readable.fromWeb(body);
    const finish = (value: string | null): void => {
      resolve(value);
      // What is left of this copy of the body is not needed.
      source.unpipe(parser);
      source.destroy();
    };
    parser.on('field', (field, value) => {
      if (field === name) finish(value);
    });
    parser.on('file', (_field, stream) => {
      stream.on('error', ignoreStreamError); // the parser reports a malformed body; this copy's part is never read
      stream.resume();
      finish(null);
    });
    parser.on('close', () => finish(null));
    // on, not once: a malformed body may make the parser fail more than once.
    parser.on('error', () => finish(null));
    source.on('error', () => finish(null));
    source.pipe(parser);
  });
}

/** An error the parser reports as well: on a part's stream it must not go unheard (an unheard 'error' ends the process). */
export function ignoreStreamError(): void {}

/** The answer to a multipart body that cannot be read to its end. */
export function malformedMultipart(): ProblemError {
  return new ProblemError(400, 'Invalid multipart body', 'The multipart/form-data body is malformed.');
}

/** A file part's bytes; a body that ends inside the part is a malformed body (400), not a fault of ours. */
export async function* partBytes(stream: Readable): AsyncIterable<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch {
    throw malformedMultipart();
  }
}
