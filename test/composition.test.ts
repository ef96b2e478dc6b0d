// createServices is the builder the entry calls once: pure, so that a test can call it as often
// as it likes and the entry alone decides what a run prints and which operator key it uses.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServices, TABLES } from '../src/composition';
import { parseSubmission } from '../src/domain/submission';
import type { LogOutput } from '../src/services/logger';
import { readSettings } from '../src/settings';

/** An invocation's output that keeps what it is given as [level, line]. */
function keptOutput(): LogOutput & { lines: Array<[string, string]> } {
  const lines: Array<[string, string]> = [];
  return {
    lines,
    info: (line) => void lines.push(['info', line]),
    warn: (line) => void lines.push(['warn', line]),
    error: (line) => void lines.push(['error', line]),
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('createServices', () => {
  afterEach(() => vi.restoreAllMocks());

  it('builds the services from settings it leaves as they are, printing nothing (no operator key of its own)', () => {
    const settings = deepFreeze(readSettings({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' }));
    const before = structuredClone(settings);
    const printed = vi.spyOn(console, 'log');
    const services = createServices(settings);
    expect(services.settings).toBe(settings);
    expect(settings).toEqual(before);
    expect(services.settings.opsApiKey).toBeNull();
    expect(printed).not.toHaveBeenCalled();
  });

  it('builds new services each time: nothing is kept between calls', () => {
    const settings = readSettings({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' });
    expect(createServices(settings)).not.toBe(createServices(settings));
    expect(createServices(settings).tickets).not.toBe(createServices(settings).tickets);
  });

  it("gives each invocation services that log through that invocation's output and share the adapters", async () => {
    // Nothing listens on the development storage ports here: the limit's check and the ticket write fail at once.
    const settings = readSettings({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' });
    const services = createServices(settings);
    const first = keptOutput();
    const second = keptOutput();
    const forFirst = services.forInvocation(first);
    const forSecond = services.forInvocation(second);
    expect(forFirst.tickets).not.toBe(forSecond.tickets);
    expect(forFirst.tickets).toBe(forFirst.tickets);
    expect(forFirst.recipientAllowance).toBe(services.recipientAllowance);
    expect(forFirst.consoleSessions).toBe(services.consoleSessions);
    expect(forFirst.ready).toBe(services.ready);

    const warned = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const parsed = parseSubmission(
      {
        category: 'incident',
        offerId: 'contoso-firewall',
        summary: 'Credentials leaked in a public image',
        description: 'The image published on Monday contains the signing key of the update service.',
        reporter: { name: 'Ada Lovelace', email: 'ada@contoso.example' },
      },
      { defaultLocale: 'en' },
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    await expect(forFirst.tickets.submit(parsed.submission, null, { client: 'client-1' })).rejects.toThrow();
    expect(first.lines.some(([level, line]) => level === 'warn' && line.includes('submission limit not checked'))).toBe(true);
    expect(second.lines).toEqual([]);
    expect(warned).not.toHaveBeenCalled();
  }, 30_000);

  it('keeps its table names', () => {
    expect(Object.values(TABLES).sort()).toEqual([
      'consolesessions',
      'emailpace',
      'idempotency',
      'recipientlimits',
      'sentemails',
      'signinlimits',
      'submissionlimits',
      'ticketdue',
      'ticketindex',
      'tickets',
      'ticketsearch',
    ]);
  });
});
