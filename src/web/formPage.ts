// The report form as one HTML document per language. scripts/build-web.mjs writes it to
// web/dist/index.html (English) and web/dist/de.html (German); the browser script then switches
// language in place through the data-i18n attributes, keeping what was typed.
//
// Without JavaScript it is a plain form post (openapi/openapi.json, SubmissionForm): field names
// are the JSON paths, the checkboxes send `on`, and every field is visible. reporter.locale is the
// page's language.

import { LIMITS } from '../domain/submission';
import { controlId } from './controlId';
import { EXPLOITATIONS, type Exploitation, type Locale } from '../domain/ticket';
import { escapeHtml } from './html';
import { formPath, type MessageKey, messagesFor } from './i18n';
import { renderDocument } from './layout';

export const CVSS_CALCULATOR_31 = 'https://www.first.org/cvss/calculator/3.1';
export const CVSS_CALCULATOR_40 = 'https://www.first.org/cvss/calculator/4.0';

export { controlId };

// maxlength for the single-line fields. The schema counts code points, never more than the UTF-16
// units maxlength counts, so whatever the browser lets through the API accepts. Text areas get
// none: their line breaks travel as CRLF and would count twice.
const MAX_LENGTHS: Record<string, number> = {
  offerId: LIMITS.offerIdMax,
  summary: LIMITS.summaryMax,
  cvssVector: LIMITS.cvssVectorMax,
  weakness: LIMITS.weaknessMax,
  publicDisclosure: LIMITS.publicDisclosureMax,
  'reporter.name': LIMITS.nameMax,
  'reporter.email': LIMITS.emailMax,
};

export interface FormPageOptions {
  locale: Locale;
  /** origin of the Functions app when the page is hosted elsewhere (Static Web Apps); '' = same origin */
  apiBase?: string;
  /** the bundled script, e.g. /main.js or /assets/main-3F2A.js */
  scriptSrc?: string;
  /** the chunks that script imports at once, fetched beside it (`<link rel="modulepreload">`) */
  modulePreloads?: readonly string[];
}

/** The complete form page in one language. */
export function renderFormPage(options: FormPageOptions): string {
  const { locale } = options;
  const t = messagesFor(locale);
  const text = (key: MessageKey, tag = 'span', attrs = ''): string => `<${tag}${attrs ? ` ${attrs}` : ''} data-i18n="${key}">${escapeHtml(t[key])}</${tag}>`;
  const apiBase = (options.apiBase ?? '').replace(/\/+$/, '');
  const max = (path: string): string => {
    const n = MAX_LENGTHS[path];
    return n ? ` maxlength="${n}"` : '';
  };

  const field = (args: {
    path: string;
    label: MessageKey;
    hint?: MessageKey;
    control: 'input' | 'textarea';
    type?: string;
    required?: boolean;
    extra?: string;
    after?: string;
    wrapperAttrs?: string;
    rows?: number;
  }): string => {
    const id = controlId(args.path);
    const described = args.hint ? ` aria-describedby="${id}-hint"` : '';
    const common = `id="${id}" name="${args.path}"${described}${args.required ? ' required aria-required="true"' : ''}${max(args.path)}${args.extra ?? ''}`;
    const control =
      args.control === 'textarea' ? `<textarea ${common} rows="${args.rows ?? 6}"></textarea>` : `<input ${common} type="${args.type ?? 'text'}">`;
    return `<div class="field" data-field="${args.path}"${args.wrapperAttrs ? ` ${args.wrapperAttrs}` : ''}>
${text(args.label, 'label', `for="${id}"`)}
${args.hint ? text(args.hint, 'p', `class="hint" id="${id}-hint"`) : ''}
<p class="field-error" id="${id}-error" hidden></p>
${control}${args.after ?? ''}
</div>`;
  };

  const checkbox = (path: string, label: MessageKey, controls: string): string => {
    const id = controlId(path);
    return `<div class="field check" data-field="${path}">
<p class="field-error" id="${id}-error" hidden></p>
<input type="checkbox" id="${id}" name="${path}" aria-controls="${controls}">
${text(label, 'label', `for="${id}"`)}
</div>`;
  };

  const radio = (value: 'incident' | 'vulnerability'): string => {
    const id = `${controlId('category')}-${value}`;
    return `<div class="choice">
<input type="radio" id="${id}" name="category" value="${value}" required aria-describedby="${id}-hint">
${text(`category.${value}`, 'label', `for="${id}"`)}
${text(`category.${value}.hint`, 'p', `class="hint" id="${id}-hint"`)}
</div>`;
  };

  // What the reporter knows of exploitation: a choice of four, "I do not know" until they say.
  const exploitationChoice = (value: Exploitation): string => {
    const id = `${controlId('exploitation')}-${value}`;
    return `<div class="choice">
<input type="radio" id="${id}" name="exploitation" value="${value}"${value === 'unknown' ? ' checked' : ''}>
${text(`exploitation.option.${value}`, 'label', `for="${id}"`)}
</div>`;
  };

  // The files: with the script, each sent to the new ticket once it exists (web/src/evidenceUpload.ts);
  // without it, in the same post as the report (multipart, up to one request's worth: the hint says
  // so). The field is the form's last, so a browser sends the report's fields before the files.
  const evidenceField = `<fieldset class="section">
<legend>${text('section.evidence', 'h2')}</legend>
<div class="field" data-field="evidence" id="field-evidence">
${text('evidence.label', 'label', 'for="f-evidence"')}
${text('evidence.hint', 'p', 'class="hint" id="f-evidence-hint"')}
${text('evidence.noScript', 'p', 'class="hint" id="evidence-no-script"')}
<input type="file" id="f-evidence" name="evidence" multiple aria-describedby="f-evidence-hint evidence-no-script">
</div>
</fieldset>`;

  // No field says autocomplete="off": it also stops the browser from restoring what was typed when
  // the reporter comes Back to the form (from the problem page without JavaScript, say), which
  // that page promises.
  const body = `<div id="form-view">
${text('page.title', 'h1')}
${text('page.intro', 'p', 'class="lead"')}
${text('page.required', 'p', 'class="hint"')}
<div id="error-summary" class="error-summary" role="alert" tabindex="-1" hidden>
<h2 id="error-summary-title"></h2>
<ul id="error-summary-list"></ul>
</div>
<form id="report-form" method="post" action="${escapeHtml(apiBase)}/api/tickets" enctype="multipart/form-data" accept-charset="utf-8">
<input type="hidden" name="reporter.locale" id="${controlId('reporter.locale')}" value="${locale}">

<fieldset class="section">
<legend>${text('section.event', 'h2')}</legend>
<fieldset class="field choices" data-field="category" id="${controlId('category')}" aria-describedby="${controlId('category')}-error">
<legend>${text('category.legend')}</legend>
<p class="field-error" id="${controlId('category')}-error" hidden></p>
${radio('incident')}
${radio('vulnerability')}
</fieldset>
${field({ path: 'offerId', label: 'offerId.label', hint: 'offerId.hint', control: 'input', required: true, extra: ' spellcheck="false"' })}
${field({ path: 'summary', label: 'summary.label', hint: 'summary.hint', control: 'input', required: true })}
${field({ path: 'description', label: 'description.label', hint: 'description.hint', control: 'textarea', required: true })}
</fieldset>

<fieldset class="section" id="section-vulnerability" aria-describedby="vulnerability-hint">
<legend>${text('section.vulnerability', 'h2')}</legend>
${text('vulnerability.hint', 'p', 'class="hint" id="vulnerability-hint"')}
${field({ path: 'cveId', label: 'cveId.label', hint: 'cveId.hint', control: 'input', extra: ' spellcheck="false" autocapitalize="characters"' })}
${field({
  path: 'cvssVector',
  label: 'cvssVector.label',
  hint: 'cvssVector.hint',
  control: 'input',
  extra: ' spellcheck="false" autocapitalize="characters" class="mono"',
  after: `
<output id="cvss-live" class="cvss-live" for="${controlId('cvssVector')}" aria-live="polite" hidden></output>
<p class="hint">${text('cvss.calculators')}
<a href="${CVSS_CALCULATOR_31}" rel="noopener noreferrer" target="_blank" data-i18n="cvss.calculator31">${escapeHtml(t['cvss.calculator31'])}</a>,
<a href="${CVSS_CALCULATOR_40}" rel="noopener noreferrer" target="_blank" data-i18n="cvss.calculator40">${escapeHtml(t['cvss.calculator40'])}</a></p>`,
})}
${field({ path: 'affectedVersions', label: 'affectedVersions.label', hint: 'affectedVersions.hint', control: 'textarea', rows: 3 })}
${field({ path: 'weakness', label: 'weakness.label', hint: 'weakness.hint', control: 'input', extra: ' spellcheck="false" autocapitalize="characters" class="mono"' })}
<fieldset class="field choices" data-field="exploitation" id="${controlId('exploitation')}" aria-describedby="${controlId('exploitation')}-error">
<legend>${text('exploitation.legend')}</legend>
<p class="field-error" id="${controlId('exploitation')}-error" hidden></p>
${EXPLOITATIONS.map(exploitationChoice).join('\n')}
</fieldset>
${field({ path: 'publicDisclosure', label: 'publicDisclosure.label', hint: 'publicDisclosure.hint', control: 'input', type: 'date' })}
</fieldset>

<fieldset class="section">
<legend>${text('section.mitigation', 'h2')}</legend>
${checkbox('mitigation.available', 'mitigation.available', 'field-mitigation-steps')}
${field({ path: 'mitigation.steps', label: 'mitigation.steps.label', hint: 'mitigation.steps.hint', control: 'textarea', wrapperAttrs: 'id="field-mitigation-steps"' })}
</fieldset>

<fieldset class="section">
<legend>${text('section.notification', 'h2')}</legend>
${checkbox('customerNotification.requested', 'notification.requested', 'field-notification-message')}
${field({ path: 'customerNotification.message', label: 'notification.message.label', hint: 'notification.message.hint', control: 'textarea', wrapperAttrs: 'id="field-notification-message"' })}
</fieldset>

<fieldset class="section">
<legend>${text('section.reporter', 'h2')}</legend>
${field({ path: 'reporter.name', label: 'reporter.name.label', control: 'input', required: true, extra: ' autocomplete="name"' })}
${field({ path: 'reporter.email', label: 'reporter.email.label', hint: 'reporter.email.hint', control: 'input', type: 'email', required: true, extra: ' autocomplete="email" spellcheck="false"' })}
</fieldset>

${evidenceField}

<div class="actions">
<button type="submit" id="submit-button" class="primary">${text('submit.label')}</button>
<p id="progress" class="progress" role="status" aria-live="polite"></p>
</div>
</form>
</div>

<section id="confirmation" class="confirmation" aria-labelledby="confirm-title" hidden>
${text('confirm.title', 'h1', 'id="confirm-title" tabindex="-1"')}
<div class="number-box">
${text('confirm.numberLabel', 'p', 'class="number-label" id="confirm-number-label"')}
<p class="number" id="confirmation-number" aria-labelledby="confirm-number-label confirmation-number"></p>
<button type="button" id="copy-number" class="secondary">${text('confirm.copy')}</button>
<p id="copy-status" class="copy-status" role="status" aria-live="polite"></p>
</div>
${text('confirm.quote', 'p', 'class="quote"')}
<p id="confirm-deadline" class="deadline"></p>
<p id="confirm-cvss" hidden></p>
${text('confirm.email', 'p')}
<div id="confirm-files" hidden>
<p id="confirm-files-progress" class="progress" role="status" aria-live="polite"></p>
<div id="confirm-files-arrived" hidden>
${text('confirm.files.arrived', 'p')}
<ul id="confirm-files-arrived-list"></ul>
</div>
<div id="confirm-files-refused" class="notice warning" hidden>
${text('confirm.files.refused', 'p')}
<ul id="confirm-files-refused-list"></ul>
</div>
</div>
<p><a id="status-link" class="button-link" href="#">${text('confirm.statusLink')}</a></p>
${text('confirm.statusLinkHint', 'p', 'class="hint"')}
<p><a href="${formPath(locale)}" id="another-report" data-i18n="confirm.another">${escapeHtml(t['confirm.another'])}</a></p>
</section>`;

  const other: Locale = locale === 'de' ? 'en' : 'de';
  const masthead = `<nav class="lang-switch" aria-label="${escapeHtml(t['lang.label'])}" data-i18n-aria-label="lang.label">
<a id="lang-switch" href="${formPath(other)}" hreflang="${other}" lang="${other}" data-i18n="lang.other">${escapeHtml(t['lang.other'])}</a>
</nav>`;

  return renderDocument({
    locale,
    title: t['page.title'],
    head: `<meta name="api-base" content="${escapeHtml(apiBase)}">
<script type="module" src="${escapeHtml(options.scriptSrc ?? '/main.js')}"></script>
${(options.modulePreloads ?? []).map((href) => `<link rel="modulepreload" href="${escapeHtml(href)}">\n`).join('')}`,
    masthead,
    body,
    stylesheet: 'link',
  });
}
