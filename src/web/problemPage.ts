// The problem page: what a browser gets when the service refused what it sent (a plain form post
// without JavaScript, the email's status link with a wrong token): the problem's title and detail,
// each field error in the page's language, and the way back to the form. The problem itself, and
// when a request wants it as a page, are src/http/problems.ts's.

import type { Locale } from '../domain/vocabulary';
import { escapeHtml } from './html';
import { type CodedFieldError, fieldLabel, fill, formUrl, localizedFieldError, type MessageKey, type Messages, messagesFor } from './i18n';
import { renderDocument } from './layout';
import { PAGE_HEADERS } from './securityHeaders';

/** A problem as its page shows it. */
export interface ShownProblem {
  status: number;
  title: string;
  detail?: string;
  errors?: readonly CodedFieldError[];
  /** field errors beyond `errors`, counted but not listed */
  moreErrors?: number;
  /** the problem's Retry-After, for the words of a 429 */
  retryAfterSeconds?: number;
}

/** The problem page as an HTTP answer: the problem's status and headers (Retry-After …), no-store, the pages' security headers. */
export function problemPageResponse(
  problem: ShownProblem & { headers?: Record<string, string> },
  options: { locale: Locale; webOrigin?: string },
): { status: number; headers: Record<string, string>; body: string } {
  const { headers = {}, ...shown } = problem;
  const retryAfter = Number(headers['Retry-After']);
  const wait = Number.isInteger(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {};
  return { status: problem.status, headers: { ...headers, ...PAGE_HEADERS }, body: renderProblemPage({ ...wait, ...shown, ...options }) };
}

/**
 * The answer to a form post without JavaScript that the service refused: the problem's title and
 * detail, each field error in the page's language, and the way back to the form.
 */
export function renderProblemPage(
  args: ShownProblem & {
    locale: Locale;
    /** as for renderStatusPage: where "back to the form" leads when the form is on another origin */
    webOrigin?: string;
  },
): string {
  const { locale } = args;
  const t = messagesFor(locale);
  const errors = args.errors ?? [];
  const list = errors.length
    ? `<p>${escapeHtml(t['problem.fix'])}</p>
<ul class="problem-list">
${errors.map((e) => `<li>${problemItem(e, locale)}</li>`).join('\n')}
</ul>${args.moreErrors ? `\n<p>${escapeHtml(fill(t[args.moreErrors === 1 ? 'problem.moreOne' : 'problem.more'], { n: args.moreErrors }))}</p>` : ''}`
    : '';
  const title = shownTitle(args.status, args.title, t, locale);
  // With field errors the detail only repeats them.
  const detail = errors.length === 0 ? shownDetail(args, t, locale) : '';
  const body = `<section class="problem" aria-labelledby="problem-title">
<h1 id="problem-title">${escapeHtml(title)}</h1>
<div class="error-summary" role="alert">
${detail}
${list}
</div>
<p><a class="button-link" href="${escapeHtml(formUrl(locale, args.webOrigin))}">${escapeHtml(t['problem.back'])}</a></p>
<p class="hint">${escapeHtml(t['problem.backHint'])}</p>
</section>`;
  return renderDocument({ locale, title, body, stylesheet: 'embed' });
}

const WORDED_STATUSES = [400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503] as const;
const DETAILED_STATUSES = [404, 413, 415, 429, 503] as const;

// The service's problems are titled in English, which the English page shows as they are; the
// German page gives its own title for the status.
function shownTitle(status: number, title: string, t: Messages, locale: Locale): string {
  if (locale === 'en') return title;
  const worded = (WORDED_STATUSES as readonly number[]).includes(status);
  return t[(worded ? `problem.title.${status}` : 'problem.title.other') as MessageKey];
}

// The service's detail is English too: the German page has its own words for the common refusals,
// and shows any other detail as it is, marked as English.
function shownDetail(args: ShownProblem, t: Messages, locale: Locale): string {
  if (!args.detail) return '';
  if (locale === 'en') return `<p>${escapeHtml(args.detail)}</p>`;
  if ((DETAILED_STATUSES as readonly number[]).includes(args.status) && (args.status !== 429 || args.retryAfterSeconds !== undefined)) {
    const words = fill(t[`problem.detail.${args.status}` as MessageKey], { seconds: args.retryAfterSeconds ?? 0 });
    return `<p>${escapeHtml(words)}</p>`;
  }
  return `<p lang="en">${escapeHtml(args.detail)}</p>`;
}

// Our own wording names its field. An error we could only show in the server's English (a code this
// version does not know) gets the field's label in the page language, and its own lang.
function problemItem(error: CodedFieldError, locale: Locale): string {
  const localized = localizedFieldError(error, locale);
  if (localized.locale === locale) return escapeHtml(localized.message);
  const label = fieldLabel(error.path, locale);
  return `${label ? `<strong>${escapeHtml(label)}</strong> – ` : ''}<span lang="${localized.locale}">${escapeHtml(localized.message)}</span>`;
}
