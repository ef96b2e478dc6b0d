// Table Storage adapter for the evidence files' metadata, in the ticket's own partition: a row per
// file (`f-<id>`: name, size, type, SHA-256, scan, uploader; never the bytes, which are a blob). A
// file is written in one entity-group transaction with its history entry and the ticket row's
// history count, guarded by the ticket row's ETag, as a customer notice's step is.

import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import { EVIDENCE_TYPES, SCAN_STATES, type EvidenceFile, type EvidenceType, type ScanState } from '../domain/evidenceFile';
import type { HistoryEntry } from '../domain/ticket';
import type { Party } from '../domain/vocabulary';
import type { EvidenceStore } from '../services/evidenceStore';
import type { StoredTicket } from '../services/ticketStore';
import { asStorageFault, statusOf } from './storageErrors';
import { deadline } from './storageClients';
import { writeBesideHistory } from './ticketStore';

const FILE_PREFIX = 'f-';

interface FileEntity extends TableEntity {
  Name: string;
  Size: number;
  ContentType: string;
  Sha256: string;
  Scan: string;
  UploadedBy: string;
  At: string;
}

const TYPES: ReadonlySet<string> = new Set(EVIDENCE_TYPES);
const SCANS: ReadonlySet<string> = new Set(SCAN_STATES);

export class TableEvidenceStore implements EvidenceStore {
  constructor(private readonly table: TableClient) {}

  async files(confirmationNumber: string): Promise<EvidenceFile[]> {
    const files: EvidenceFile[] = [];
    const filter = odata`PartitionKey eq ${confirmationNumber} and RowKey ge ${FILE_PREFIX} and RowKey lt ${'f.'}`;
    try {
      for await (const row of this.table.listEntities<FileEntity>({ queryOptions: { filter }, abortSignal: deadline() })) {
        files.push(fromEntity(row));
      }
    } catch (error) {
      throw asStorageFault(error);
    }
    return files; // ids start with the instant: oldest first
  }

  add(stored: StoredTicket, file: EvidenceFile, entry: HistoryEntry): Promise<string> {
    return writeBesideHistory(this.table, stored, entry, [toEntity(stored.ticket.confirmationNumber, file)]);
  }

  async recordScan(confirmationNumber: string, id: string, scan: Exclude<ScanState, 'pending'>): Promise<boolean> {
    try {
      const row = await this.table.getEntity<FileEntity>(confirmationNumber, `${FILE_PREFIX}${id}`, { abortSignal: deadline() });
      if (row.Scan !== 'pending') return false;
      // Conditional on the row as read: of two readers that see the verdict first, one records it.
      await this.table.updateEntity({ partitionKey: confirmationNumber, rowKey: `${FILE_PREFIX}${id}`, Scan: scan }, 'Merge', {
        etag: row.etag,
        abortSignal: deadline(),
      });
      return true;
    } catch (error) {
      if (statusOf(error) === 412 || statusOf(error) === 404) return false;
      throw asStorageFault(error);
    }
  }
}

function toEntity(partitionKey: string, file: EvidenceFile): FileEntity {
  return {
    partitionKey,
    rowKey: `${FILE_PREFIX}${file.id}`,
    Name: file.name,
    Size: file.size,
    ContentType: file.contentType,
    Sha256: file.sha256,
    Scan: file.scan,
    UploadedBy: file.uploadedBy,
    At: file.at,
  };
}

function fromEntity(row: FileEntity): EvidenceFile {
  return {
    id: (row.rowKey ?? '').slice(FILE_PREFIX.length),
    name: row.Name,
    size: row.Size,
    contentType: (TYPES.has(row.ContentType) ? row.ContentType : 'application/octet-stream') as EvidenceType,
    sha256: row.Sha256,
    scan: (SCANS.has(row.Scan) ? row.Scan : 'pending') as ScanState,
    uploadedBy: row.UploadedBy as Party,
    at: row.At,
  };
}
