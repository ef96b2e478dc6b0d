// Environment -> typed settings, validated once. An invalid value is a SettingError naming the
// setting; the app still registers every function and refuses to work until it is corrected
// (src/appHooks.ts), and `npm start` stops with one line naming it (README, "Configuration").

import { randomBytes } from 'node:crypto';
import { ScheduleSyntaxError, parseNcrontab } from '../packages/timer-schedule/src/timerSchedule';
import { checkCalendarSettings, InvalidCalendar, type CalendarSettings } from './domain/calendar';

export class SettingError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = 'SettingError';
  }
}

export type StorageSettings =
  | { kind: 'connectionString'; connectionString: string }
  | {
      kind: 'identity';
      tableServiceUri: string;
      queueServiceUri: string;
      /** the evidence files' container lives here (AzureWebJobsStorage__blobServiceUri, which the host needs too) */
      blobServiceUri: string;
      clientId?: string;
    };

export type EmailSettings =
  | { kind: 'acs-identity'; endpoint: string; sender: string }
  | { kind: 'acs-connection-string'; connectionString: string; sender: string }
  | { kind: 'outbox'; dir: string; sender: string };

export interface LimitSettings {
  /** submissions one client address may make in any minute; 0: no limit (load tests on loopback) */
  submissionsPerClientMinute: number;
  /** emails to one recipient address in any hour (a sliding window) */
  emailsPerRecipientHour: number;
}

export interface Settings {
  storage: StorageSettings;
  email: EmailSettings;
  /** the operators' bearer key; null when none is configured (Entra only) */
  opsApiKey: string | null;
  /** true when App Service Authentication fronts the app, so x-ms-client-principal can be trusted */
  appServiceAuthEnabled: boolean;
  calendar: CalendarSettings;
  slaSweepSchedule: string;
  publicBaseUrl: string;
  /** origin of the web form when it is hosted elsewhere (Static Web Apps); null: this app's origin */
  webOrigin: string | null;
  limits: LimitSettings;
  /** the operators' mailbox for new tickets and what reporters do (OPS_NOTIFY_EMAIL); null: alert lines only */
  opsNotifyEmail: string | null;
  /**
   * EVIDENCE_MALWARE_SCANNING: `defender` when Defender for Storage scans the evidence container on
   * upload (Azure; infra sets it with the scanner), so files are `pending` until its verdict and
   * withheld until it is clean; `off` (the default) where nothing scans: files are `not-scanned`.
   * A setting, not a guess: nothing in the data plane says whether a scanner will come.
   */
  evidenceScanning: boolean;
}

type Env = Record<string, string | undefined>;

/** Reads and validates every setting; throws SettingError naming the first bad one. */
export function readSettings(env: Env = process.env): Settings {
  const calendar = readCalendar(env);
  return {
    storage: readStorage(env),
    email: readEmail(env),
    opsApiKey: readOpsApiKey(env),
    appServiceAuthEnabled: readAppServiceAuth(env),
    calendar,
    slaSweepSchedule: readSchedule(env),
    publicBaseUrl: readBaseUrl(env),
    webOrigin: readWebOrigin(env),
    limits: readLimits(env),
    opsNotifyEmail: readOpsNotifyEmail(env),
    evidenceScanning: readEvidenceScanning(env),
  };
}

function readEvidenceScanning(env: Env): boolean {
  const value = env.EVIDENCE_MALWARE_SCANNING?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'off') return false;
  if (value === 'defender') return true;
  throw new SettingError('EVIDENCE_MALWARE_SCANNING', `EVIDENCE_MALWARE_SCANNING ${JSON.stringify(env.EVIDENCE_MALWARE_SCANNING)} must be defender or off.`);
}

// The business calendar's settings by the variable that sets each; the calendar itself
// (src/domain/calendar.ts) checks the values and names the field at fault.
const CALENDAR_VARIABLES: Record<keyof CalendarSettings, { name: string; note?: string }> = {
  timeZone: { name: 'SLA_TIME_ZONE' },
  workdays: { name: 'SLA_WORKDAYS' },
  holidays: { name: 'SLA_HOLIDAYS' },
  extraHolidays: { name: 'SLA_EXTRA_HOLIDAYS', note: 'dates are separated by commas' },
};

/** The SLA_* settings (unset or blank: UTC, 1,2,3,4,5, no holidays, no extra dates), checked by the calendar; a bad one is a SettingError naming it. */
function readCalendar(env: Env): CalendarSettings {
  const workdays = blank(env.SLA_WORKDAYS)
    ? [1, 2, 3, 4, 5]
    : env.SLA_WORKDAYS.split(',').map((item) => {
        const day = item.trim();
        // Number('') is 0 and Number('1e0') is 1: only a single digit is a weekday.
        return /^[1-7]$/.test(day) ? Number(day) : Number.NaN;
      });
  if (workdays.some(Number.isNaN)) {
    throw new SettingError(
      'SLA_WORKDAYS',
      `SLA_WORKDAYS ${JSON.stringify(env.SLA_WORKDAYS)} must list ISO weekdays 1 (Monday) to 7 (Sunday) separated by commas, for example 1,2,3,4,5.`,
    );
  }
  try {
    return checkCalendarSettings({
      timeZone: blank(env.SLA_TIME_ZONE) ? 'UTC' : env.SLA_TIME_ZONE.trim(),
      workdays,
      holidays: blank(env.SLA_HOLIDAYS) ? '' : env.SLA_HOLIDAYS.trim(),
      extraHolidays: blank(env.SLA_EXTRA_HOLIDAYS) ? [] : listOf(env.SLA_EXTRA_HOLIDAYS),
    });
  } catch (error) {
    if (!(error instanceof InvalidCalendar)) throw error;
    const { name, note } = CALENDAR_VARIABLES[error.field];
    const problem = note ? `${error.problem.replace(/\.$/, '')} (${note}).` : error.problem;
    throw new SettingError(name, `${name} ${error.value} ${problem}`);
  }
}

function listOf(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function blank(value: string | undefined): value is undefined {
  return value === undefined || value.trim() === '';
}

function readStorage(env: Env): StorageSettings {
  const connectionString = env.AzureWebJobsStorage?.trim();
  if (connectionString) {
    if (connectionString === 'UseDevelopmentStorage=true') {
      return { kind: 'connectionString', connectionString: DEVELOPMENT_STORAGE };
    }
    if (!/AccountName=|TableEndpoint=|UseDevelopmentStorage=/i.test(connectionString)) {
      throw new SettingError('AzureWebJobsStorage', 'AzureWebJobsStorage is not a storage connection string.');
    }
    return { kind: 'connectionString', connectionString };
  }
  const tableServiceUri = env.AzureWebJobsStorage__tableServiceUri?.trim();
  const queueServiceUri = env.AzureWebJobsStorage__queueServiceUri?.trim();
  if (tableServiceUri || queueServiceUri) {
    if (!tableServiceUri || !isHttpsUrl(tableServiceUri)) {
      throw new SettingError('AzureWebJobsStorage__tableServiceUri', 'AzureWebJobsStorage__tableServiceUri must be an https URL.');
    }
    if (!queueServiceUri || !isHttpsUrl(queueServiceUri)) {
      throw new SettingError('AzureWebJobsStorage__queueServiceUri', 'AzureWebJobsStorage__queueServiceUri must be an https URL.');
    }
    const blobServiceUri = env.AzureWebJobsStorage__blobServiceUri?.trim();
    if (!blobServiceUri || !isHttpsUrl(blobServiceUri)) {
      throw new SettingError('AzureWebJobsStorage__blobServiceUri', 'AzureWebJobsStorage__blobServiceUri must be an https URL.');
    }
    const clientId = env.AzureWebJobsStorage__clientId?.trim() || undefined;
    return { kind: 'identity', tableServiceUri, queueServiceUri, blobServiceUri, ...(clientId ? { clientId } : {}) };
  }
  return { kind: 'connectionString', connectionString: DEVELOPMENT_STORAGE };
}

/** Azurite's well-known development account (public, documented by Microsoft). */
export const DEVELOPMENT_STORAGE =
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
  'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
  'BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;' +
  'TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;';

function readEmail(env: Env): EmailSettings {
  const sender = env.EMAIL_SENDER?.trim() || 'DoNotReply@localhost';
  if (!/^[^\s@<>"]+@[^\s@<>"]+$/.test(sender)) {
    throw new SettingError('EMAIL_SENDER', `EMAIL_SENDER "${sender}" is not an email address.`);
  }
  const endpoint = env.ACS_ENDPOINT?.trim();
  const connectionString = env.ACS_CONNECTION_STRING?.trim();
  if (endpoint) {
    if (!isAllowedAcsUrl(endpoint)) {
      throw new SettingError('ACS_ENDPOINT', 'ACS_ENDPOINT must be an https URL (plain http only for 127.0.0.1 or localhost).');
    }
    return { kind: 'acs-identity', endpoint, sender };
  }
  if (connectionString) {
    const match = /endpoint=([^;]+)/i.exec(connectionString);
    if (!match?.[1] || !/accesskey=/i.test(connectionString) || !isAllowedAcsUrl(match[1])) {
      throw new SettingError(
        'ACS_CONNECTION_STRING',
        'ACS_CONNECTION_STRING must be "endpoint=https://…;accesskey=…" (plain http only for 127.0.0.1 or localhost).',
      );
    }
    return { kind: 'acs-connection-string', connectionString, sender };
  }
  return { kind: 'outbox', dir: env.EMAIL_OUTBOX_DIR?.trim() || '.data/outbox', sender };
}

/** An address the transports accept as a recipient (one address, no display name, no list). */
const ADDRESS = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+$/;

function readOpsNotifyEmail(env: Env): string | null {
  const address = env.OPS_NOTIFY_EMAIL?.trim();
  if (!address) return null;
  if (!ADDRESS.test(address)) {
    throw new SettingError('OPS_NOTIFY_EMAIL', `OPS_NOTIFY_EMAIL ${JSON.stringify(address)} is not one email address such as security-team@contoso.example.`);
  }
  return address;
}

function readOpsApiKey(env: Env): string | null {
  const key = env.OPS_API_KEY?.trim();
  if (!key) return null;
  if (key.length < 16) throw new SettingError('OPS_API_KEY', 'OPS_API_KEY must be at least 16 characters long.');
  // The key travels as `Authorization: Bearer <key>`, whose token syntax (RFC 6750, b64token)
  // has no spaces or other separators: a key outside it could be set but never presented.
  if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(key)) {
    throw new SettingError(
      'OPS_API_KEY',
      'OPS_API_KEY may contain only letters, digits and - . _ ~ + / (then = at the end): it is sent as a bearer token, which cannot hold spaces or other characters.',
    );
  }
  return key;
}

/** A random operator key for local runs where none is set (printed once by `npm start`). */
function newOpsApiKey(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Locally (no WEBSITE_SITE_NAME, which Azure sets) and without OPS_API_KEY, operators get a fresh
 * key for this run: new settings with it. Otherwise the settings as they are; never changes them.
 */
export function withLocalOperatorKey(settings: Settings, env: Env = process.env): Settings {
  if (settings.opsApiKey !== null || env.WEBSITE_SITE_NAME) return settings;
  return { ...settings, opsApiKey: newOpsApiKey() };
}

/**
 * Locally, a note when the links in emails lead elsewhere than this run: PUBLIC_BASE_URL names a
 * loopback address on another port than the PORT the local host was given (the sample's 7071,
 * say, with PORT=8080). Settings are taken as given, as in Azure; the note only says so. Null
 * in Azure, with PORT unset or 0 (the host picks a port), or when the two agree.
 */
export function localLinkPortNote(publicBaseUrl: string, env: Env = process.env): string | null {
  const port = env.PORT?.trim();
  if (env.WEBSITE_SITE_NAME || !port || port === '0') return null;
  let url: URL;
  try {
    url = new URL(publicBaseUrl);
  } catch {
    return null;
  }
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return null;
  const linked = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (linked === port) return null;
  return `Links in emails lead to PUBLIC_BASE_URL (${url.origin}), not to this run's port ${port}: set PUBLIC_BASE_URL to match`;
}

function readAppServiceAuth(env: Env): boolean {
  // The platform sets WEBSITE_AUTH_ENABLED=True when App Service Authentication is on; our own
  // APP_SERVICE_AUTH_ENABLED lets infra state it explicitly. Anything else: principals are ignored.
  return [env.WEBSITE_AUTH_ENABLED, env.APP_SERVICE_AUTH_ENABLED].some((v) => v?.trim().toLowerCase() === 'true');
}

function readSchedule(env: Env): string {
  const schedule = env.SLA_SWEEP_SCHEDULE?.trim() || '0 */5 * * * *';
  try {
    // Checked as Azure's timer trigger checks it (NCrontab): a schedule that passes here also
    // starts in Azure, where the host would otherwise leave slaSweep out.
    parseNcrontab(schedule, { fields: 6 });
  } catch (error) {
    if (!(error instanceof ScheduleSyntaxError)) throw error;
    throw new SettingError('SLA_SWEEP_SCHEDULE', `SLA_SWEEP_SCHEDULE "${schedule}" is not a six-field NCRONTAB expression: ${error.message}`);
  }
  return schedule;
}

function readBaseUrl(env: Env): string {
  const url = env.PUBLIC_BASE_URL?.trim() || 'http://127.0.0.1:7071';
  if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(url)) {
    throw new SettingError('PUBLIC_BASE_URL', `PUBLIC_BASE_URL "${url}" is not an http(s) base URL.`);
  }
  return url.replace(/\/+$/, '');
}

function readWebOrigin(env: Env): string | null {
  const origin = env.WEB_ORIGIN?.trim();
  if (!origin) return null;
  if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(origin)) {
    throw new SettingError('WEB_ORIGIN', `WEB_ORIGIN "${origin}" is not an origin such as https://forms.example.org.`);
  }
  return origin;
}

/** Any rate limit allows at least 100 submissions a minute from one client address (README, "Configuration"). */
const MIN_SUBMISSIONS_PER_CLIENT_MINUTE = 100;
// The limiter reads the client's slots on every submission: a larger limit makes that read heavy,
// and no person submits a thousand reports a minute.
const MAX_SUBMISSIONS_PER_CLIENT_MINUTE = 1_000;
const MAX_EMAILS_PER_RECIPIENT_HOUR = 100;

function readLimits(env: Env): LimitSettings {
  const submissions = readWholeNumber(env, 'SUBMISSION_LIMIT_PER_CLIENT_MINUTE', 120);
  if (submissions !== 0 && (submissions < MIN_SUBMISSIONS_PER_CLIENT_MINUTE || submissions > MAX_SUBMISSIONS_PER_CLIENT_MINUTE)) {
    throw new SettingError(
      'SUBMISSION_LIMIT_PER_CLIENT_MINUTE',
      `SUBMISSION_LIMIT_PER_CLIENT_MINUTE "${submissions}" must be 0 (no limit) or from ${MIN_SUBMISSIONS_PER_CLIENT_MINUTE} to ${MAX_SUBMISSIONS_PER_CLIENT_MINUTE} submissions a minute.`,
    );
  }
  const emails = readWholeNumber(env, 'EMAIL_HOURLY_LIMIT_PER_RECIPIENT', 10);
  if (emails < 1 || emails > MAX_EMAILS_PER_RECIPIENT_HOUR) {
    throw new SettingError(
      'EMAIL_HOURLY_LIMIT_PER_RECIPIENT',
      `EMAIL_HOURLY_LIMIT_PER_RECIPIENT "${emails}" must be from 1 to ${MAX_EMAILS_PER_RECIPIENT_HOUR} emails an hour.`,
    );
  }
  return { submissionsPerClientMinute: submissions, emailsPerRecipientHour: emails };
}

function readWholeNumber(env: Env, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (!value) return fallback;
  if (!/^\d{1,9}$/.test(value)) throw new SettingError(name, `${name} "${value}" is not a whole number.`);
  return Number(value);
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function isAllowedAcsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname);
  } catch {
    return false;
  }
}
