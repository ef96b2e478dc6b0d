// A report sent together with its evidence files (the web form without JavaScript posts both in
// one multipart body). All or nothing, as a refusal must be: the files are staged and checked under
// the number the ticket is to get before the ticket is stored, so a file refused for its type, its
// size or its name refuses the report with nothing stored; only once the ticket stands are the
// staged files committed and recorded.

import type { CvssScore } from '../domain/cvss';
import type { EvidenceFile } from '../domain/evidenceFile';
import type { Submission } from '../domain/submission';
import type { EvidenceFiles, IncomingFile } from './evidenceFiles';
import type { Logger } from './logger';
import type { SubmitResult, TicketService } from './ticketService';

export interface ReportWithEvidenceDeps {
  tickets: TicketService;
  evidence: EvidenceFiles;
  logger: Logger;
}

export type SubmitOptions = Omit<NonNullable<Parameters<TicketService['submit']>[2]>, 'confirmationNumber'>;

/**
 * Stores the report with the files `files` yields (read in order, each once). EvidenceRefused, and
 * nothing stored, when one of them is refused; the submission's own refusals as TicketService.submit
 * has them.
 */
export async function submitWithEvidence(
  deps: ReportWithEvidenceDeps,
  submission: Submission,
  cvss: CvssScore | null,
  options: SubmitOptions,
  files: AsyncIterable<IncomingFile>,
): Promise<SubmitResult & { files: EvidenceFile[] }> {
  // A client over its limit is refused before any of its bytes go to Blob Storage.
  const { client, ...rest } = options;
  if (client !== undefined) {
    const replay = await deps.tickets.admitClient(submission, { ...rest, client });
    if (replay) return { ...replay, files: [] };
  }
  const confirmationNumber = deps.tickets.newConfirmationNumber();
  const staged = await deps.evidence.stageForNewReport(confirmationNumber, files);
  const result = await deps.tickets.submit(submission, cvss, { ...rest, confirmationNumber });
  if (result.replayed || result.ticket.confirmationNumber !== confirmationNumber) {
    // An Idempotency-Key replay answers with the ticket its first request made (and the files that
    // request attached); these staged copies are never committed and vanish on their own.
    if (staged.length > 0) deps.logger.warn('files of a replayed report not attached again', { confirmationNumber: result.ticket.confirmationNumber });
    return { ...result, files: [] };
  }
  return { ...result, files: await deps.evidence.attachToNewReport(confirmationNumber, staged) };
}
