// Table Storage adapter for the customer notice's steps, in the ticket's own partition: a row per
// version proposed after the submission (`cn-v0002`, …; version 1 is usually the submission's
// draft, kept in the ticket row) and a row per approval (`cn-a0002`). A step is written in one
// entity-group transaction with its history entry and the ticket row's history count, guarded by
// the ticket row's ETag: of two proposals on the same version, the second finds the ETag changed
// (412) and writes nothing, so a concurrent edit is refused, never lost. The version row is
// created, never replaced, which refuses a second writer of the same version even so.

import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import type { NoticeApproval, NoticeSteps, NoticeVersion } from '../domain/customerNotice';
import type { HistoryEntry } from '../domain/ticket';
import type { CustomerNoticeStore, NoticeStep } from '../services/customerNoticeStore';
import type { StoredTicket } from '../services/ticketStore';
import { asStorageFault } from './storageErrors';
import { deadline } from './storageClients';
import { writeBesideHistory } from './ticketStore';

const VERSION_PREFIX = 'cn-v';
const APPROVAL_PREFIX = 'cn-a';

const versionKey = (version: number): string => `${VERSION_PREFIX}${String(version).padStart(4, '0')}`;
const approvalKey = (version: number): string => `${APPROVAL_PREFIX}${String(version).padStart(4, '0')}`;

interface VersionEntity extends TableEntity {
  Version: number;
  Text: string;
  ProposedBy: string;
  ProposedAt: string;
}

interface ApprovalEntity extends TableEntity {
  Version: number;
  ApprovedBy: string;
  ApprovedAt: string;
}

export class TableCustomerNoticeStore implements CustomerNoticeStore {
  constructor(private readonly table: TableClient) {}

  async steps(confirmationNumber: string): Promise<NoticeSteps> {
    const versions: NoticeVersion[] = [];
    const approvals: NoticeApproval[] = [];
    // 'cn-a…' and 'cn-v…' sort together: one range query reads both.
    const filter = odata`PartitionKey eq ${confirmationNumber} and RowKey ge ${'cn-'} and RowKey lt ${'cn.'}`;
    try {
      for await (const row of this.table.listEntities<VersionEntity & ApprovalEntity>({ queryOptions: { filter }, abortSignal: deadline() })) {
        if (row.rowKey?.startsWith(VERSION_PREFIX)) {
          versions.push({ version: row.Version, text: row.Text, proposedBy: actor(row.ProposedBy), proposedAt: row.ProposedAt });
        } else if (row.rowKey?.startsWith(APPROVAL_PREFIX)) {
          approvals.push({ version: row.Version, approvedBy: actor(row.ApprovedBy), approvedAt: row.ApprovedAt });
        }
      }
    } catch (error) {
      throw asStorageFault(error);
    }
    return { versions, approvals };
  }

  async write(stored: StoredTicket, step: NoticeStep, entry: HistoryEntry): Promise<string> {
    const pk = stored.ticket.confirmationNumber;
    const stepRow: VersionEntity | ApprovalEntity =
      step.kind === 'proposed'
        ? {
            partitionKey: pk,
            rowKey: versionKey(step.version.version),
            Version: step.version.version,
            Text: step.version.text,
            ProposedBy: step.version.proposedBy,
            ProposedAt: step.version.proposedAt,
          }
        : {
            partitionKey: pk,
            rowKey: approvalKey(step.approval.version),
            Version: step.approval.version,
            ApprovedBy: step.approval.approvedBy,
            ApprovedAt: step.approval.approvedAt,
          };
    return writeBesideHistory(this.table, stored, entry, [stepRow]);
  }
}

function actor(value: string): 'reporter' | 'operator' {
  return value === 'operator' ? 'operator' : 'reporter';
}
