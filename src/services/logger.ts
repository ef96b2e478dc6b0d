// Operational logging. Properties are names, numbers and confirmation numbers: never tokens, keys,
// or what a reporter wrote: logs are read by more people, and kept longer, than a ticket.

export type LogProperties = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(message: string, properties?: LogProperties): void;
  warn(message: string, properties?: LogProperties): void;
  error(message: string, properties?: LogProperties): void;
}

/** Writes one JSON line per entry: readable locally, queryable as traces in Application Insights. */
export const consoleLogger: Logger = {
  info: (message, properties) => console.info(line('info', message, properties)),
  warn: (message, properties) => console.warn(line('warn', message, properties)),
  error: (message, properties) => console.error(line('error', message, properties)),
};

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
  | { alert: 'NotificationFailed'; confirmationNumber: string; event: string; reason: string }
  /** emails wait for the sending quota so long that one will be later than 15 minutes */
  | { alert: 'EmailBacklog'; expectedDelayMinutes: number; waiting: number }
  /** the backlog reported by EmailBacklog is sent */
  | { alert: 'EmailBacklogCleared' }
  /** an email was not sent: its address got the hourly maximum already (told once an hour per address) */
  | { alert: 'EmailHeldBack'; confirmationNumber: string; event: string };

export interface AlertSink {
  raise(alert: Alert): void;
}

/**
 * The operators' two alert signals: one JSON line each, on stderr locally and as a warning trace
 * in Application Insights, where the scheduled query rules look for the alert's name.
 */
export const consoleAlerts: AlertSink = {
  raise: (alert) => console.warn(JSON.stringify({ level: 'alert', ...alert, at: new Date().toISOString() })),
};

/** A fault named for a log line: its kind and HTTP status, never its message (which may echo input). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { statusCode?: number }).statusCode;
    return `${error.name}${status ? ` ${status}` : ''}`;
  }
  return typeof error;
}
