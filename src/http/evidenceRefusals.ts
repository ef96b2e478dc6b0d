// An evidence file's refusals as the API answers them: the HTTP status and the problem's title
// for each code. Pure (no I/O), so that the form's script can tell from a problem which refusal it
// was and word it in the page's language.

import type { EvidenceRefusalCode } from '../domain/evidenceFile';

export const EVIDENCE_REFUSALS: Record<EvidenceRefusalCode, { status: number; title: string }> = {
  file_too_large: { status: 413, title: 'File too large' },
  too_many_files: { status: 413, title: 'Too many files' },
  ticket_full: { status: 413, title: 'Files too large in all' },
  unsupported_type: { status: 415, title: 'Unsupported file type' },
  empty_file: { status: 400, title: 'Empty file' },
  invalid_name: { status: 400, title: 'Invalid file name' },
  zip_inconsistent: { status: 422, title: 'Inconsistent ZIP archive' },
};

/** The refusal a problem of POST /api/tickets/{n}/attachments stands for, by its status and title; null for any other. */
export function evidenceRefusalOf(status: number, title: unknown): EvidenceRefusalCode | null {
  const found = Object.entries(EVIDENCE_REFUSALS).find(([, r]) => r.status === status && r.title === title);
  return found ? (found[0] as EvidenceRefusalCode) : null;
}
