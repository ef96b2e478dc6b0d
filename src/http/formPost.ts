// A plain HTML form's post (no JavaScript): its refusals are pages, in the form's language.

import { LOCALES, type Locale } from '../domain/vocabulary';

/** Whether the request is a plain HTML form's post, which gets its refusal as a page with the way back to the form. */
export function isFormPost(request: { headers: { get(name: string): string | null } }): boolean {
  return (request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** The language the form was filled in (its reporter.locale field), when it says. */
export function formLocale(input: unknown): Locale | undefined {
  const locale = (input as { reporter?: { locale?: unknown } } | null)?.reporter?.locale;
  return LOCALES.find((known) => known === locale);
}
