// Operational logging. Properties are names, numbers and confirmation numbers: never tokens, keys,
// or what a reporter wrote: logs are read by more people, and kept longer, than a ticket.
//
// Every entry is one JSON line, written at its level to a LogOutput. composition.ts gives the
// services one that writes through the running invocation's InvocationContext (src/invocationOutput.ts):
// in Azure the line is then a trace of category Function.<name>.User at the entry's level, with the
// invocation id, where the alert rules (infra/main.bicep) look for the alert's name; locally the host
// prints it as it is, one whole line (warnings and errors on stderr). console.* would not do: the
// Functions host files what the worker writes there under a severity it guesses from words in the
// line, uncorrelated with the invocation.

import type { Exploitation } from '../domain/vocabulary';

export type LogProperties = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(message: string, properties?: LogProperties): void;
  warn(message: string, properties?: LogProperties): void;
  error(message: string, properties?: LogProperties): void;
}

/** Where log lines go, at their level. */
export interface LogOutput {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

/** The console: stdout for information, stderr for warnings and errors. */
export const consoleOutput: LogOutput = {
  info: (line) => console.info(line),
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
};

/** A logger writing one JSON line per entry, `{"level":…,"message":…,…properties}`, to `output`. */
export function jsonLogger(output: LogOutput): Logger {
  return {
    info: (message, properties) => output.info(line('info', message, properties)),
    warn: (message, properties) => output.warn(line('warn', message, properties)),
    error: (message, properties) => output.error(line('error', message, properties)),
  };
}

function line(level: string, message: string, properties: LogProperties | undefined): string {
  return JSON.stringify({ level, message, ...properties });
}

export type Alert =
  | {
      alert: 'SlaBreached';
      confirmationNumber: string;
      category: string;
      severity: string | null;
      minutesOverdue: number;
      acknowledgeBy: string;
    }
  | { alert: 'NotificationFailed'; confirmationNumber: string; event: string; reason: string; audience?: 'operators' }
  /** emails wait for the sending quota so long that one will be later than 15 minutes */
  | { alert: 'EmailBacklog'; expectedDelayMinutes: number; waiting: number }
  /** the backlog reported by EmailBacklog is sent */
  | { alert: 'EmailBacklogCleared' }
  /** an email was not sent: its address got the hourly maximum already (told once an hour per address) */
  | { alert: 'EmailHeldBack'; confirmationNumber: string; event: string }
  /** a new ticket is stored: operators hear of every report at once (no report text) */
  | ({ alert: 'TicketSubmitted' } & TicketFactsForOperators & { acknowledgeBy: string; exploitation: Exploitation })
  /** the reporter wrote a message or proposed or approved a customer notice (`event`) */
  | ({ alert: 'ReporterReplied' } & TicketFactsForOperators & { event: string })
  /** an information request has waited `businessDays` business days for the reporter's answer (told once per request) */
  /** Defender for Storage found malware in an evidence file (told once per file); the file is never handed out */
  | { alert: 'MalwareDetected'; confirmationNumber: string; fileId: string; sha256: string; uploadedBy: string }
  | { alert: 'InformationRequestUnanswered'; confirmationNumber: string; category: string; severity: string | null; askedAt: string; businessDays: number };

/** What an operator's alert says of a ticket: never its report text or its reporter. */
export interface TicketFactsForOperators {
  confirmationNumber: string;
  category: string;
  /** the CVSS rating of the reporter's vector, null without one */
  severity: string | null;
  offerId: string;
}

export interface AlertSink {
  raise(alert: Alert): void;
}

/** The level of each alert's line: a warning asks an operator to act; the all-clear is information. */
const ALERT_LEVELS: Record<Alert['alert'], keyof LogOutput> = {
  SlaBreached: 'warn',
  NotificationFailed: 'warn',
  EmailBacklog: 'warn',
  EmailBacklogCleared: 'info',
  EmailHeldBack: 'warn',
  // Each asks for an operator's answer: acknowledge the report, answer the reporter, go on without the answer.
  TicketSubmitted: 'warn',
  ReporterReplied: 'warn',
  InformationRequestUnanswered: 'warn',
  // Malware in a file someone handed us: the one alert that is an error, because it may be an attack.
  MalwareDetected: 'error',
};

/**
 * The operators' alert signals: one JSON line each, `{"level":"alert","alert":…,…,"at":…}`, written
 * once to `output` at the alert's level (README, "Operating it", says what each means).
 */
export function jsonAlerts(output: LogOutput, clock: () => Date = () => new Date()): AlertSink {
  return {
    raise: (alert) => output[ALERT_LEVELS[alert.alert]](JSON.stringify({ level: 'alert', ...alert, at: clock().toISOString() })),
  };
}

/** A fault named for a log line: its kind and HTTP status, never its message (which may echo input). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { statusCode?: number }).statusCode;
    return `${error.name}${status ? ` ${status}` : ''}`;
  }
  return typeof error;
}
