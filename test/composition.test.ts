// createServices is the builder the entry calls once: pure, so that a test can call it as often
// as it likes and the entry alone decides what a run prints and which operator key it uses.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServices, TABLES } from '../src/composition';
import { readSettings } from '../src/settings';

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

  it('keeps its table names', () => {
    expect(Object.values(TABLES).sort()).toEqual([
      'consolesessions',
      'emailpace',
      'idempotency',
      'recipientlimits',
      'sentemails',
      'signinlimits',
      'submissionlimits',
      'ticketindex',
      'tickets',
      'ticketsearch',
    ]);
  });
});
