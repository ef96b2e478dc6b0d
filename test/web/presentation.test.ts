import { describe, expect, it } from 'vitest';
import { categoryLabel, formatInstant, formatInstantWithUtc, PUBLIC_TICKET_FIELDS, publicTicket, statusLabel } from '../../src/web/presentation';
import { aTicket } from '../support/builders';

describe('publicTicket', () => {
  it('keeps the public fields, in their order, and leaves out the report and the reporter', () => {
    const shown = publicTicket(aTicket({ status: 'resolved', priority: 'p1', severity: 'high', outcome: 'mitigated' }));
    expect(Object.keys(shown)).toEqual([...PUBLIC_TICKET_FIELDS]);
    expect(shown).toMatchObject({ status: 'resolved', outcome: 'mitigated', offerId: 'contoso-firewall' });
    const text = JSON.stringify(shown);
    for (const secret of ['DESCRIPTION-SECRET', 'STEPS-SECRET', 'NOTIFICATION-SECRET', 'ada@contoso.example', 'Ada Lovelace', 'CVE-2021-44228']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('the words of a ticket', () => {
  it('name a status and a category as the status page does, in either language', () => {
    expect(statusLabel('investigating', 'en')).toBe('Under investigation');
    expect(statusLabel('resolved', 'de')).toBe('Abgeschlossen');
    expect(categoryLabel('incident', 'en')).toBe('Security incident');
    expect(categoryLabel('vulnerability', 'de')).toBe('Schwachstelle');
  });
});

describe('an instant', () => {
  const iso = '2025-01-14T09:30:00.000Z';

  it('reads in the given zone, and the email adds the zone and the UTC instant', () => {
    expect(formatInstant(iso, 'de', 'Europe/Berlin')).toMatch(/^Dienstag, 14\. Januar 2025\D+10:30 MEZ$/);
    expect(formatInstantWithUtc(iso, 'de', 'Europe/Berlin')).toBe(`${formatInstant(iso, 'de', 'Europe/Berlin')} (Europe/Berlin) – 2025-01-14T09:30:00Z`);
  });

  it('names no zone for UTC, the email default', () => {
    expect(formatInstantWithUtc(iso, 'en')).toBe(`${formatInstant(iso, 'en', 'UTC')} – 2025-01-14T09:30:00Z`);
    expect(formatInstant(iso, 'en', 'UTC')).toMatch(/^Tuesday,? 14 January 2025\D+09:30 UTC$/);
  });

  it('falls back to UTC for a zone name the runtime does not know, rather than failing', () => {
    expect(formatInstant(iso, 'en', 'Mars/Olympus')).toBe(formatInstant(iso, 'en', 'UTC'));
    expect(formatInstantWithUtc(iso, 'en', 'Mars/Olympus')).toBe(formatInstantWithUtc(iso, 'en', 'UTC'));
  });

  it('comes back as it is when it is no instant', () => {
    expect(formatInstant('soon', 'en', 'UTC')).toBe('soon');
    expect(formatInstantWithUtc('soon', 'de')).toBe('soon');
  });
});
