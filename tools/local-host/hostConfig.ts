import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The host.json settings the local host honours, with the Functions runtime's defaults. */
export interface HostConfig {
  routePrefix: string;
  queues: QueueSettings;
  /** host.json `functionTimeout`; the local host only warns when an invocation runs longer. */
  functionTimeoutMs: number;
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

function integerSetting(value: unknown, setting: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`host.json: ${setting} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function objectAt(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Reads `<appRoot>/host.json` (absent: all defaults). Throws on a value the runtime would refuse. */
export function readHostConfig(appRoot: string): HostConfig {
  const file = path.join(appRoot, 'host.json');
  const json: unknown = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const extensions = objectAt(objectAt(json).extensions);
  const http = objectAt(extensions.http);
  const queues = objectAt(extensions.queues);

  const routePrefix = typeof http.routePrefix === 'string' ? http.routePrefix.replace(/^\/+|\/+$/g, '') : 'api';
  const batchSize = queues.batchSize === undefined ? defaultQueues.batchSize : integerSetting(queues.batchSize, 'extensions.queues.batchSize', 1, 32);
  const encoding = queues.messageEncoding ?? defaultQueues.messageEncoding;
  if (encoding !== 'base64' && encoding !== 'none') {
    throw new Error(`host.json: extensions.queues.messageEncoding must be "base64" or "none", got ${JSON.stringify(encoding)}`);
  }
  const root = objectAt(json);
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
    functionTimeoutMs: root.functionTimeout === undefined ? 30 * 60_000 : parseTimeSpan(root.functionTimeout, 'functionTimeout'),
  };
}

/**
 * Resolves `%NAME%` references the way the Functions host resolves binding expressions from app
 * settings. An unset setting is an error naming it.
 */
export function resolveAppSettings(value: string, env: NodeJS.ProcessEnv, what: string): string {
  return value.replace(/%([^%]+)%/g, (_match, name: string) => {
    const resolved = env[name];
    if (resolved === undefined) throw new Error(`${what}: app setting "${name}" is not set`);
    return resolved;
  });
}
