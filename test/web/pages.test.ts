import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/web/html';
import { MESSAGES } from '../../src/web/i18n';
import { renderFormPage } from '../../src/web/formPage';
import { pageScriptSrc } from '../../src/web/pageScripts';
import { renderStatusPage, renderTokenPage, STATUS_PAGE_SCRIPT_PATH, type TicketView } from '../../src/web/pages';
import { renderProblemPage } from '../../src/web/problemPage';
import { SECURITY_HEADERS, securityHeadersFor } from '../../src/web/securityHeaders';
import { STYLESHEET } from '../../src/web/styles';
import { aTicket } from '../support/builders';
import { visibleText } from './support/visibleText';

const HOSTILE = `<script>alert("x")</script> & 'quotes' <img src=x onerror=alert(1)>`;

/** The status page's view of a ticket: this file's number, dates and score, and the submission in its history. */
function aTicketView(overrides: Partial<TicketView> = {}): TicketView {
  return {
    ...aTicket({
      confirmationNumber: 'SE-7K3M9Q2X4',
      submittedAt: '2025-03-07T10:15:00.000Z',
      acknowledgeBy: '2025-03-10T10:15:00.000Z',
      cvss: { version: '3.1', baseScore: 9.8, baseSeverity: 'critical', score: 9.8, severity: 'critical' },
    }),
    history: [{ at: '2025-03-07T10:15:00.000Z', event: 'submitted', status: 'submitted' }],
    ...overrides,
  };
}

function anAcknowledgedTicket(): TicketView {
  return aTicketView({
    status: 'acknowledged',
    acknowledgedAt: '2025-03-07T12:00:00.000Z',
    priority: 'p1',
    severity: 'critical',
    history: [
      { at: '2025-03-07T10:15:00.000Z', event: 'submitted', status: 'submitted' },
      { at: '2025-03-07T10:15:05.000Z', event: 'notification-sent', status: 'submitted' },
      { at: '2025-03-07T12:00:00.000Z', event: 'acknowledged', status: 'acknowledged', note: 'Looking at it <now>' },
    ],
  });
}

describe('escapeHtml', () => {
  it('escapes the five characters that can break out of text or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('leaves other Unicode alone', () => {
    expect(escapeHtml('Größe – ✓ 漢字')).toBe('Größe – ✓ 漢字');
  });
});

describe('renderStatusPage', () => {
  it('shows what the reporter said of exploitation and the planned disclosure, in the page language', () => {
    const en = visibleText(renderStatusPage({ ticket: aTicketView({ exploitation: 'active', publicDisclosure: '2025-09-30' }), locale: 'en' }));
    expect(en).toContain('Exploitation Being exploited');
    expect(en).toContain('Planned public disclosure 30 September 2025');
    const de = visibleText(renderStatusPage({ ticket: aTicketView({ exploitation: 'suspected', publicDisclosure: '2025-09-30' }), locale: 'de' }));
    expect(de).toContain('Ausnutzung Vermutet');
    expect(de).toContain('Geplante Veröffentlichung 30. September 2025');
  });

  it('says a disclosure date on or before the day of the report was public already, and none when none was given', () => {
    // Submitted 2025-03-07.
    const past = visibleText(renderStatusPage({ ticket: aTicketView({ publicDisclosure: '2025-03-07' }), locale: 'en' }));
    expect(past).toContain('7 March 2025 (public already when you reported it)');
    const none = visibleText(renderStatusPage({ ticket: aTicketView({ exploitation: 'unknown', publicDisclosure: null }), locale: 'de' }));
    expect(none).toContain('Ausnutzung Nicht bekannt');
    expect(none).toContain('Geplante Veröffentlichung Keine angegeben');
  });

  it('leaves the affected versions and the weakness out, like the description and the CVE ID', () => {
    const html = renderStatusPage({ ticket: aTicketView({ weakness: 'CWE-917' } as Partial<TicketView>), locale: 'en' });
    expect(html).not.toContain('VERSIONS-SECRET');
    expect(html).not.toContain('CWE-917');
  });

  it('escapes every text the reporter or an operator wrote', () => {
    const html = renderStatusPage({
      ticket: aTicketView({
        summary: HOSTILE,
        offerId: HOSTILE,
        history: [{ at: '2025-03-07T10:15:00.000Z', event: 'submitted', status: 'submitted', note: HOSTILE }],
      }),
      locale: 'en',
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
    expect(visibleText(html)).toContain(HOSTILE);
  });

  it('escapes the confirmation number and the token in the status link', () => {
    const html = renderStatusPage({
      ticket: aTicketView({ confirmationNumber: 'SE-"><b>' }),
      locale: 'en',
      justSubmitted: true,
      accessToken: 'tok"en&<x>',
    });
    expect(html).not.toContain('<b>');
    expect(html).toContain('href="/api/tickets/SE-%22%3E%3Cb%3E#token=tok%22en%26%3Cx%3E"');
  });

  it('tells the reporter what an email was about in words, never the internal event code', () => {
    const history: TicketView['history'] = [
      { at: '2025-03-07T10:15:00.000Z', event: 'submitted', status: 'submitted' },
      { at: '2025-03-07T10:15:02.000Z', event: 'notification-sent', status: 'submitted', about: 'submitted' },
    ];
    const en = visibleText(renderStatusPage({ ticket: aTicketView({ history }), locale: 'en' }));
    expect(en).toContain('Email sent to you: confirmation of your report.');
    expect(en).not.toMatch(/Note: submitted|\bsubmitted\b/);
    const de = visibleText(renderStatusPage({ ticket: aTicketView({ history }), locale: 'de' }));
    expect(de).toContain('E-Mail an Sie versendet: Eingangsbestätigung Ihrer Meldung.');
  });

  it('shows status, priority, severity, outcome and CVSS in English', () => {
    const text = visibleText(renderStatusPage({ ticket: anAcknowledgedTicket(), locale: 'en' }));
    expect(text).toContain('Report SE-7K3M9Q2X4');
    expect(text).toMatch(/Status Acknowledged/);
    expect(text).toContain('Priority P1 (highest)');
    expect(text).toContain('Severity Critical');
    expect(text).toContain('Outcome Still open');
    expect(text).toContain('Base score 9.8, severity Critical (CVSS 3.1)');
  });

  it('shows the whole vector\u2019s score beside the base score, in either language', () => {
    const cvss = { version: '4.0', baseScore: 7.7, baseSeverity: 'high', score: 5.2, severity: 'medium', nomenclature: 'CVSS-BT' } as const;
    const ticket = aTicketView({ cvss }); // CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U
    expect(visibleText(renderStatusPage({ ticket, locale: 'en' }))).toContain(
      'Overall score 5.2, severity Medium (CVSS 4.0, CVSS-BT); base score 7.7, severity High',
    );
    expect(visibleText(renderStatusPage({ ticket, locale: 'de' }))).toContain(
      'Gesamtwert 5.2, Schweregrad Mittel (CVSS 4.0, CVSS-BT); Basiswert 7.7, Schweregrad Hoch',
    );
  });

  it('speaks German when the locale is de', () => {
    const html = renderStatusPage({ ticket: anAcknowledgedTicket(), locale: 'de' });
    const text = visibleText(html);
    expect(html).toContain('<html lang="de">');
    expect(text).toContain('Meldung SE-7K3M9Q2X4');
    expect(text).toContain('Status Bestätigt');
    expect(text).toContain('Priorität P1 (höchste)');
    expect(text).toContain('Schweregrad Kritisch');
    expect(text).toContain('Ergebnis Noch offen');
    expect(text).toContain('Verlauf');
    expect(text).not.toContain('Acknowledged');
  });

  it('tells the history as a timeline in words, in order, with the notes', () => {
    const en = visibleText(renderStatusPage({ ticket: anAcknowledgedTicket(), locale: 'en' }));
    const order = [
      'We received your report.',
      'Email sent to you: an update on your report.',
      'We acknowledged your report and set its priority and severity.',
      'Note from the team: Looking at it <now>',
    ];
    const positions = order.map((s) => en.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    const de = visibleText(renderStatusPage({ ticket: anAcknowledgedTicket(), locale: 'de' }));
    expect(de).toContain('Wir haben Ihre Meldung erhalten.');
    expect(de).toContain('E-Mail an Sie versendet');
    expect(de).toContain('Wir haben Ihre Meldung bestätigt und Priorität und Schweregrad festgelegt.');
    expect(de).toContain('Notiz des Teams: Looking at it <now>');
  });

  it('puts instants in the requested time zone with its name, as machine-readable <time>', () => {
    const html = renderStatusPage({ ticket: aTicketView(), locale: 'de', timeZone: 'Europe/Berlin' });
    expect(html).toContain('<time datetime="2025-03-10T10:15:00.000Z">');
    expect(visibleText(html)).toContain('Montag, 10. März 2025 um 11:15 MEZ (10. März, 10:15 UTC)');
    const utc = visibleText(renderStatusPage({ ticket: aTicketView(), locale: 'en' }));
    expect(utc).toContain('Monday, 10 March 2025 at 10:15 UTC');
  });

  it('warns about a missed acknowledgement deadline only when the ticket is flagged', () => {
    expect(renderStatusPage({ ticket: aTicketView(), locale: 'en' })).not.toContain('id="sla-breached"');
    const breached = aTicketView({
      slaBreached: true,
      history: [
        { at: '2025-03-07T10:15:00.000Z', event: 'submitted', status: 'submitted' },
        { at: '2025-03-10T10:20:00.000Z', event: 'sla-breached', status: 'submitted' },
      ],
    });
    const text = visibleText(renderStatusPage({ ticket: breached, locale: 'en' }));
    expect(text).toContain('We missed our deadline to acknowledge this report.');
    expect(text).toContain('We did not acknowledge your report within one business day as promised. The team was alerted.');
  });

  it('shows a resolved ticket\u2019s outcome and leaves out the investigation it skipped', () => {
    const resolved = aTicketView({
      status: 'resolved',
      outcome: 'revise-offer',
      priority: 'p2',
      severity: 'high',
      acknowledgedAt: '2025-03-07T12:00:00.000Z',
      history: [
        { at: '2025-03-07T10:15:00.000Z', event: 'submitted', status: 'submitted' },
        { at: '2025-03-07T12:00:00.000Z', event: 'acknowledged', status: 'acknowledged' },
        { at: '2025-03-08T09:00:00.000Z', event: 'resolved', status: 'resolved' },
      ],
    });
    const html = renderStatusPage({ ticket: resolved, locale: 'en' });
    expect(visibleText(html)).toContain('Outcome The offer needs to be revised');
    expect(html).not.toContain('Under investigation');
    expect(html).toContain('<li class="step current" aria-current="step">Resolved</li>');
  });

  it('opens with the confirmation after a form post: number, deadline, quote advice, status link', () => {
    const html = renderStatusPage({ ticket: aTicketView(), locale: 'en', justSubmitted: true, accessToken: 'abc123' });
    const text = visibleText(html);
    expect(html).toContain('<p class="number" id="confirmation-number">SE-7K3M9Q2X4</p>');
    expect(text).toContain('Your report has been received');
    expect(text).toContain('Please quote this number in every message about this event.');
    expect(text).toContain('We will acknowledge your report and assign a priority and a severity by Monday, 10 March 2025 at 10:15 UTC.');
    // After `#`: the browser never sends it, so the token stays out of the host's request logs.
    expect(html).toContain('href="/api/tickets/SE-7K3M9Q2X4#token=abc123"');
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
  });

  it('leads to the form on its own origin when the site is hosted apart from the API', () => {
    const status = renderStatusPage({ ticket: aTicketView(), locale: 'en', webOrigin: 'https://form.example' });
    expect(status).toContain('<a href="https://form.example/">Report another event</a>');
  });

  it('shows the confirmation only right after the post, and never the token otherwise', () => {
    const html = renderStatusPage({ ticket: aTicketView(), locale: 'en' });
    expect(html).not.toContain('Your report has been received');
    expect(html).not.toContain('token=');
  });

  it('has no inline script, only the status page script file, and only the stylesheet inline, which the CSP allows by its hash', () => {
    for (const html of [
      renderStatusPage({ ticket: anAcknowledgedTicket(), locale: 'en', justSubmitted: true, accessToken: 'x' }),
      renderTokenPage({ confirmationNumber: 'SE-7K3M9Q2X4', locale: 'en' }),
      renderProblemPage({ status: 400, title: 'Invalid submission', locale: 'en' }),
    ]) {
      const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)];
      expect(scripts.map((m) => m[1])).toEqual(html.includes('<h1 id="problem-title">') ? [] : ['']);
      if (scripts[0]) expect(scripts[0][0]).toBe(`<script src="${pageScriptSrc(STATUS_PAGE_SCRIPT_PATH)}" defer></script>`);
      expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/i);
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
      expect(styles).toEqual([STYLESHEET]);
      const hash = createHash('sha256').update(STYLESHEET).digest('base64');
      expect(SECURITY_HEADERS['Content-Security-Policy']).toContain(`style-src 'self' 'sha256-${hash}'`);
    }
  });
});

describe('renderTokenPage', () => {
  it('asks for the access code with a labelled field that posts `token` to the ticket\u2019s view route, in English', () => {
    const html = renderTokenPage({ confirmationNumber: 'SE-7K3M9Q2X4', locale: 'en' });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<form id="token-form" method="post" action="/api/tickets/SE-7K3M9Q2X4/view">');
    expect(html).toMatch(/<label for="f-token">Access code<\/label>/);
    expect(html).toMatch(/<input type="text" id="f-token" name="token" required[^>]*aria-describedby="f-token-hint"/);
    expect(visibleText(html)).toContain('Open the status of report SE-7K3M9Q2X4');
    expect(visibleText(html)).toContain('Paste the whole status link from the email, or only the part after “#token=”.');
    expect(html).not.toMatch(/<input[^>]*aria-invalid/);
  });

  it('speaks German, and says so when the form came back empty', () => {
    const html = renderTokenPage({ confirmationNumber: 'SE-7K3M9Q2X4', locale: 'de', missing: true });
    expect(html).toContain('<html lang="de">');
    expect(visibleText(html)).toContain('Status der Meldung SE-7K3M9Q2X4 öffnen');
    expect(visibleText(html)).toContain('Bitte geben Sie den Zugangscode aus der E-Mail ein.');
    expect(html).toMatch(/aria-describedby="f-token-hint f-token-error" aria-invalid="true"/);
  });

  it('escapes the confirmation number in the text and in the form action', () => {
    const html = renderTokenPage({ confirmationNumber: 'SE-"><b>', locale: 'en' });
    expect(html).not.toContain('<b>');
    expect(html).toContain('action="/api/tickets/SE-%22%3E%3Cb%3E/view"');
  });
});

describe('renderFormPage', () => {
  it('posts to /api/tickets as a multipart form with the contract\u2019s dotted field names, the files last', () => {
    const html = renderFormPage({ locale: 'en' });
    expect(html).toContain('<form id="report-form" method="post" action="/api/tickets" enctype="multipart/form-data"');
    // A browser sends the parts in the form's order, and the service reads the report's fields before its files.
    const names = [...html.matchAll(/\sname="([^"]+)"/g)].map((m) => m[1]);
    expect(names.at(-1)).toBe('evidence');
    expect(html).toMatch(/<input type="file" id="f-evidence" name="evidence" multiple/);
    for (const name of [
      'category',
      'offerId',
      'summary',
      'description',
      'cveId',
      'cvssVector',
      'mitigation.available',
      'mitigation.steps',
      'customerNotification.requested',
      'customerNotification.message',
      'reporter.name',
      'reporter.email',
      'reporter.locale',
    ]) {
      expect(html).toContain(`name="${name}"`);
    }
    expect(html).toMatch(/<input type="checkbox" id="f-mitigation-available" name="mitigation.available"/);
  });

  it('gives every control a label and carries the page language into reporter.locale', () => {
    const html = renderFormPage({ locale: 'de' });
    const ids = [...html.matchAll(/<(?:input|textarea)[^>]*\sid="([^"]+)"/g)].map((m) => m[1]).filter((id) => id !== 'f-reporter-locale');
    expect(ids.length).toBeGreaterThan(10);
    for (const id of ids) expect(html).toContain(`for="${id}"`);
    expect(html).toContain('name="reporter.locale" id="f-reporter-locale" value="de"');
    expect(html).toContain('<html lang="de">');
  });

  it('links FIRST\u2019s CVSS 3.1 and 4.0 calculators', () => {
    const html = renderFormPage({ locale: 'en' });
    expect(html).toContain('href="https://www.first.org/cvss/calculator/3.1"');
    expect(html).toContain('href="https://www.first.org/cvss/calculator/4.0"');
  });

  it('points the page at another origin through the api-base meta and the form action', () => {
    const html = renderFormPage({ locale: 'en', apiBase: 'https://intake.example/' });
    expect(html).toContain('<meta name="api-base" content="https://intake.example">');
    expect(html).toContain('action="https://intake.example/api/tickets"');
  });

  it('has a German text for every English one', () => {
    expect(Object.keys(MESSAGES.de).sort()).toEqual(Object.keys(MESSAGES.en).sort());
    for (const [key, value] of Object.entries(MESSAGES.de)) expect(value, key).not.toBe('');
  });
});

describe('SECURITY_HEADERS', () => {
  it('allows no inline script, no framing, no base, and sends no referrer', () => {
    const csp = SECURITY_HEADERS['Content-Security-Policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(SECURITY_HEADERS['Referrer-Policy']).toBe('no-referrer');
    expect(SECURITY_HEADERS['X-Frame-Options']).toBe('DENY');
  });

  it('admits a separate API origin for fetch and the form post, and refuses anything else', () => {
    const csp = securityHeadersFor('https://intake-func.azurewebsites.net')['Content-Security-Policy'];
    expect(csp).toContain("connect-src 'self' https://intake-func.azurewebsites.net");
    expect(csp).toContain("form-action 'self' https://intake-func.azurewebsites.net");
    expect(() => securityHeadersFor("https://x.example; script-src 'unsafe-inline'")).toThrow(/not an origin/);
  });
});
