// A plain HTML form's post (no JavaScript): its refusals are pages, in the form's language.

import type { HttpRequest } from '@azure/functions';
import { LOCALES, type Locale } from '../domain/vocabulary';
import { ProblemError } from './problems';

/** Whether the request is a plain HTML form's post, which gets its refusal as a page with the way back to the form. */
export function isFormPost(request: { headers: { get(name: string): string | null } }): boolean {
  return (request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** The language the form was filled in (its reporter.locale field), when it says. */
export function formLocale(input: unknown): Locale | undefined {
  const locale = (input as { reporter?: { locale?: unknown } } | null)?.reporter?.locale;
  return LOCALES.find((known) => known === locale);
}

/**
 * The fields of a small plain form's post (application/x-www-form-urlencoded, at most `maxBytes`,
 * such as the access code's or the console's sign-in): 415 (with `detail`, which says what to
 * send) and 413 as problems.
 */
export async function readSmallForm(request: HttpRequest, options: { maxBytes: number; detail: string }): Promise<URLSearchParams> {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') {
    throw new ProblemError(415, 'Unsupported media type', options.detail, undefined, { Accept: 'application/x-www-form-urlencoded' });
  }
  const tooLarge = () => new ProblemError(413, 'Payload too large', `The request body is larger than ${options.maxBytes / 1024} KiB.`);
  if (Number(request.headers.get('content-length') ?? '0') > options.maxBytes) throw tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text, 'utf8') > options.maxBytes) throw tooLarge();
  return new URLSearchParams(text);
}
