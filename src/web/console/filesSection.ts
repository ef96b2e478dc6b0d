// The ticket's evidence files on its console page: each file's name, size, type, SHA-256, who added
// it and when, and its malware scan in words, with a download link for the files that are handed
// out (never a malicious one, nor one whose scan has not finished); then the form an operator adds
// a file with (multipart/form-data, the session's CSRF token first, then the file). Pure.

import { EVIDENCE_LIMITS, type EvidenceFile, type ScanState } from '../../domain/evidenceFile';
import type { Locale } from '../../domain/vocabulary';
import { csrfField, escapeHtml } from '../html';
import { fileRefusalText, fileSizeText, type FileRefusal } from '../filesSection';
import { fill, messagesFor } from '../i18n';
import type { ConsoleMessages } from './consoleMessages';
import { consoleTicketPath } from './consoleLayout';

/** What the files section says after an upload, or a withheld download. */
export type FilesOutcome = { kind: 'added' } | { kind: 'refused'; code: FileRefusal } | { kind: 'withheld'; scan: 'malicious' | 'pending' };

/** The console's path of a file's download. */
export function consoleFilePath(confirmationNumber: string, id: string): string {
  return `${consoleFilesPath(confirmationNumber)}/${encodeURIComponent(id)}`;
}

/** The console's path that takes an operator's upload. */
export function consoleFilesPath(confirmationNumber: string): string {
  return `${consoleTicketPath(confirmationNumber)}/files`;
}

/** Whether a file with this scan state is handed out. */
export function isDownloadable(scan: ScanState): boolean {
  return scan === 'clean' || scan === 'not-scanned';
}

const MiB = 1024 * 1024;

/** The limits as the upload's hint fills them in. */
const LIMIT_VALUES = {
  fileMiB: EVIDENCE_LIMITS.fileBytes / MiB,
  files: EVIDENCE_LIMITS.filesPerTicket,
  ticketMiB: EVIDENCE_LIMITS.ticketBytes / MiB,
};

/** The outcome as its notice, for the top of the section. */
function renderFilesOutcome(outcome: FilesOutcome, c: ConsoleMessages, locale: Locale): string {
  switch (outcome.kind) {
    case 'added':
      return `<p class="notice ok" id="files-done" role="status">${escapeHtml(c['files.added'])}</p>`;
    case 'refused':
      return `<div class="error-summary" id="files-refused" role="alert"><p><a href="#file-input">${escapeHtml(fill(messagesFor(locale)['files.refused'], { reason: fileRefusalText(outcome.code, locale) }))}</a></p></div>`;
    case 'withheld':
      return `<div class="error-summary" id="files-withheld" role="alert"><p>${escapeHtml(c[`files.withheld.${outcome.scan}`])}</p></div>`;
  }
}

export interface FilesSectionArgs {
  confirmationNumber: string;
  files: readonly EvidenceFile[];
  locale: Locale;
  csrf: string;
  c: ConsoleMessages;
  when: (iso: string) => string;
  outcome?: FilesOutcome;
}

/** The files section of the ticket page. */
export function renderFilesSection(args: FilesSectionArgs): string {
  const { c, when } = args;
  // The words the reporter's Files section uses too (src/web/i18n.ts).
  const t = messagesFor(args.locale);
  const items = args.files
    .map((file) => {
      const id = escapeHtml(file.id);
      const name = escapeHtml(file.name);
      const title = isDownloadable(file.scan)
        ? `<a href="${escapeHtml(consoleFilePath(args.confirmationNumber, file.id))}" download>${name}</a>`
        : `<span>${name}</span>`;
      return `<li class="evidence-file" id="file-${id}" data-scan="${file.scan}">
<p class="file-name">${title}${isDownloadable(file.scan) ? ` <span class="hint">(${escapeHtml(c['files.download'])})</span>` : ''}</p>
<dl class="facts">
<div><dt>${escapeHtml(t['files.size'])}</dt><dd>${escapeHtml(fileSizeText(file.size, args.locale))}</dd></div>
<div><dt>${escapeHtml(t['files.type'])}</dt><dd><span class="mono">${escapeHtml(file.contentType)}</span></dd></div>
<div><dt>${escapeHtml(t['files.sha256'])}</dt><dd><span class="mono file-sha256">${escapeHtml(file.sha256)}</span></dd></div>
<div><dt>${escapeHtml(t['files.by'])}</dt><dd>${escapeHtml(c[`thread.author.${file.uploadedBy}`])} · ${when(file.at)}</dd></div>
<div><dt>${escapeHtml(t['files.scan'])}</dt><dd class="file-scan">${escapeHtml(t[`files.scan.${file.scan}`])}</dd></div>
</dl>
</li>`;
    })
    .join('\n');
  const refused = args.outcome?.kind === 'refused';
  return `<section class="console-section files" aria-labelledby="files-title">
<h2 id="files-title">${escapeHtml(t['files.title'])}</h2>
${args.outcome ? renderFilesOutcome(args.outcome, c, args.locale) : ''}
<p class="hint">${escapeHtml(c['files.intro'])}</p>
${args.files.length ? `<ul class="file-list" id="file-list">\n${items}\n</ul>` : `<p id="files-empty">${escapeHtml(t['files.empty'])}</p>`}
<form method="post" action="${escapeHtml(consoleFilesPath(args.confirmationNumber))}" enctype="multipart/form-data" id="file-upload" class="action-form">
${csrfField(args.csrf)}
<h3>${escapeHtml(c['files.uploadTitle'])}</h3>
<label for="file-input">${escapeHtml(c['files.uploadLabel'])}</label>
<p class="hint" id="file-input-hint">${escapeHtml(fill(c['files.uploadHint'], LIMIT_VALUES))}</p>
<input type="file" name="file" id="file-input" required aria-describedby="file-input-hint"${refused ? ' aria-invalid="true"' : ''}>
<button type="submit">${escapeHtml(c['files.uploadSubmit'])}</button>
</form>
</section>`;
}
