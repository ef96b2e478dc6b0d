// The report's files, sent once the ticket exists: one request a file to
// POST /api/tickets/{n}/attachments with the new ticket's access token, one after the other (the
// server takes one file a request and checks the ticket's room under each). What the server
// refused is told by its code, which the confirmation words in the page's language.

import { EVIDENCE_LIMITS } from '../../src/domain/evidenceFile';
import { evidenceRefusalOf } from '../../src/http/evidenceRefusals';
import type { FileRefusal } from '../../src/web/filesSection';
import { apiBase } from './ticketApi';

export type FileOutcome = { name: string; arrived: true } | { name: string; arrived: false; reason: FileRefusal };

const TIMEOUT_MS = 120_000;

/** Sends each file in turn; a file the limits refuse anyway (empty, over 10 MiB) is not sent at all. */
export async function uploadEvidence(confirmationNumber: string, accessToken: string, files: readonly File[]): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = [];
  for (const file of files) outcomes.push(await uploadOne(confirmationNumber, accessToken, file));
  return outcomes;
}

async function uploadOne(confirmationNumber: string, accessToken: string, file: File): Promise<FileOutcome> {
  const refused = (reason: FileRefusal): FileOutcome => ({ name: file.name, arrived: false, reason });
  if (file.size === 0) return refused('empty_file');
  if (file.size > EVIDENCE_LIMITS.fileBytes) return refused('file_too_large');
  const body = new FormData();
  body.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(`${apiBase()}/api/tickets/${encodeURIComponent(confirmationNumber)}/attachments`, {
      method: 'POST',
      headers: { Accept: 'application/json', Authorization: `Bearer ${accessToken}` },
      body,
      credentials: 'omit',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    return refused('failed');
  }
  if (response.status === 201) return { name: file.name, arrived: true };
  const problem = (await response.json().catch(() => ({}))) as { title?: unknown };
  return refused(evidenceRefusalOf(response.status, problem.title) ?? 'failed');
}
