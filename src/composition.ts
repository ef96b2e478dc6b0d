// The composition root's builder: settings decide the adapters (Table Storage or Azurite, ACS or
// the outbox) once, here. The entry (src/index.ts) calls it once; handlers are given the built
// services and never choose infrastructure.

import { createBusinessCalendar, type BusinessCalendar } from './domain/calendar';
import { AcsTransport } from './email/acsTransport';
import type { EmailTransport } from './email/message';
import { OutboxTransport } from './email/outboxTransport';
import { ConsoleSessions, SIGN_IN_ATTEMPTS, SIGN_IN_WINDOW_MS } from './services/consoleSessions';
import { Correspondence } from './services/correspondence';
import { CustomerNotices } from './services/customerNotices';
import { DeliveryReports } from './services/deliveryReports';
import { Notifier } from './services/notifier';
import { OperatorQueueService } from './services/operatorQueue';
import type { RecipientAllowance } from './services/recipientAllowance';
import { SlaRecordService } from './services/slaRecord';
import { SlaSweep } from './services/slaSweep';
import { TicketService } from './services/ticketService';
import { consoleOutput, jsonAlerts, jsonLogger, type AlertSink, type Logger, type LogOutput } from './services/logger';
import type { SettingError, Settings } from './settings';
import { createStorageClients, deadline } from './storage/storageClients';
import { TableIdempotencyStore } from './storage/idempotencyStore';
import { TableSentEmailLog } from './storage/sentEmailLog';
import { TableRecipientAllowance } from './storage/recipientAllowance';
import { TableSubmissionAllowance } from './storage/submissionAllowance';
import { NOTIFICATION_POISON_QUEUE, NOTIFICATION_QUEUE, StorageNotificationQueue } from './storage/notificationQueue';
import { ensureProvisioned } from './storage/provisioning';
import { TableSendingPace } from './storage/sendingPaceTable';
import { TableDueDates, TableFollowUps, TablePageTokenEnds, TablePendingEmails, TableTicketListing } from './storage/ticketIndex';
import { TableTicketStore } from './storage/ticketStore';
import { TableQueueRows } from './storage/queueRows';
import { TableCustomerNoticeStore } from './storage/customerNoticeStore';
import { TableConsoleSessionStore } from './storage/consoleSessionStore';
import { TableSignInAttempts } from './storage/signInAttempts';
import { AzureEvidenceBlobs } from './storage/evidenceBlobs';
import { TableEvidenceStore } from './storage/evidenceStore';
import { EvidenceFiles } from './services/evidenceFiles';

export const TABLES = {
  tickets: 'tickets',
  index: 'ticketindex',
  due: 'ticketdue',
  search: 'ticketsearch',
  idempotency: 'idempotency',
  emailPace: 'emailpace',
  sentEmails: 'sentemails',
  recipientLimits: 'recipientlimits',
  submissionLimits: 'submissionlimits',
  consoleSessions: 'consolesessions',
  signInLimits: 'signinlimits',
} as const;

/** The private Blob container of the evidence files' bytes (infra/main.bicep creates it in Azure). */
export const EVIDENCE_CONTAINER = 'evidence-files';

export interface AppServices {
  settings: Settings;
  calendar: BusinessCalendar;
  /** what time it is for the services (a test's clock): the console's pages count the time left from it */
  clock: () => Date;
  tickets: TicketService;
  /** the customer notice drafted together: its versions and approvals */
  notices: CustomerNotices;
  /** the thread on each ticket: messages, information requests and their follow-ups */
  correspondence: Correspondence;
  /** the evidence files on each ticket: their bytes in Blob Storage, their metadata beside the ticket */
  evidence: EvidenceFiles;
  sweep: SlaSweep;
  /** the operators' queue and search, from index rows only; its tidy-up runs with the nightly reconciliation */
  operatorQueue: OperatorQueueService;
  /** the SLA record: acknowledged in time, the median time to acknowledge, the breaches */
  slaRecord: SlaRecordService;
  notifier: Notifier;
  deliveryReports: DeliveryReports;
  /** how many emails one address may still get this hour (EMAIL_HOURLY_LIMIT_PER_RECIPIENT); the notifier asks before each send */
  recipientAllowance: RecipientAllowance;
  /** the operators' console: its sessions and the sign-in attempts per client address */
  consoleSessions: ConsoleSessions;
  logger: Logger;
  /** creates tables and queues on first use (Azurite starts empty; in Azure, Bicep made them) */
  ready(): Promise<void>;
  /** whether storage answers now */
  healthy(): Promise<boolean>;
  /**
   * The same services for one invocation: their log and alert lines written to `output` (the
   * invocation's, src/invocationOutput.ts); adapters, clients and their state shared with these.
   */
  forInvocation(output: LogOutput): AppServices;
}

/** What a test may choose instead of the production defaults. */
export interface ServiceOverrides {
  clock?: () => Date;
  transport?: EmailTransport;
  alerts?: AlertSink;
  logger?: Logger;
}

/**
 * Where a handler takes the services from: the ones the entry built (a test entry may build them
 * again), for the invocation whose output is given; without one, lines go to the console.
 */
export type ServiceSource = (output?: LogOutput) => AppServices;

/**
 * What the app runs on: the services built from its settings, or the bad setting that kept them
 * from being built (every function is registered all the same and refuses to work: appHooks.ts).
 */
export type AppState = { services: AppServices } | { refusal: SettingError };

/**
 * The services for these settings, adapters chosen from them. Pure: no module state, no output,
 * and the settings are not changed (a local run's operator key is the entry's to choose, before).
 */
export function createServices(settings: Settings, o: ServiceOverrides = {}): AppServices {
  const calendar = createBusinessCalendar(settings.calendar);
  const clients = createStorageClients(settings.storage);
  const ticketsTable = clients.table(TABLES.tickets);
  const indexTable = clients.table(TABLES.index);
  const dueTable = clients.table(TABLES.due);
  const searchTable = clients.table(TABLES.search);
  const idempotencyTable = clients.table(TABLES.idempotency);
  const paceTable = clients.table(TABLES.emailPace);
  const sentEmailsTable = clients.table(TABLES.sentEmails);
  const recipientLimitsTable = clients.table(TABLES.recipientLimits);
  const submissionLimitsTable = clients.table(TABLES.submissionLimits);
  const consoleSessionsTable = clients.table(TABLES.consoleSessions);
  const signInLimitsTable = clients.table(TABLES.signInLimits);
  const queueClient = clients.queue(NOTIFICATION_QUEUE);
  const poisonClient = clients.queue(NOTIFICATION_POISON_QUEUE);
  const evidenceContainer = clients.container(EVIDENCE_CONTAINER);
  const store = new TableTicketStore(ticketsTable);
  const dueDates = new TableDueDates(dueTable, indexTable);
  const pendingEmails = new TablePendingEmails(indexTable);
  const listing = new TableTicketListing(indexTable, searchTable);
  const queueRows = new TableQueueRows(indexTable, searchTable);
  const queue = new StorageNotificationQueue(queueClient);
  const sentEmails = new TableSentEmailLog(sentEmailsTable);
  const recipientAllowance = new TableRecipientAllowance(recipientLimitsTable, settings.limits.emailsPerRecipientHour);
  const clock = o.clock;

  let readiness: Promise<void> | null = null;
  const ready = (): Promise<void> => {
    readiness ??= ensureProvisioned(
      { tables: clients.tableService(), queues: clients.queueService() },
      { tables: Object.values(TABLES), queues: [NOTIFICATION_QUEUE, NOTIFICATION_POISON_QUEUE] },
    ).then(
      () => undefined,
      (error: unknown) => {
        readiness = null; // try again on the next request
        throw error;
      },
    );
    return readiness;
  };

  // Built once and shared by every invocation's services: they hold clients, pending promises and
  // the email client.
  const healthy = async (): Promise<boolean> => {
    try {
      await ready();
      await ticketsTable.getEntity('health', 'probe', { abortSignal: deadline(3_000) }).catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 404) throw error;
      });
      return true;
    } catch {
      return false;
    }
  };
  const pageTokenEnds = new TablePageTokenEnds(indexTable);
  const idempotency = new TableIdempotencyStore(idempotencyTable);
  // SUBMISSION_LIMIT_PER_CLIENT_MINUTE=0: no limit, and no limit's storage round trip either.
  const allowance =
    settings.limits.submissionsPerClientMinute > 0 ? new TableSubmissionAllowance(submissionLimitsTable, settings.limits.submissionsPerClientMinute) : null;
  const noticeStore = new TableCustomerNoticeStore(ticketsTable);
  const followUps = new TableFollowUps(indexTable);
  const evidenceStore = new TableEvidenceStore(ticketsTable);
  const evidenceBlobs = new AzureEvidenceBlobs(evidenceContainer);
  const withClock = clock ? { clock } : {};
  const consoleSessions = new ConsoleSessions({
    store: new TableConsoleSessionStore(consoleSessionsTable),
    attempts: new TableSignInAttempts(signInLimitsTable, { attempts: SIGN_IN_ATTEMPTS, windowMs: SIGN_IN_WINDOW_MS }),
    ...withClock,
  });
  const slaRecord = new SlaRecordService({ rows: queueRows, ...withClock });
  const poisonQueue = new StorageNotificationQueue(poisonClient);
  const transport = o.transport ?? emailTransport(settings);
  const pace = new TableSendingPace(paceTable);

  // The services proper are thin: each holds these adapters and the logger and alert sink of the
  // invocation it serves, and is built when an invocation first asks for it.
  const wired = (logger: Logger, alerts: AlertSink): AppServices => {
    let tickets: TicketService | undefined;
    let notices: CustomerNotices | undefined;
    let correspondence: Correspondence | undefined;
    let evidence: EvidenceFiles | undefined;
    let sweep: SlaSweep | undefined;
    let operatorQueue: OperatorQueueService | undefined;
    let notifier: Notifier | undefined;
    let deliveryReports: DeliveryReports | undefined;
    return {
      settings,
      calendar,
      clock: clock ?? (() => new Date()),
      logger,
      ready,
      healthy,
      get tickets() {
        return (tickets ??= new TicketService({
          store,
          dueDates,
          pendingEmails,
          listing,
          pageTokenEnds,
          idempotency,
          queue,
          calendar,
          logger,
          ...(allowance ? { allowance } : {}),
          ...withClock,
        }));
      },
      get notices() {
        return (notices ??= new CustomerNotices({ store, notices: noticeStore, pendingEmails, queue, listing, logger, ...withClock }));
      },
      get correspondence() {
        return (correspondence ??= new Correspondence({ store, pendingEmails, queue, listing, followUps, calendar, alerts, logger, ...withClock }));
      },
      get evidence() {
        return (evidence ??= new EvidenceFiles({
          store,
          files: evidenceStore,
          blobs: evidenceBlobs,
          pendingEmails,
          queue,
          alerts,
          logger,
          scanning: settings.evidenceScanning,
          ...withClock,
        }));
      },
      recipientAllowance,
      consoleSessions,
      get sweep() {
        return (sweep ??= new SlaSweep({ store, dueDates, listing, alerts, logger, ...withClock }));
      },
      get operatorQueue() {
        return (operatorQueue ??= new OperatorQueueService({ rows: queueRows, store, listing, dueDates, logger, ...withClock }));
      },
      slaRecord,
      get notifier() {
        return (notifier ??= new Notifier({
          store,
          pendingEmails,
          listing,
          dueDates,
          queue,
          poisonQueue,
          transport,
          pace,
          sentEmails,
          recipients: recipientAllowance,
          alerts,
          logger,
          publicBaseUrl: settings.publicBaseUrl,
          opsNotifyEmail: settings.opsNotifyEmail,
          timeZone: settings.calendar.timeZone,
          ...withClock,
        }));
      },
      get deliveryReports() {
        return (deliveryReports ??= new DeliveryReports({ store, sentEmails, alerts, logger, ...withClock }));
      },
      forInvocation: (output) => wired(o.logger ?? jsonLogger(output), o.alerts ?? jsonAlerts(output)),
    };
  };
  // Outside an invocation (app start, a test calling a service directly), lines go to the console.
  return wired(o.logger ?? jsonLogger(consoleOutput), o.alerts ?? jsonAlerts(consoleOutput));
}

function emailTransport(settings: Settings): EmailTransport {
  const email = settings.email;
  switch (email.kind) {
    case 'outbox':
      return new OutboxTransport({ dir: email.dir, sender: email.sender });
    case 'acs-connection-string':
      return new AcsTransport({ connectionString: email.connectionString, sender: email.sender });
    case 'acs-identity':
      // No credential: the transport's default, DefaultAzureCredential, which AZURE_CLIENT_ID (set by infra) points at the
      // user-assigned identity.
      return new AcsTransport({ endpoint: email.endpoint, sender: email.sender });
  }
}
