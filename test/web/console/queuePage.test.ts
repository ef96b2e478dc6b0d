import { describe, expect, it } from 'vitest';
import { missedDeadline } from '../../../src/domain/queue';
import { CONSOLE_SCRIPT_PATH } from '../../../src/web/console/consoleLayout';
import { pageScriptSrc } from '../../../src/web/pageScripts';
import { queueHref, readQueueQuery, renderQueuePage, sinceLastLook } from '../../../src/web/console/queuePage';
import { visibleText } from '../support/visibleText';
import { aQueueEntry, aSession, NOW } from './consoleFixtures';

const HOSTILE = `<script>alert("x")</script> & 'quotes'`;

const overdue = aQueueEntry({ confirmationNumber: 'SE-AAAA-BBBB-CCCD', acknowledgeBy: '2026-12-01T11:20:00.000Z', slaBreached: true });
const dueSoon = aQueueEntry({ confirmationNumber: 'SE-EEEE-FFFF-GGGH', acknowledgeBy: '2026-12-01T15:00:00.000Z' });
const acknowledged = aQueueEntry({
  confirmationNumber: 'SE-JJJJ-KKKK-MMMN',
  status: 'investigating',
  acknowledgedAt: '2026-11-30T16:00:00.000Z',
  severity: 'high',
  priority: 'p2',
  cveId: null,
});

function items(html: string): string[] {
  return [...html.matchAll(/<li class="queue-item[^"]*" data-confirmation-number="([^"]+)"/g)].map((m) => m[1] as string);
}

function entryHtml(html: string, number: string): string {
  const start = html.indexOf(`data-confirmation-number="${number}"`);
  return html.slice(start, html.indexOf('</li>', start));
}

describe('the queue page', () => {
  it('lists the entries in the queue’s order and marks a missed deadline in words, not by colour alone', () => {
    const html = renderQueuePage({ session: aSession(), now: NOW, filter: {}, page: { items: [overdue, dueSoon, acknowledged] } });
    expect(items(html)).toEqual(['SE-AAAA-BBBB-CCCD', 'SE-EEEE-FFFF-GGGH', 'SE-JJJJ-KKKK-MMMN']);
    expect(entryHtml(html, 'SE-AAAA-BBBB-CCCD')).toContain('<span class="mark breach">Deadline missed</span>');
    expect(entryHtml(html, 'SE-EEEE-FFFF-GGGH')).not.toContain('Deadline missed');
  });

  it('marks a report of active exploitation in words, in both languages, and nothing else', () => {
    const active = aQueueEntry({ confirmationNumber: 'SE-ACTI-VEEX-PLOI', exploitation: 'active' });
    const suspected = aQueueEntry({ confirmationNumber: 'SE-SUSP-ECTE-DDDD', exploitation: 'suspected' });
    const html = renderQueuePage({ session: aSession(), now: NOW, filter: {}, page: { items: [active, suspected] } });
    expect(entryHtml(html, 'SE-ACTI-VEEX-PLOI')).toContain('<span class="mark active">Actively exploited</span>');
    expect(entryHtml(html, 'SE-SUSP-ECTE-DDDD')).not.toContain('mark active');
    const german = renderQueuePage({ session: aSession({ language: 'de' }), now: NOW, filter: {}, page: { items: [active] } });
    expect(entryHtml(german, 'SE-ACTI-VEEX-PLOI')).toContain('<span class="mark active">Aktiv ausgenutzt</span>');
  });

  it('says the time left to acknowledge, or how long it is overdue, and the acknowledgement once there is one', () => {
    const html = renderQueuePage({ session: aSession(), now: NOW, filter: {}, page: { items: [overdue, dueSoon, acknowledged] } });
    expect(visibleText(entryHtml(html, 'SE-AAAA-BBBB-CCCD'))).toContain('To acknowledge overdue by 40 min');
    expect(visibleText(entryHtml(html, 'SE-EEEE-FFFF-GGGH'))).toContain('To acknowledge 3 h left');
    const done = visibleText(entryHtml(html, 'SE-JJJJ-KKKK-MMMN'));
    expect(done).toContain('Acknowledged Mon, 30 Nov 2026');
    expect(done).toContain('Status Investigating');
    expect(done).toContain('Severity High');
    expect(done).toContain('Priority P2');
  });

  it('marks an unacknowledged ticket past its deadline before the sweep has flagged it', () => {
    const unflagged = aQueueEntry({ acknowledgeBy: '2026-12-01T11:59:00.000Z', slaBreached: false });
    expect(missedDeadline(unflagged, NOW)).toBe(true);
    expect(missedDeadline(aQueueEntry({ acknowledgeBy: NOW.toISOString() }), NOW)).toBe(false);
    expect(missedDeadline({ ...unflagged, acknowledgedAt: '2026-12-01T11:00:00.000Z' }, NOW)).toBe(false);
  });

  it('speaks German with a German session', () => {
    const html = renderQueuePage({ session: aSession({ language: 'de' }), now: NOW, filter: {}, page: { items: [overdue, dueSoon] } });
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Offene Meldungen');
    expect(html).toContain('Frist versäumt');
    expect(visibleText(html)).toContain('Zu bestätigen 40 Min. überfällig');
    expect(visibleText(html)).toContain('Zu bestätigen noch 3 Std.');
  });

  it('filters with a plain GET form whose every control is labelled and shows the filters chosen', () => {
    const html = renderQueuePage({
      session: aSession(),
      now: NOW,
      filter: { status: 'awaiting-reporter', category: 'incident', severity: 'high', breached: true },
      page: { items: [] },
    });
    expect(html).toContain('<form method="get" action="/api/console" class="filters"');
    for (const name of ['status', 'category', 'severity', 'breached']) {
      expect(html).toContain(`<label for="filter-${name}">`);
      expect(html).toContain(`<select id="filter-${name}" name="${name}"`);
    }
    expect(html).toContain('<option value="awaiting-reporter" selected>Waiting for the reporter</option>');
    expect(html).toContain('<option value="incident" selected>');
    expect(html).toContain('<option value="high" selected>');
    expect(html).toContain('<option value="true" selected>Missed</option>');
    expect(html).toContain('No open ticket matches these filters.');
  });

  it('has a find box for a confirmation number, an offer or a CVE ID, and shows what it found', () => {
    const html = renderQueuePage({ session: aSession(), now: NOW, filter: {}, page: { items: [dueSoon] }, query: 'CVE-2021-44228' });
    expect(html).toContain('role="search"');
    expect(html).toContain('<input type="search" id="find-q" name="q" value="CVE-2021-44228"');
    expect(html).toContain('Tickets for “CVE-2021-44228”');
    expect(items(html)).toEqual(['SE-EEEE-FFFF-GGGH']);
    expect(html).toContain('Back to the queue');
    expect(html).not.toContain('id="queue-next"');
    const none = renderQueuePage({ session: aSession(), now: NOW, filter: {}, page: { items: [] }, query: HOSTILE });
    expect(none).toContain('No ticket matches “&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;”.');
    expect(none).not.toContain('<script>alert');
  });

  it('pages with links that carry the continuation token and the filters', () => {
    const token = 'eyJwayI6IjEyMyJ9+/=';
    const first = renderQueuePage({ session: aSession(), now: NOW, filter: { category: 'incident' }, page: { items: [dueSoon], continuationToken: token } });
    const next = queueHref({ category: 'incident' }, token);
    expect(next).toBe('/api/console?category=incident&continuationToken=eyJwayI6IjEyMyJ9%2B%2F%3D');
    expect(first).toContain(`<a id="queue-next" rel="next" href="${next.replace('&', '&amp;')}">Next page</a>`);
    expect(first).not.toContain('id="queue-first"');
    const last = renderQueuePage({ session: aSession(), now: NOW, filter: { category: 'incident' }, page: { items: [dueSoon] }, continuationToken: token });
    expect(last).not.toContain('id="queue-next"');
    expect(last).toContain('<a id="queue-first" href="/api/console?category=incident">Back to the first page</a>');
  });

  it('marks what is new and what changed since the operator’s last look, and counts them', () => {
    const lastLook = '2026-12-01T10:00:00.000Z';
    const fresh = aQueueEntry({ confirmationNumber: 'SE-NNNN-PPPP-QQQR', submittedAt: '2026-12-01T11:00:00.000Z', updatedAt: '2026-12-01T11:00:00.000Z' });
    const changed = { ...acknowledged, updatedAt: '2026-12-01T11:30:00.000Z' };
    expect(sinceLastLook(fresh, lastLook)).toBe('new');
    expect(sinceLastLook(changed, lastLook)).toBe('changed');
    expect(sinceLastLook(dueSoon, lastLook)).toBeNull();
    expect(sinceLastLook(fresh, null)).toBeNull();
    const html = renderQueuePage({ session: aSession(), now: NOW, filter: {}, page: { items: [fresh, dueSoon, changed] }, lastLook });
    expect(entryHtml(html, 'SE-NNNN-PPPP-QQQR')).toContain('<span class="mark new">New</span>');
    expect(entryHtml(html, 'SE-JJJJ-KKKK-MMMN')).toContain('<span class="mark changed">Changed</span>');
    expect(entryHtml(html, 'SE-EEEE-FFFF-GGGH')).not.toContain('class="mark');
    expect(visibleText(html)).toContain('1 ticket is new since your last look (Tue, 1 Dec 2026, 10:00 UTC). 1 ticket changed since then.');
  });

  it('escapes what reporters wrote and links each entry to its ticket page', () => {
    const html = renderQueuePage({ session: aSession(), now: NOW, filter: {}, page: { items: [aQueueEntry({ summary: HOSTILE, offerId: HOSTILE })] } });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
    expect(html).toContain('<a href="/api/console/tickets/SE-7K2M-9QXH-4TRB">');
  });

  it('has no inline script or style attribute; the script is the console’s file; sign-out posts the CSRF token', () => {
    const html = renderQueuePage({ session: aSession(), now: NOW, filter: {}, page: { items: [overdue] } });
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual([`<script src="${pageScriptSrc(CONSOLE_SCRIPT_PATH)}" defer>`]);
    expect(CONSOLE_SCRIPT_PATH).toBe('/api/console.js');
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/\son[a-z]+=/);
    expect(html).toContain('<form class="sign-out" method="post" action="/api/console/sign-out">\n<input type="hidden" name="csrf" value="CSRF-TOKEN-1">');
    expect(html).toContain('Signed in as ops@contoso.example');
    expect(html).toContain('id="queue-live" role="status" aria-live="polite"');
  });
});

describe('the queue’s address', () => {
  it('reads back what queueHref and the forms write: the filters, the continuation token, the search', () => {
    const filter = { status: 'awaiting-reporter', category: 'incident', severity: 'low', breached: false } as const;
    expect(readQueueQuery(new URL(queueHref(filter, 'tok+/='), 'http://x').searchParams)).toEqual({ ok: true, value: { filter, continuationToken: 'tok+/=' } });
    expect(readQueueQuery(new URLSearchParams('status=&category=&severity=&breached=&q=+CVE-2021-44228+'))).toEqual({
      ok: true,
      value: { filter: {}, query: 'CVE-2021-44228' },
    });
    expect(readQueueQuery(new URLSearchParams('utm=1'))).toEqual({ ok: true, value: { filter: {} } });
  });

  it('names the field whose value is none of its options', () => {
    expect(readQueueQuery(new URLSearchParams('status=open'))).toEqual({ ok: false, field: 'status' });
    expect(readQueueQuery(new URLSearchParams('breached=yes'))).toEqual({ ok: false, field: 'breached' });
    expect(readQueueQuery(new URLSearchParams({ q: 'x'.repeat(201) }))).toEqual({ ok: false, field: 'q' });
  });
});
