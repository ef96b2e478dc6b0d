import { describe, expect, it } from 'vitest';
import { percentWords, renderSlaPage } from '../../../src/web/console/slaPage';
import { visibleText } from '../support/visibleText';
import { aSession, anSlaReport, NOW } from './consoleFixtures';

const late = {
  confirmationNumber: 'SE-AAAA-BBBB-CCCD',
  category: 'incident' as const,
  offerId: 'contoso-vpn',
  submittedAt: '2026-11-10T09:00:00.000Z',
  acknowledgeBy: '2026-11-11T09:00:00.000Z',
  acknowledgedAt: '2026-11-11T10:30:00.000Z',
};
const open = { ...late, confirmationNumber: 'SE-EEEE-FFFF-GGGH', acknowledgeBy: '2026-12-01T11:20:00.000Z', acknowledgedAt: null };

describe('the SLA record page', () => {
  it('shows for 30 and 90 days the share acknowledged in time and the median time to acknowledge', () => {
    const html = renderSlaPage({
      session: aSession(),
      now: NOW,
      reports: [anSlaReport(), anSlaReport({ days: 90, due: 120, acknowledgedInTime: 110, shareInTime: 110 / 120, medianMinutesToAcknowledge: 1500 })],
    });
    const text = visibleText(html);
    expect(text).toContain('Last 30 days');
    expect(text).toContain('Acknowledged in time 92.5% 37 of 40 tickets due');
    expect(text).toContain('Median time to acknowledge 3 h 12 min');
    expect(text).toContain('Last 90 days');
    expect(text).toContain('Acknowledged in time 91.7% 110 of 120 tickets due');
    expect(text).toContain('Median time to acknowledge 1 day 1 h');
    expect(text).toContain('None: every ticket due was acknowledged in time.');
    expect(html).toContain('aria-current="page">SLA record</a>');
  });

  it('says when nothing was due or acknowledged yet, rather than 0 %', () => {
    const text = visibleText(
      renderSlaPage({
        session: aSession(),
        now: NOW,
        reports: [anSlaReport({ due: 0, acknowledgedInTime: 0, shareInTime: null, medianMinutesToAcknowledge: null })],
      }),
    );
    expect(text).toContain('Acknowledged in time No ticket was due yet');
    expect(text).toContain('Median time to acknowledge None acknowledged yet');
  });

  it('lists the missed deadlines of the widest window, how late each was acknowledged or how long it is overdue, in German too', () => {
    const reports = [anSlaReport({ breaches: [late] }), anSlaReport({ days: 90, breaches: [open, late] })];
    const html = renderSlaPage({ session: aSession(), now: NOW, reports });
    const text = visibleText(html);
    expect(text).toContain('Missed deadlines in the last 90 days');
    expect([...html.matchAll(/<li class="queue-item breach" data-confirmation-number="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'SE-EEEE-FFFF-GGGH',
      'SE-AAAA-BBBB-CCCD',
    ]);
    expect(text).toContain('Deadline missed Not acknowledged yet: overdue by 40 min');
    expect(text).toContain('Deadline missed Acknowledged Wed, 11 Nov 2026, 10:30 UTC, 1 h 30 min late');
    expect(html).toContain('<a href="/api/console/tickets/SE-AAAA-BBBB-CCCD" class="mono">');
    const german = visibleText(renderSlaPage({ session: aSession({ language: 'de' }), now: NOW, reports }));
    expect(german).toContain('Versäumte Fristen der letzten 90 Tage');
    expect(german).toContain('1 Std. 30 Min. zu spät');
    expect(german).toContain('Fristgerecht bestätigt 92,5');
  });

  it('writes a share in the reader’s notation', () => {
    expect(percentWords(0.925, 'en')).toBe('92.5%');
    expect(percentWords(1, 'de')).toMatch(/^100\s%$/u);
  });
});
