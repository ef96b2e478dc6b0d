import type * as DataTables from '@azure/data-tables';
import type { TableClient } from '@azure/data-tables';
// The one module the local host takes from the app's tree: the NCRONTAB and TimeSpan grammar of
// Azure's timer trigger, pure, shared so the app's settings check a schedule exactly as the host does.
import { ScheduleSyntaxError, parseTimerSchedule, type TimerSchedule } from '@security-event-intake/timer-schedule';
import { errorMessage, type LogSink, type TriggerData } from './invocation';

/** A schedule: NCRONTAB (six fields with seconds, or five without) in UTC, or a TimeSpan interval. */
export type Schedule = TimerSchedule;

/**
 * Parses a timer trigger's schedule as the Functions host does (TimerSchedule.Create in
 * azure-webjobs-sdk-extensions): NCRONTAB, else a TimeSpan, else the host's refusal.
 */
export function parseSchedule(expression: string, functionName?: string): Schedule {
  try {
    return parseTimerSchedule(expression);
  } catch (error) {
    if (error instanceof ScheduleSyntaxError && functionName) throw new Error(`Timer trigger "${functionName}": ${error.message}`, { cause: error });
    throw error;
  }
}

/** Whether the runtime's default `useMonitor` is on: schedules whose occurrences are a minute or more apart. */
export function monitorsByDefault(schedule: Schedule, now = new Date()): boolean {
  const first = schedule.next(now);
  const second = schedule.next(first);
  return second.getTime() - first.getTime() >= 60_000;
}

export interface ScheduleStatus {
  last: string;
  next: string;
  lastUpdated: string;
}

/** The timer argument the runtime passes to a timer function (its TimerInfo). */
export interface TimerInfo {
  isPastDue: boolean;
  schedule: { adjustForDST: boolean };
  /** Null unless the timer is monitored (useMonitor), as TimerListener.InvokeJobFunction passes it. */
  scheduleStatus: ScheduleStatus | null;
}

/** A DateTime as Json.NET writes it in the host's TimerInfo; an empty one is DateTime.MinValue. */
function hostDateTime(iso: string): string {
  if (!iso) return '0001-01-01T00:00:00';
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}+00:00`;
}

/**
 * The timer as the host sends it (TimerInfo serialised by Json.NET, PascalCase): the library
 * camel-cases it into `{ schedule: { adjustForDST }, scheduleStatus, isPastDue }`.
 */
export function timerTriggerData(timer: TimerInfo): TriggerData {
  const status = timer.scheduleStatus;
  return {
    data: {
      json: JSON.stringify({
        Schedule: { AdjustForDST: timer.schedule.adjustForDST },
        ScheduleStatus: status ? { Last: hostDateTime(status.last), Next: hostDateTime(status.next), LastUpdated: hostDateTime(status.lastUpdated) } : null,
        IsPastDue: timer.isPastDue,
      }),
    },
  };
}

/**
 * Keeps each monitored timer's last and next occurrence in Table Storage (the real host keeps
 * them in blobs under `azure-webjobs-hosts/timers/`), so a restart can tell a missed occurrence.
 */
export class ScheduleStatusStore {
  readonly #connectionString: string;
  #client: TableClient | undefined;
  readonly #hostId: string;
  #created = false;

  constructor(connectionString: string, hostId: string) {
    this.#connectionString = connectionString;
    this.#hostId = hostId.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 200) || 'local';
  }

  // The client, and @azure/data-tables with it, when a timer first needs its status: the Node.js worker in Azure
  // carries no storage SDK, so the app's first use of the package (its own copy, or one bundled into it) must not find
  // it already loaded, and a host without timers never loads it.
  get #table(): TableClient {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (above)
    const { TableClient: Client } = require('@azure/data-tables') as typeof DataTables;
    this.#client ??= Client.fromConnectionString(this.#connectionString, 'AzureWebJobsLocalTimers', { allowInsecureConnection: true });
    return this.#client;
  }

  async read(functionName: string): Promise<ScheduleStatus | undefined> {
    await this.#ensureTable();
    try {
      const entity = await this.#table.getEntity<ScheduleStatus>(this.#hostId, functionName);
      return { last: entity.last, next: entity.next, lastUpdated: entity.lastUpdated };
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  async write(functionName: string, status: ScheduleStatus): Promise<void> {
    await this.#ensureTable();
    await this.#table.upsertEntity({ partitionKey: this.#hostId, rowKey: functionName, ...status }, 'Replace');
  }

  async #ensureTable(): Promise<void> {
    if (this.#created) return;
    await this.#table.createTable();
    this.#created = true;
  }
}

export interface TimerListenerOptions {
  functionName: string;
  schedule: Schedule;
  runOnStartup: boolean;
  useMonitor: boolean;
  store: ScheduleStatusStore | undefined;
  invoke: (timer: TimerInfo) => Promise<unknown>;
  log: LogSink;
}

const maxTimeoutMs = 2 ** 31 - 1;

/**
 * Runs one timer function on its schedule. A run never overlaps another run of the same
 * function: a scheduled occurrence that comes while a run is in progress is skipped, and an
 * explicit run (admin endpoint) waits for the run in progress.
 */
export class TimerListener {
  readonly #opts: TimerListenerOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #busy = false;
  #stopped = false;
  #last: Date | undefined;
  #lastUpdated: Date | undefined;

  constructor(opts: TimerListenerOptions) {
    this.#opts = opts;
  }

  /** Checks for a missed occurrence (useMonitor), honours runOnStartup, then arms the schedule. */
  async start(): Promise<void> {
    const now = new Date();
    let pastDue = false;
    if (this.#opts.useMonitor && this.#opts.store) {
      try {
        const status = await this.#opts.store.read(this.#opts.functionName);
        if (status) {
          this.#last = status.last ? new Date(status.last) : undefined;
          this.#lastUpdated = status.lastUpdated ? new Date(status.lastUpdated) : undefined;
          pastDue = new Date(status.next).getTime() < now.getTime();
        } else {
          await this.#writeStatus(now);
        }
      } catch (error) {
        this.#log(`cannot read the schedule status: ${errorMessage(error)}`, 'warn');
      }
    }
    this.#arm();
    if (pastDue) {
      this.#log('missed a scheduled occurrence while the host was down; running now with isPastDue', 'info');
      void this.run(true, now);
    } else if (this.#opts.runOnStartup) {
      void this.run(false, now);
    }
  }

  /** Runs the function now, after any run in progress. Resolves when it has finished; rejects if it failed. */
  run(isPastDue: boolean, occurrence = new Date()): Promise<void> {
    const result = this.#running.then(() => this.#execute(isPastDue, occurrence));
    this.#running = result.catch(() => undefined);
    return result;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  #log(message: string, level: 'info' | 'warn' | 'error'): void {
    this.#opts.log(`${new Date().toISOString()} [${this.#opts.functionName}] ${message}`, level);
  }

  #arm(after = new Date()): void {
    if (this.#stopped) return;
    const next = this.#opts.schedule.next(after);
    const wait = (): void => {
      if (this.#stopped) return;
      const remaining = next.getTime() - Date.now();
      if (remaining > 0) {
        this.#timer = setTimeout(wait, Math.min(remaining, maxTimeoutMs));
        return;
      }
      if (this.#busy) {
        this.#log(`skipped the occurrence at ${next.toISOString()}: the previous run is still in progress`, 'info');
      } else {
        this.run(false, next).catch(() => undefined);
      }
      this.#arm(new Date(Math.max(Date.now(), next.getTime())));
    };
    this.#timer = setTimeout(wait, Math.max(0, Math.min(next.getTime() - Date.now(), maxTimeoutMs)));
  }

  async #execute(isPastDue: boolean, occurrence: Date): Promise<void> {
    this.#busy = true;
    try {
      const now = new Date();
      // The status before this run: the last occurrence run, and this one as the next.
      const timer: TimerInfo = {
        isPastDue,
        schedule: { adjustForDST: true },
        scheduleStatus: this.#opts.useMonitor
          ? { last: this.#last?.toISOString() ?? '', next: occurrence.toISOString(), lastUpdated: (this.#lastUpdated ?? now).toISOString() }
          : null,
      };
      try {
        await this.#opts.invoke(timer);
      } finally {
        this.#last = occurrence;
        await this.#writeStatus(new Date());
      }
    } finally {
      this.#busy = false;
    }
  }

  async #writeStatus(now: Date): Promise<void> {
    this.#lastUpdated = now;
    if (!this.#opts.useMonitor || !this.#opts.store) return;
    try {
      await this.#opts.store.write(this.#opts.functionName, {
        last: this.#last?.toISOString() ?? '',
        next: this.#opts.schedule.next(now).toISOString(),
        lastUpdated: now.toISOString(),
      });
    } catch (error) {
      this.#log(`cannot record the schedule status: ${errorMessage(error)}`, 'warn');
    }
  }
}
