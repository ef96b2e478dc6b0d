// The status page's "Files" section: the ticket's evidence files (name, size, type, SHA-256, who
// added it and when, and where its malware check stands, in words), each clean or unscanned file
// a plain download link, and for the reporter the upload form. The form is a plain
// multipart/form-data post (no JavaScript needed) with the status cookie and the page's CSRF token,
// which comes before the file in the body so that it is checked before any byte of the file is
// read (src/functions/addAttachment.ts). Every file name is the sender's text: escaped.

import type { EvidenceFile, EvidenceRefusalCode } from '../domain/evidenceFile';
import type { Locale } from '../domain/ticket';
import { ticketPath } from '../services/statusLink';
import { csrfField, escapeHtml } from './html';
import { fill, messagesFor, type MessageKey, type Messages } from './i18n';
import { formatInstantBesideUtc } from './presentation';

/** Why the page's upload was refused: the domain's refusals, no file chosen, or the upload broke off. */
export type FileRefusal = EvidenceRefusalCode | 'missing' | 'failed';

/** What the last upload from the page did. */
export type FilesFeedback = { kind: 'added'; name: string } | { kind: 'refused'; code: FileRefusal };

/** Where a ticket's files are uploaded and listed (src/functions/addAttachment.ts). */
export function attachmentsPath(confirmationNumber: string): string {
  return `${ticketPath(confirmationNumber)}/attachments`;
}

/** Where one file is downloaded: the status cookie (this ticket's paths) or the token authorises it. */
export function attachmentPath(confirmationNumber: string, id: string): string {
  return `${attachmentsPath(confirmationNumber)}/${encodeURIComponent(id)}`;
}

/** The refusal's reason in the reader's words (the form's script uses it too). */
export function fileRefusalText(code: FileRefusal, locale: Locale): string {
  return messagesFor(locale)[`files.refused.${code}` as MessageKey];
}

/** A size as the reader reads it: bytes below a KiB, else KiB or MiB with one decimal. */
export function fileSizeText(bytes: number, locale: Locale): string {
  const t = messagesFor(locale);
  const tag = locale === 'de' ? 'de-DE' : 'en-GB';
  if (bytes < 1024) return fill(t['files.bytes'], { size: bytes.toLocaleString(tag) });
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KiB'] : [bytes / 1024 / 1024, 'MiB'];
  return `${value.toLocaleString(tag, { maximumFractionDigits: 1 })} ${unit}`;
}

export function renderFilesSection(args: {
  confirmationNumber: string;
  files: EvidenceFile[];
  locale: Locale;
  /** the reporter gets the upload form (with the page's CSRF token); an operator reading the page only the list */
  canUpload: boolean;
  csrf?: string;
  feedback?: FilesFeedback;
  /** IANA name of the zone instants are shown in (default UTC) */
  timeZone?: string;
}): string {
  const t = messagesFor(args.locale);
  const when = (iso: string): string =>
    `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatInstantBesideUtc(iso, args.locale, args.timeZone ?? 'UTC'))}</time>`;
  const list =
    args.files.length === 0
      ? `<p id="files-empty">${escapeHtml(t['files.empty'])}</p>`
      : `<ul class="file-list" id="file-list">\n${args.files.map((f) => renderFile(args.confirmationNumber, f, args.locale, t, when)).join('\n')}\n</ul>`;
  return `<section class="files" id="files" aria-labelledby="files-title">
<h2 id="files-title">${escapeHtml(t['files.title'])}</h2>
<p class="hint">${escapeHtml(t['files.intro'])}</p>
${renderFeedback(args.feedback, args.locale)}${list}
${args.canUpload ? renderUploadForm(args.confirmationNumber, args.csrf, args.feedback, t) : ''}
</section>`;
}

function renderFeedback(feedback: FilesFeedback | undefined, locale: Locale): string {
  if (!feedback) return '';
  const t = messagesFor(locale);
  if (feedback.kind === 'added') {
    return `<p class="notice" id="files-feedback" role="status">${escapeHtml(fill(t['files.added'], { name: feedback.name }))}</p>\n`;
  }
  const text = fill(t['files.refused'], { reason: fileRefusalText(feedback.code, locale) });
  return `<p class="notice warning" id="files-feedback" role="alert">${escapeHtml(text)}</p>\n`;
}

function renderFile(confirmationNumber: string, file: EvidenceFile, locale: Locale, t: Messages, when: (iso: string) => string): string {
  const downloadable = file.scan === 'clean' || file.scan === 'not-scanned';
  const name = escapeHtml(file.name);
  const title = downloadable
    ? `<a class="file-name" href="${escapeHtml(attachmentPath(confirmationNumber, file.id))}">${name}</a>`
    : `<span class="file-name">${name}</span>`;
  const fact = (key: MessageKey, value: string) => `<div><dt>${escapeHtml(t[key])}</dt><dd>${value}</dd></div>`;
  return `<li class="file scan-${escapeHtml(file.scan)}" id="file-${escapeHtml(file.id)}">
<p class="file-title">${title}</p>
<dl class="facts file-facts">
${fact('files.size', escapeHtml(fileSizeText(file.size, locale)))}
${fact('files.type', `<span class="mono">${escapeHtml(file.contentType)}</span>`)}
${fact('files.sha256', `<span class="mono sha256">${escapeHtml(file.sha256)}</span>`)}
${fact('files.by', escapeHtml(t[`thread.author.${file.uploadedBy}`]))}
${fact('files.at', when(file.at))}
${fact('files.scan', `<span class="file-scan">${escapeHtml(t[`files.scan.${file.scan}`])}</span>`)}
</dl>
</li>`;
}

// The CSRF field comes first: the body is read in order, and the token is checked before the file.
function renderUploadForm(confirmationNumber: string, csrf: string | undefined, feedback: FilesFeedback | undefined, t: Messages): string {
  if (csrf === undefined) return '';
  const refused = feedback?.kind === 'refused';
  return `<form id="upload-form" method="post" action="${escapeHtml(attachmentsPath(confirmationNumber))}" enctype="multipart/form-data" aria-labelledby="upload-title">
<h3 id="upload-title">${escapeHtml(t['files.upload.title'])}</h3>
${csrfField(csrf)}
<div class="field">
<label for="upload-file">${escapeHtml(t['files.upload.label'])}</label>
<p class="hint" id="upload-file-hint">${escapeHtml(t['files.upload.hint'])}</p>
<input type="file" id="upload-file" name="file" required aria-required="true" aria-describedby="upload-file-hint${refused ? ' files-feedback' : ''}"${refused ? ' aria-invalid="true"' : ''}>
</div>
<div class="actions">
<button type="submit" class="primary">${escapeHtml(t['files.upload.submit'])}</button>
</div>
</form>`;
}
