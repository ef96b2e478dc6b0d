import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The host.json settings the local host honours, with the Functions runtime's defaults. */
export interface HostConfig {
  routePrefix: string;
  queues: QueueSettings;
  /** host.json `functionTimeout` in ms; null: unbounded (`-1`). An invocation past it fails. */
  functionTimeoutMs: number | null;
  /** host.json `logging.logLevel`: whether a line of a category at a level is written. */
  logFilter: LogFilter;
  /** Keys of host.json the local host does not carry out (dotted paths), to be named at start. */
  notHonoured: string[];
  /** Problems Azure would have with this host.json, to be named at start. */
  warnings: string[];
}

export interface QueueSettings {
  batchSize: number;
  newBatchThreshold: number;
  maxPollingIntervalMs: number;
  /** Delay before a failed message becomes visible again. */
  visibilityTimeoutMs: number;
  maxDequeueCount: number;
  messageEncoding: 'base64' | 'none';
}

const defaultQueues: QueueSettings = {
  batchSize: 16,
  newBatchThreshold: 8,
  maxPollingIntervalMs: 60_000,
  visibilityTimeoutMs: 0,
  maxDequeueCount: 5,
  messageEncoding: 'base64',
};

/** Flex Consumption's default (azure-functions-host src/WebJobs.Script/Config/ScriptJobHostOptionsSetup.cs). */
const DEFAULT_FUNCTION_TIMEOUT_MS = 30 * 60_000;
const MIN_FUNCTION_TIMEOUT_MS = 1000;

/**
 * Parses a .NET TimeSpan as host.json writes it: `hh:mm:ss`, `hh:mm:ss.fff`, `d.hh:mm:ss`;
 * a plain number counts as milliseconds. Returns milliseconds.
 */
export function parseTimeSpan(value: unknown, setting: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,7}))?$/.exec(value.trim());
    if (match) {
      const [, days, hours, minutes, seconds, fraction] = match;
      const ms = fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
      return ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000 + ms;
    }
  }
  throw new Error(`host.json: ${setting} must be a TimeSpan such as "00:00:30", got ${JSON.stringify(value)}`);
}

/**
 * host.json `functionTimeout` as ScriptJobHostOptionsSetup.ConfigureFunctionTimeout reads it on
 * Flex Consumption: absent 30 minutes, `-1` unbounded, otherwise at least one second.
 */
function functionTimeout(value: unknown): number | null {
  if (value === undefined) return DEFAULT_FUNCTION_TIMEOUT_MS;
  if (value === '-1' || value === -1 || value === '-1.00:00:00') return null;
  const ms = parseTimeSpan(value, 'functionTimeout');
  if (ms < MIN_FUNCTION_TIMEOUT_MS) throw new Error(`host.json: functionTimeout must be greater than 00:00:01, got ${JSON.stringify(value)}`);
  return ms;
}

/** A .NET TimeSpan as `TimeSpan.ToString()` writes it (the host's timeout message): `[d.]hh:mm:ss[.fffffff]`. */
export function formatTimeSpan(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  const rest = ms - days * 86_400_000;
  const two = (n: number) => String(n).padStart(2, '0');
  const hh = two(Math.floor(rest / 3_600_000));
  const mm = two(Math.floor(rest / 60_000) % 60);
  const ss = two(Math.floor(rest / 1000) % 60);
  const fraction = rest % 1000 ? `.${String(rest % 1000).padStart(3, '0')}0000` : '';
  return `${days ? `${days}.` : ''}${hh}:${mm}:${ss}${fraction}`;
}

function integerSetting(value: unknown, setting: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`host.json: ${setting} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function objectAt(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

// --- logging.logLevel ---------------------------------------------------------------------------

/** Microsoft.Extensions.Logging's levels, in order; `none` writes nothing. */
export const LOG_LEVELS = ['trace', 'debug', 'information', 'warning', 'error', 'critical', 'none'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export type LogFilter = (category: string, level: LogLevelName) => boolean;

/**
 * host.json `logging.logLevel` as Microsoft.Extensions.Logging applies it (LoggerRuleSelector):
 * the rule whose category is the longest case-insensitive prefix of the line's category wins (one
 * `*` may stand for any run of characters), `default` for the rest; without any rule,
 * Information. The host writes `context.log` lines as `Function.<name>.User` and its own
 * Executing/Executed lines as `Function.<name>`.
 */
export function logFilterOf(logLevel: unknown): LogFilter {
  const rules: Array<{ prefix: string; suffix: string; min: number }> = [];
  let fallback = LOG_LEVELS.indexOf('information');
  for (const [category, value] of Object.entries(objectAt(logLevel))) {
    const min = LOG_LEVELS.indexOf(String(value).toLowerCase() as LogLevelName);
    if (typeof value !== 'string' || min < 0) {
      throw new Error(
        `host.json: logging.logLevel.${category} must be one of Trace, Debug, Information, Warning, Error, Critical, None; got ${JSON.stringify(value)}`,
      );
    }
    if (category.toLowerCase() === 'default') {
      fallback = min;
      continue;
    }
    const star = category.indexOf('*');
    rules.push(
      star < 0
        ? { prefix: category.toLowerCase(), suffix: '', min }
        : { prefix: category.slice(0, star).toLowerCase(), suffix: category.slice(star + 1).toLowerCase(), min },
    );
  }
  const cache = new Map<string, number>();
  const minimumFor = (category: string): number => {
    const cached = cache.get(category);
    if (cached !== undefined) return cached;
    const lower = category.toLowerCase();
    let best: { length: number; min: number } | undefined;
    for (const rule of rules) {
      if (!lower.startsWith(rule.prefix) || !lower.endsWith(rule.suffix) || lower.length < rule.prefix.length + rule.suffix.length) continue;
      const length = rule.prefix.length + rule.suffix.length;
      if (!best || length >= best.length) best = { length, min: rule.min };
    }
    const min = best?.min ?? fallback;
    cache.set(category, min);
    return min;
  };
  return (category, level) => {
    const min = minimumFor(category);
    return min < LOG_LEVELS.indexOf('none') && LOG_LEVELS.indexOf(level) >= min;
  };
}

// --- what is honoured ---------------------------------------------------------------------------

/** host.json paths the local host carries out; anything else in the file is named at start. */
const HONOURED = new Set([
  'version',
  'functionTimeout',
  'logging.logLevel',
  'extensions.http.routePrefix',
  'extensions.queues.batchSize',
  'extensions.queues.newBatchThreshold',
  'extensions.queues.maxPollingInterval',
  'extensions.queues.visibilityTimeout',
  'extensions.queues.maxDequeueCount',
  'extensions.queues.messageEncoding',
  // Locally every binding it knows is built in; Azure needs the bundle (checked below).
  'extensionBundle.id',
  'extensionBundle.version',
]);

/** The dotted paths of the leaves (and of objects no honoured path reaches into) of host.json. */
function unhonouredPaths(json: Record<string, unknown>, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(json)) {
    const at = `${prefix}${key}`;
    if (HONOURED.has(at)) continue;
    const reachesInside = [...HONOURED].some((honoured) => honoured.startsWith(`${at}.`));
    if (reachesInside && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      paths.push(...unhonouredPaths(value as Record<string, unknown>, `${at}.`));
    } else {
      paths.push(at);
    }
  }
  return paths;
}

/** Reads `<appRoot>/host.json` (absent: all defaults). Throws on a value the runtime would refuse. */
export function readHostConfig(appRoot: string): HostConfig {
  const file = path.join(appRoot, 'host.json');
  const json: unknown = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const root = objectAt(json);
  const extensions = objectAt(root.extensions);
  const http = objectAt(extensions.http);
  const queues = objectAt(extensions.queues);

  const routePrefix = typeof http.routePrefix === 'string' ? http.routePrefix.replace(/^\/+|\/+$/g, '') : 'api';
  const batchSize = queues.batchSize === undefined ? defaultQueues.batchSize : integerSetting(queues.batchSize, 'extensions.queues.batchSize', 1, 32);
  const encoding = queues.messageEncoding ?? defaultQueues.messageEncoding;
  if (encoding !== 'base64' && encoding !== 'none') {
    throw new Error(`host.json: extensions.queues.messageEncoding must be "base64" or "none", got ${JSON.stringify(encoding)}`);
  }
  const warnings: string[] = [];
  if (existsSync(file) && root.version !== '2.0') {
    warnings.push(`host.json: "version" is ${JSON.stringify(root.version)}; the Functions runtime 4.x needs "2.0"`);
  }
  if (existsSync(file) && objectAt(root.extensionBundle).id !== 'Microsoft.Azure.Functions.ExtensionBundle') {
    warnings.push(
      'host.json: no "extensionBundle" (Microsoft.Azure.Functions.ExtensionBundle): in Azure only HTTP and timer triggers would work, queue triggers and outputs would not be registered',
    );
  }
  return {
    routePrefix,
    queues: {
      batchSize,
      newBatchThreshold:
        queues.newBatchThreshold === undefined
          ? Math.floor(batchSize / 2)
          : integerSetting(queues.newBatchThreshold, 'extensions.queues.newBatchThreshold', 0, 1000),
      maxPollingIntervalMs:
        queues.maxPollingInterval === undefined
          ? defaultQueues.maxPollingIntervalMs
          : Math.max(100, parseTimeSpan(queues.maxPollingInterval, 'extensions.queues.maxPollingInterval')),
      visibilityTimeoutMs:
        queues.visibilityTimeout === undefined
          ? defaultQueues.visibilityTimeoutMs
          : parseTimeSpan(queues.visibilityTimeout, 'extensions.queues.visibilityTimeout'),
      maxDequeueCount:
        queues.maxDequeueCount === undefined
          ? defaultQueues.maxDequeueCount
          : integerSetting(queues.maxDequeueCount, 'extensions.queues.maxDequeueCount', 1, 1000),
      messageEncoding: encoding,
    },
    functionTimeoutMs: functionTimeout(root.functionTimeout),
    logFilter: logFilterOf(objectAt(root.logging).logLevel),
    notHonoured: unhonouredPaths(root),
    warnings,
  };
}

/**
 * Resolves `%NAME%` references the way the Functions host resolves binding expressions
 * (azure-webjobs-sdk NameResolverExtensions.ResolveWholeString over DefaultNameResolver, that
 * is the app settings; .NET configuration keys are case-insensitive). An unset setting is an
 * error naming it.
 */
export function resolveAppSettings(value: string, settings: Readonly<Record<string, string | undefined>>, what: string): string {
  if (/%[^%]*$/.test(value.replace(/%[^%]*%/g, ''))) {
    throw new Error(`${what}: the '%' at position ${value.lastIndexOf('%')} of "${value}" does not have a closing '%'`);
  }
  return value.replace(/%([^%]+)%/g, (_match, name: string) => {
    const resolved = settings[name] ?? Object.entries(settings).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
    if (resolved === undefined) throw new Error(`${what}: app setting "${name}" is not set`);
    return resolved;
  });
}
