// Evidence files on a ticket: what is accepted and what is refused, decided from the bytes
// themselves and never from the name the sender gave. Pure: the inspector is fed the bytes chunk
// by chunk as they stream past (it keeps the first bytes, the decoder's state and a bounded tail,
// never the file), and says at the end what the file is or why it is refused.

import { singleLineProblem } from './submission';
import type { Party } from './vocabulary';

const MiB = 1024 * 1024;

/** What a ticket takes: files of at most `fileBytes`, at most `filesPerTicket` of them, `ticketBytes` in all. */
export const EVIDENCE_LIMITS = {
  fileBytes: 10 * MiB,
  filesPerTicket: 10,
  ticketBytes: 50 * MiB,
  /** a file name's length in code points */
  nameLength: 200,
} as const;

/**
 * A ZIP is stored as it is, never unpacked here; its central directory must still tell the truth
 * about the archive, and what it would unpack to must stay within these (a ZIP bomb declares
 * gigabytes in a few kilobytes).
 */
export const ZIP_LIMITS = {
  entries: 10_000,
  unpackedBytes: 256 * MiB,
  /** the central directory and its end record are read from a tail of at most this many bytes */
  tailBytes: 1 * MiB,
} as const;

/** The accepted kinds, by the media type each is stored and served with. */
export const EVIDENCE_TYPES = [
  'text/plain; charset=utf-8',
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/zip',
  'application/vnd.tcpdump.pcap',
  'application/x-pcapng',
] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

/**
 * Where a file's malware scan stands: `pending` until Defender for Storage has written its verdict
 * (Azure), `clean` or `malicious` after; `not-scanned` where nothing scans (locally).
 */
export const SCAN_STATES = ['pending', 'clean', 'malicious', 'not-scanned'] as const;
export type ScanState = (typeof SCAN_STATES)[number];

export interface EvidenceFile {
  id: string;
  /** the name the sender gave, checked (no path, no control or direction characters) and in NFC */
  name: string;
  /** bytes */
  size: number;
  contentType: EvidenceType;
  /** SHA-256 of the bytes, lower-case hex */
  sha256: string;
  scan: ScanState;
  uploadedBy: Party;
  /** ISO 8601 instant */
  at: string;
}

/** Why a file was refused; `status` is the HTTP status the edge answers with. */
export type EvidenceRefusalCode = 'file_too_large' | 'too_many_files' | 'ticket_full' | 'unsupported_type' | 'empty_file' | 'invalid_name' | 'zip_inconsistent';

export class EvidenceRefused extends Error {
  constructor(
    readonly code: EvidenceRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'EvidenceRefused';
  }
}

/**
 * The file name to store, or EvidenceRefused: a name with path parts (`/` or `\`) is refused
 * rather than cut to its last part (a sender who sends a path has made a mistake worth telling;
 * browsers send the base name alone), as are `.` and `..`, control, direction-control and
 * invisible characters, and names longer than EVIDENCE_LIMITS.nameLength code points.
 */
export function evidenceFileName(raw: string): string {
  const refuse = (message: string) => new EvidenceRefused('invalid_name', message);
  const problem = singleLineProblem(raw, 'The file name');
  if (problem) throw refuse(problem.message);
  const name = raw.trim().normalize('NFC');
  if (name === '') throw refuse('The file needs a name.');
  if (/[/\\]/.test(name)) throw refuse('The file name must not contain a path (no / or \\): send the file\u2019s own name.');
  if (name === '.' || name === '..') throw refuse('The file name must not be . or ..');
  if ([...name].length > EVIDENCE_LIMITS.nameLength) throw refuse(`The file name must be at most ${EVIDENCE_LIMITS.nameLength} characters long.`);
  return name;
}

/** What the ticket holds already. */
export interface EvidenceTotals {
  files: number;
  bytes: number;
}

/** The most bytes the next file may have on a ticket holding `totals`; EvidenceRefused when it takes no more. */
export function roomForNextFile(totals: EvidenceTotals): number {
  if (totals.files >= EVIDENCE_LIMITS.filesPerTicket) {
    throw new EvidenceRefused('too_many_files', `A ticket takes at most ${EVIDENCE_LIMITS.filesPerTicket} files; this one has them. Nothing was stored.`);
  }
  const left = EVIDENCE_LIMITS.ticketBytes - totals.bytes;
  if (left <= 0) throw ticketFull();
  return Math.min(EVIDENCE_LIMITS.fileBytes, left);
}

/** The refusal of a file of `size` bytes where only `room` fit. */
export function tooLarge(room: number): EvidenceRefused {
  return room < EVIDENCE_LIMITS.fileBytes ? ticketFull() : fileTooLarge();
}

function fileTooLarge(): EvidenceRefused {
  return new EvidenceRefused('file_too_large', `A file may have at most ${EVIDENCE_LIMITS.fileBytes / MiB} MiB. Nothing was stored.`);
}

function ticketFull(): EvidenceRefused {
  return new EvidenceRefused(
    'ticket_full',
    `A ticket takes at most ${EVIDENCE_LIMITS.ticketBytes / MiB} MiB of files in all; this file does not fit. Nothing was stored.`,
  );
}

const SIGNATURES: ReadonlyArray<{ type: EvidenceType; bytes: readonly number[] }> = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'application/zip', bytes: [0x50, 0x4b, 0x03, 0x04] }, // a local file header
  { type: 'application/zip', bytes: [0x50, 0x4b, 0x05, 0x06] }, // an empty archive: its end record alone
  // pcap: microsecond and nanosecond magic, either byte order
  { type: 'application/vnd.tcpdump.pcap', bytes: [0xd4, 0xc3, 0xb2, 0xa1] },
  { type: 'application/vnd.tcpdump.pcap', bytes: [0xa1, 0xb2, 0xc3, 0xd4] },
  { type: 'application/vnd.tcpdump.pcap', bytes: [0x4d, 0x3c, 0xb2, 0xa1] },
  { type: 'application/vnd.tcpdump.pcap', bytes: [0xa1, 0xb2, 0x3c, 0x4d] },
  // pcapng: a section header block
  { type: 'application/x-pcapng', bytes: [0x0a, 0x0d, 0x0d, 0x0a] },
];

/** Bytes the type is decided from. */
const HEAD_BYTES = 16;

/**
 * Decides a file's type from its bytes as they stream past, in bounded memory: the first
 * HEAD_BYTES, the UTF-8 decoder's few bytes of state, and for a ZIP the last ZIP_LIMITS.tailBytes.
 */
export class ContentInspector {
  private head: Uint8Array = new Uint8Array(0);
  private size = 0;
  private text: { decoder: TextDecoder; valid: boolean } | null = { decoder: new TextDecoder('utf-8', { fatal: true }), valid: true };
  private tail: Uint8Array[] = [];
  private tailLength = 0;

  /** Takes the next chunk of the file. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.size += chunk.length;
    if (this.head.length < HEAD_BYTES) this.head = concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
    if (this.text?.valid) {
      try {
        if (chunk.includes(0)) this.text.valid = false;
        else this.text.decoder.decode(chunk, { stream: true });
      } catch {
        this.text.valid = false;
      }
    }
    this.keepTail(chunk);
  }

  /** The bytes seen so far. */
  get bytes(): number {
    return this.size;
  }

  /** The file's type once every chunk was pushed; EvidenceRefused when it is empty, of no accepted type, or a ZIP that lies. */
  finish(): EvidenceType {
    if (this.size === 0) throw new EvidenceRefused('empty_file', 'The file is empty. Nothing was stored.');
    const signed = SIGNATURES.find((s) => s.bytes.every((b, i) => this.head[i] === b))?.type;
    if (signed === 'application/x-pcapng' && !this.isPcapng()) return this.asText();
    if (signed === 'application/zip') {
      const problem = zipProblem(concat(this.tail), this.size);
      if (problem) throw new EvidenceRefused('zip_inconsistent', `${problem} Nothing was stored.`);
    }
    return signed ?? this.asText();
  }

  private asText(): EvidenceType {
    if (this.text?.valid) {
      try {
        this.text.decoder.decode(); // a sequence cut off at the end is not UTF-8
        return 'text/plain; charset=utf-8';
      } catch {
        this.text.valid = false;
      }
    }
    throw new EvidenceRefused(
      'unsupported_type',
      'This kind of file is not accepted: send text (UTF-8), PDF, PNG, JPEG, ZIP or a packet capture (pcap, pcapng). The type is read from the content, not the name. Nothing was stored.',
    );
  }

  // The section header block's byte-order magic (offset 8) tells pcapng from a text starting with CR LF.
  private isPcapng(): boolean {
    const magic = Array.from(this.head.subarray(8, 12));
    return magic.join() === [0x1a, 0x2b, 0x3c, 0x4d].join() || magic.join() === [0x4d, 0x3c, 0x2b, 0x1a].join();
  }

  private keepTail(chunk: Uint8Array): void {
    this.tail.push(chunk);
    this.tailLength += chunk.length;
    while (this.tail.length > 1 && this.tailLength - (this.tail[0]?.length ?? 0) >= ZIP_LIMITS.tailBytes) {
      this.tailLength -= this.tail.shift()?.length ?? 0;
    }
    if (this.tailLength > 2 * ZIP_LIMITS.tailBytes) {
      // one chunk far larger than the tail: keep only its end
      const all = concat(this.tail);
      this.tail = [all.slice(all.length - ZIP_LIMITS.tailBytes)];
      this.tailLength = ZIP_LIMITS.tailBytes;
    }
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_LENGTH = 22;
const MAX_COMMENT = 0xffff;

/**
 * What is wrong with a ZIP archive of `size` bytes whose last bytes are `tail`, judged by its end
 * record and central directory alone, or null: the directory must lie inside the archive and list
 * as many entries as the end record says, every entry's compressed data must fit before the
 * directory, and the entries may unpack to at most ZIP_LIMITS.unpackedBytes in all. ZIP64 (sizes
 * beyond 4 GiB, more than 65,535 entries) is refused: a file within the limits never needs it.
 */
export function zipProblem(tail: Uint8Array, size: number): string | null {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  const tailStart = size - tail.length;
  let eocd = -1;
  for (let i = tail.length - EOCD_LENGTH; i >= Math.max(0, tail.length - EOCD_LENGTH - MAX_COMMENT); i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE && i + EOCD_LENGTH + view.getUint16(i + 20, true) === tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return 'The ZIP archive has no valid end of central directory record.';
  const entries = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (entries === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) return 'ZIP64 archives are not accepted.';
  if (view.getUint16(eocd + 8, true) !== entries) return 'The ZIP archive is split over several disks, which is not accepted.';
  if (entries > ZIP_LIMITS.entries) return `The ZIP archive lists more than ${ZIP_LIMITS.entries} entries.`;
  if (directoryOffset + directorySize !== tailStart + eocd) return 'The ZIP archive\u2019s central directory does not lie where its end record says.';
  if (directoryOffset < tailStart) return 'The ZIP archive\u2019s central directory is larger than this service reads.';
  let at = directoryOffset - tailStart;
  let unpacked = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL_SIGNATURE)
      return 'The ZIP archive\u2019s central directory lists fewer entries than its end record says.';
    const compressed = view.getUint32(at + 20, true);
    const uncompressed = view.getUint32(at + 24, true);
    const localOffset = view.getUint32(at + 42, true);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff || localOffset === 0xffffffff) return 'ZIP64 archives are not accepted.';
    // A local header is 30 bytes at least, before the entry's data; all of it lies before the directory.
    if (localOffset + 30 + compressed > directoryOffset) return 'The ZIP archive declares an entry larger than the archive itself.';
    unpacked += uncompressed;
    if (unpacked > ZIP_LIMITS.unpackedBytes) return `The ZIP archive would unpack to more than ${ZIP_LIMITS.unpackedBytes / MiB} MiB.`;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  if (at !== eocd) return 'The ZIP archive\u2019s central directory holds more than its end record says.';
  return null;
}
