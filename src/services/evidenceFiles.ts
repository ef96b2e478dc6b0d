// Evidence files as use cases: add one to a ticket, list them, hand one out. A file's bytes stream
// from the request into staged blocks of a private blob while they are hashed and their type is
// read from them (src/domain/evidenceFile.ts); only a file that passes every check is committed
// and gets its metadata row and history entry, so a refused file leaves nothing that can be read.
// In Azure, Defender for Storage scans each blob as it is written and tags it with its verdict,
// which is read before any download: a malicious file is never handed out and raises
// MalwareDetected once.

import { createHash, randomBytes } from 'node:crypto';
import { ContentInspector, EvidenceRefused, roomForNextFile, tooLarge, type EvidenceFile } from '../domain/evidenceFile';
import type { HistoryEntry } from '../domain/ticket';
import type { Party } from '../domain/vocabulary';
import { hashToken } from './accessTokens';
import type { EvidenceBlobs, EvidenceStore, StagedBlob } from './evidenceStore';
import { describeError, type AlertSink, type Logger } from './logger';
import { enqueueOrLeavePending, type NotificationQueue } from './notificationQueue';
import type { PendingEmails } from './pendingEmails';
import { ConcurrencyConflict, StorageUnavailable } from './storageFaults';
import { TicketNotFound } from './ticketService';
import type { TicketStore } from './ticketStore';

/** Who adds or reads files: an operator, or the reporter with the ticket's access token. */
export type EvidenceCaller = { kind: 'operator' } | { kind: 'reporter'; token: string };

/** A file as it arrives: its checked name and its bytes, read once. */
export interface IncomingFile {
  name: string;
  chunks: AsyncIterable<Uint8Array>;
}

/** A file whose bytes are staged and checked, not yet committed: nobody can read it until it is. */
export interface StagedEvidence {
  file: EvidenceFile;
  blob: StagedBlob;
}

/** A file sent with a report was refused (`refusal` says why): the report is refused with it, nothing stored. */
export class ReportFileRefused extends Error {
  constructor(
    readonly fileName: string,
    readonly refusal: EvidenceRefused,
  ) {
    super(`${fileName}: ${refusal.message}`);
    this.name = 'ReportFileRefused';
  }
}

/** No file with this id on the ticket. */
export class EvidenceFileNotFound extends Error {
  constructor() {
    super('no such file on this ticket');
    this.name = 'EvidenceFileNotFound';
  }
}

/** The file is not handed out: its scan found malware, or has not finished. */
export class EvidenceWithheld extends Error {
  constructor(readonly scan: 'malicious' | 'pending') {
    super(scan === 'malicious' ? 'the malware scan found this file malicious' : 'the malware scan of this file has not finished');
    this.name = 'EvidenceWithheld';
  }
}

export interface EvidenceFilesDeps {
  store: TicketStore;
  files: EvidenceStore;
  blobs: EvidenceBlobs;
  pendingEmails: PendingEmails;
  queue: NotificationQueue;
  alerts: AlertSink;
  logger: Logger;
  /** whether a malware scanner writes verdicts (Defender for Storage in Azure); without one files are `not-scanned` */
  scanning: boolean;
  clock?: () => Date;
}

const MAX_CONFLICT_RETRIES = 5;

export class EvidenceFiles {
  private readonly clock: () => Date;

  constructor(private readonly deps: EvidenceFilesDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * Adds the file `receive` gives, once the caller is admitted and the ticket has room for one
   * more (so a refused caller's bytes are never read). EvidenceRefused for a file the limits or
   * the checks refuse; nothing is stored then, and nobody is emailed.
   */
  async add(confirmationNumber: string, caller: EvidenceCaller, receive: () => Promise<IncomingFile>): Promise<EvidenceFile> {
    await this.admit(confirmationNumber, caller);
    const room = roomForNextFile(totalsOf(await this.deps.files.files(confirmationNumber)));
    const staged = await this.stageOne(confirmationNumber, await receive(), room, partyOf(caller));
    return this.commitStaged(confirmationNumber, staged);
  }

  /**
   * Stages the files of a report that is not stored yet, under the number it is to get, each
   * checked as add() checks it and all of them against the ticket's limits. EvidenceRefused for
   * the first file refused: then nothing was committed and no blob can be read (the staged blocks
   * of the others vanish on their own), so the report can be refused whole.
   */
  async stageForNewReport(confirmationNumber: string, files: AsyncIterable<IncomingFile>): Promise<StagedEvidence[]> {
    const staged: StagedEvidence[] = [];
    for await (const incoming of files) {
      try {
        const room = roomForNextFile(totalsOf(staged.map((s) => s.file)));
        staged.push(await this.stageOne(confirmationNumber, incoming, room, 'reporter'));
      } catch (error) {
        throw error instanceof EvidenceRefused ? new ReportFileRefused(incoming.name, error) : error;
      }
    }
    return staged;
  }

  /**
   * Makes the staged files of a report just stored its files, in the order they came. A file that
   * cannot be recorded after the ticket stands is logged as an error and left out (the report is
   * not refused for it any more: the reporter sees on the status page which files are there, and
   * can add it again); the files recorded are returned.
   */
  async attachToNewReport(confirmationNumber: string, staged: readonly StagedEvidence[]): Promise<EvidenceFile[]> {
    const attached: EvidenceFile[] = [];
    for (const one of staged) {
      try {
        // Its history entry follows the submission's, as the reporter did it.
        attached.push(await this.commitStaged(confirmationNumber, { ...one, file: { ...one.file, at: this.clock().toISOString() } }));
      } catch (error) {
        this.deps.logger.error('evidence file sent with a report not stored', { confirmationNumber, fileId: one.file.id, error: describeError(error) });
      }
    }
    return attached;
  }

  /** Streams one file into staged blocks while it is hashed and its type read; EvidenceRefused before anything is committed. */
  private async stageOne(confirmationNumber: string, incoming: IncomingFile, room: number, uploadedBy: Party): Promise<StagedEvidence> {
    const id = newFileId(this.clock());
    const inspector = new ContentInspector();
    const hash = createHash('sha256');
    const blob = await this.deps.blobs.stage(blobName(confirmationNumber, id), checked(incoming.chunks, inspector, hash, room));
    const contentType = inspector.finish(); // the type, or the refusal: before anything is committed
    const file: EvidenceFile = {
      id,
      name: incoming.name,
      size: inspector.bytes,
      contentType,
      sha256: hash.digest('hex'),
      scan: this.deps.scanning ? 'pending' : 'not-scanned',
      uploadedBy,
      at: this.clock().toISOString(), // when it arrived; a file staged for a new report gets the time it is attached
    };
    return { file, blob };
  }

  /** Commits the staged blocks as the blob and records the file; a blob whose row could not be written is taken away again. */
  private async commitStaged(confirmationNumber: string, { file, blob }: StagedEvidence): Promise<EvidenceFile> {
    await this.deps.blobs.commit(blob, file.contentType);
    try {
      await this.record(confirmationNumber, file, new Date(file.at));
    } catch (error) {
      // The row decides whether a file exists; a blob without one is taken away again.
      await this.deps.blobs.remove(blob.name).catch((removal: unknown) => {
        this.deps.logger.warn('blob of a refused file not removed', { confirmationNumber, error: String(removal) });
      });
      throw error;
    }
    return file;
  }

  /** The ticket's files, oldest first, each with its scan's verdict as far as it is known. */
  async list(confirmationNumber: string, caller: EvidenceCaller): Promise<EvidenceFile[]> {
    await this.admit(confirmationNumber, caller);
    const files = await this.deps.files.files(confirmationNumber);
    return Promise.all(files.map((file) => this.withVerdict(confirmationNumber, file)));
  }

  /**
   * The file and its bytes, once its verdict allows it: EvidenceWithheld for a malicious file (and
   * the alert, once) or one whose scan has not finished; EvidenceFileNotFound for an unknown id.
   */
  async open(confirmationNumber: string, caller: EvidenceCaller, id: string): Promise<{ file: EvidenceFile; bytes: AsyncIterable<Uint8Array> }> {
    await this.admit(confirmationNumber, caller);
    const found = (await this.deps.files.files(confirmationNumber)).find((f) => f.id === id);
    if (!found) throw new EvidenceFileNotFound();
    const file = await this.withVerdict(confirmationNumber, found);
    if (file.scan === 'malicious' || file.scan === 'pending') throw new EvidenceWithheld(file.scan);
    return { file, bytes: await this.deps.blobs.read(blobName(confirmationNumber, id)) };
  }

  private async record(confirmationNumber: string, file: EvidenceFile, now: Date): Promise<void> {
    const event = 'attachment-added' as const;
    for (let attempt = 0; ; attempt++) {
      const stored = await this.deps.store.get(confirmationNumber);
      if (!stored) throw new TicketNotFound();
      // Checked again under the ETag the write depends on: two uploads at once cannot both take the last room.
      const room = roomForNextFile(totalsOf(await this.deps.files.files(confirmationNumber)));
      if (file.size > room) throw tooLarge(room);
      const entry: HistoryEntry = { at: now.toISOString(), event, status: stored.ticket.status, by: file.uploadedBy };
      await this.deps.pendingEmails.add({ confirmationNumber, event, eventId: this.deps.store.nextEventId(stored), since: now.toISOString() });
      let eventId: string;
      try {
        eventId = await this.deps.files.add(stored, file, entry);
      } catch (error) {
        if (error instanceof ConcurrencyConflict && attempt < MAX_CONFLICT_RETRIES) continue;
        throw error instanceof StorageUnavailable ? error : new StorageUnavailable(error);
      }
      await enqueueOrLeavePending(this.deps.queue, this.deps.logger, { confirmationNumber, event, eventId, queuedAt: now.toISOString() });
      return;
    }
  }

  /** A pending file's verdict from its blob's tag, recorded once it is final; a malicious one raises the alert once. */
  private async withVerdict(confirmationNumber: string, file: EvidenceFile): Promise<EvidenceFile> {
    if (file.scan !== 'pending') return file;
    let result: Awaited<ReturnType<EvidenceBlobs['scanResult']>>;
    try {
      result = await this.deps.blobs.scanResult(blobName(confirmationNumber, file.id));
    } catch (error) {
      // Blob Storage not answering: the file stays pending (withheld, the page says its check has
      // not finished) rather than taking the status page or the console's ticket down with it.
      if (!(error instanceof StorageUnavailable)) throw error;
      this.deps.logger.warn('malware verdict not read; the file stays withheld', {
        confirmationNumber,
        fileId: file.id,
        error: describeError(error.cause ?? error),
      });
      return file;
    }
    if (result.verdict === 'failed') {
      // A scan that failed leaves the file withheld: say so where operators look.
      this.deps.logger.warn('malware scan did not give a verdict', { confirmationNumber, fileId: file.id, result: result.detail });
    }
    if (result.verdict !== 'clean' && result.verdict !== 'malicious') return file;
    const scan = result.verdict;
    if ((await this.deps.files.recordScan(confirmationNumber, file.id, scan)) && scan === 'malicious') {
      this.deps.alerts.raise({ alert: 'MalwareDetected', confirmationNumber, fileId: file.id, sha256: file.sha256, uploadedBy: file.uploadedBy });
    }
    return { ...file, scan };
  }

  // As for the ticket itself: one point read on the token's hash, the same 404 for a wrong token and an unknown number.
  private async admit(confirmationNumber: string, caller: EvidenceCaller): Promise<void> {
    if (caller.kind === 'reporter') {
      if (!(await this.deps.store.hasTokenHash(confirmationNumber, hashToken(caller.token), this.clock()))) throw new TicketNotFound();
    } else if (!(await this.deps.store.get(confirmationNumber))) {
      throw new TicketNotFound();
    }
  }
}

/** The chunks as they pass: counted against `room`, inspected and hashed; the refusal stops the stream at once. */
async function* checked(
  chunks: AsyncIterable<Uint8Array>,
  inspector: ContentInspector,
  hash: ReturnType<typeof createHash>,
  room: number,
): AsyncIterable<Uint8Array> {
  for await (const chunk of chunks) {
    if (inspector.bytes + chunk.length > room) throw tooLarge(room);
    inspector.push(chunk);
    hash.update(chunk);
    yield chunk;
  }
}

function totalsOf(files: EvidenceFile[]): { files: number; bytes: number } {
  return { files: files.length, bytes: files.reduce((n, f) => n + f.size, 0) };
}

function partyOf(caller: EvidenceCaller): Party {
  return caller.kind === 'operator' ? 'operator' : 'reporter';
}

/** A new file's id, written at `at`: ids sort as the files were added. */
function newFileId(at: Date): string {
  return `${at.toISOString().replace(/[-:.]/g, '')}-${randomBytes(6).toString('hex')}`;
}

/** Where a file's bytes live: one folder per ticket in the evidence container. */
export function blobName(confirmationNumber: string, id: string): string {
  return `${confirmationNumber}/${id}`;
}
