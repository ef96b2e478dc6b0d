import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RegisteredFunction } from './functionsCore';
import { resolveAppSettings } from './hostConfig';
import type { LogSink, TriggerData } from './invocation';
import { ScheduleStatusStore, TimerListener, monitorsByDefault, parseSchedule, timerTriggerData, type TimerInfo } from './timerTrigger';

/** The host id the schedule monitor files its status under: the app's package.json name, else its folder's. */
function hostIdOf(appRoot: string): string {
  try {
    const name = (JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { name?: string }).name;
    if (name) return name;
  } catch {
    // fall through to the folder name
  }
  return path.basename(appRoot);
}

/** Where the timers of the app in `appRoot` keep their last and next occurrences (table AzureWebJobsLocalTimers). */
export function scheduleStatusStore(storageConnectionString: string, appRoot: string): ScheduleStatusStore {
  return new ScheduleStatusStore(storageConnectionString, hostIdOf(appRoot));
}

export interface TimerListenerContext {
  appSettings: Record<string, string | undefined>;
  store: ScheduleStatusStore;
  log: LogSink;
  /** Runs the function for one occurrence; `reason` is what its Executing line says. */
  run(fn: RegisteredFunction, trigger: TriggerData, reason: string): Promise<unknown>;
}

/**
 * The timer of a timer-triggered function, not yet started: its schedule (`%SETTING%` resolved) read
 * as Azure reads it, `runOnStartup`, and `useMonitor` (by default on for schedules a minute or more apart).
 */
export function timerListenerFor(fn: RegisteredFunction, trigger: Record<string, unknown>, ctx: TimerListenerContext): TimerListener {
  const schedule = parseSchedule(resolveAppSettings(String(trigger.schedule), ctx.appSettings, `Timer trigger "${fn.name}"`), fn.name);
  return new TimerListener({
    functionName: fn.name,
    schedule,
    runOnStartup: trigger.runOnStartup === true,
    useMonitor: typeof trigger.useMonitor === 'boolean' ? trigger.useMonitor : monitorsByDefault(schedule),
    store: ctx.store,
    log: ctx.log,
    invoke: (timer: TimerInfo) => ctx.run(fn, timerTriggerData(timer), timer.isPastDue ? 'timer, past due' : 'timer'),
  });
}
