import { describe, expect, it } from 'vitest';
import { problemPageResponse, renderProblemPage } from '../../src/web/problemPage';
import { SECURITY_HEADERS } from '../../src/web/securityHeaders';
import { visibleText } from './support/visibleText';

describe('renderProblemPage', () => {
  it('words each field error in the page language from its code, without marking it as English', () => {
    const html = renderProblemPage({
      status: 400,
      title: 'Invalid submission',
      detail: 'summary: Summary must be at least 5 characters long.',
      errors: [
        { path: 'summary', code: 'too_short', params: { min: 5 }, message: 'Summary must be at least 5 characters long.' },
        {
          path: 'cvssVector',
          code: 'invalid_cvss',
          params: { metric: 'AV' },
          message: '"Q" is not a value of the metric AV (Attack Vector) in CVSS 3.1; use one of N, A, L, P.',
        },
        { path: 'mitigation.steps', code: 'steps_required', params: {}, message: 'Mitigation steps are required when a mitigation is available.' },
      ],
      locale: 'de',
    });
    const text = visibleText(html);
    expect(text).toContain('Die Kurzbeschreibung braucht mindestens 5 Zeichen.');
    expect(text).toContain('Der CVSS-Vektor ist ungültig: Die Metrik AV');
    expect(text).toContain('Bitte beschreiben Sie die Schritte, denn es gibt eine Lösung oder Abhilfe.');
    expect(text).not.toContain('Summary');
    expect(html).not.toContain('lang="en"');
    expect(html).toContain('<a class="button-link" href="/de.html">Zurück zum Formular</a>');
  });

  it('words them in English on the English page', () => {
    const html = renderProblemPage({
      status: 400,
      title: 'Invalid submission',
      errors: [{ path: 'reporter.email', code: 'invalid_email', params: {}, message: 'Email address must be a valid address such as ada@contoso.example.' }],
      locale: 'en',
    });
    expect(visibleText(html)).toContain('Please enter an email address such as ada@contoso.example.');
  });

  it('shows an error without a known code in English, marked as such, named by its German label, and escaped', () => {
    const html = renderProblemPage({
      status: 400,
      title: 'Invalid submission',
      detail: 'reporter.email: Invalid email <address>',
      errors: [
        { path: 'reporter.email', message: 'Enter an email address such as <ada@contoso.example>.' },
        { path: 'mitigation.steps', code: 'from_a_newer_server', message: 'Describe the steps.' },
      ],
      locale: 'de',
    });
    const text = visibleText(html);
    expect(text).toContain('E-Mail-Adresse – Enter an email address such as <ada@contoso.example>.');
    expect(text).toContain('Schritte zur Lösung oder Abhilfe – Describe the steps.');
    expect(html).toContain('<span lang="en">Describe the steps.</span>');
    expect(html).not.toContain('<ada@');
  });

  it('leads back to the English form in English, also for errors about no particular field', () => {
    const html = renderProblemPage({ status: 413, title: 'Payload too large', errors: [{ path: '', message: 'Too big.' }], locale: 'en' });
    expect(html).toContain('<a class="button-link" href="/">Back to the form</a>');
    expect(visibleText(html)).toContain('Too big.');
  });

  it('leads back to the form on its own origin when the site is hosted apart from the API', () => {
    const problem = renderProblemPage({ status: 400, title: 'Invalid submission', locale: 'de', webOrigin: 'https://form.example/' });
    expect(problem).toContain('href="https://form.example/de.html"');
  });

  it('shows the detail when there are no field errors, and not as a repeat of them', () => {
    const alone = renderProblemPage({ status: 415, title: 'Unsupported media type', detail: 'Send a form.', locale: 'en' });
    expect(visibleText(alone)).toContain('Send a form.');
    const repeated = renderProblemPage({
      status: 400,
      title: 'Invalid submission',
      detail: 'summary: Summary is required.',
      errors: [{ path: 'summary', message: 'Summary is required.' }],
      locale: 'en',
    });
    expect(visibleText(repeated)).not.toContain('summary: Summary is required.');
    expect(visibleText(repeated)).toContain('Summary is required.');
  });
});

describe('the German problem page', () => {
  it.each([
    [400, 'Invalid submission', 'Die Meldung konnte nicht angenommen werden'],
    [404, 'Ticket not found', 'Meldung nicht gefunden'],
    [413, 'Payload too large', 'Die Meldung ist zu groß'],
    [415, 'Unsupported media type', 'Diese Art von Inhalt nehmen wir nicht an'],
    [429, 'Too many submissions', 'Zu viele Anfragen'],
    [500, 'Internal error', 'Bei uns ist ein Fehler aufgetreten'],
    [503, 'Service unavailable', 'Der Dienst ist gerade nicht erreichbar'],
    [418, 'I am a teapot', 'Die Anfrage konnte nicht ausgeführt werden'],
  ])('titles a %i (%s) in German, heading and document title', (status, title, german) => {
    const html = renderProblemPage({ status, title, locale: 'de' });
    expect(html).toContain(`<h1 id="problem-title">${german}</h1>`);
    expect(html).toContain(`<title>${german}`);
    expect(html).not.toContain(title);
  });

  it('keeps the service\u2019s own title on the English page', () => {
    expect(renderProblemPage({ status: 404, title: 'Ticket not found', locale: 'en' })).toContain('<h1 id="problem-title">Ticket not found</h1>');
  });

  it('words the common refusals\u2019 detail in German, the wait from Retry-After included', () => {
    const busy = problemPageResponse(
      { status: 429, title: 'Too many submissions', detail: 'Please try again in 30 seconds.', headers: { 'Retry-After': '30' } },
      { locale: 'de' },
    );
    expect(visibleText(busy.body)).toContain('Bitte versuchen Sie es in 30 Sekunden erneut.');
    expect(busy.body).not.toContain('Please try again');
    const large = renderProblemPage({ status: 413, title: 'Payload too large', detail: 'The request body is larger than 64 KiB.', locale: 'de' });
    expect(visibleText(large)).toContain('Die Meldung ist größer als 64 KiB.');
  });

  it('shows a detail it has no words for as it is, marked as English', () => {
    const html = renderProblemPage({ status: 500, title: 'Internal error', detail: 'Something went wrong on our side (problem id 42).', locale: 'de' });
    expect(html).toContain('<p lang="en">Something went wrong on our side (problem id 42).</p>');
  });
});

describe('problemPageResponse', () => {
  it('answers with the problem\u2019s status and headers, as a page that is never cached, with the pages\u2019 security headers', () => {
    const response = problemPageResponse(
      { status: 429, title: 'Too many submissions', detail: 'Please try again in 30 seconds.', headers: { 'Retry-After': '30' } },
      { locale: 'en' },
    );
    expect(response.status).toBe(429);
    expect(response.headers).toEqual({ 'Retry-After': '30', 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
    expect(visibleText(response.body)).toContain('Please try again in 30 seconds.');
  });
});
