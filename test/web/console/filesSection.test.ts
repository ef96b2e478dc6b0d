import { describe, expect, it } from 'vitest';
import type { EvidenceFile } from '../../../src/domain/evidenceFile';
import { consoleFilePath } from '../../../src/web/console/filesSection';
import { aTicket } from '../../support/builders';
import { visibleText } from '../support/visibleText';
import { aSession, page } from './consoleFixtures';

const HOSTILE = `<script>alert("x")</script>&'.txt`;

function aFile(overrides: Partial<EvidenceFile> = {}): EvidenceFile {
  return {
    id: '20261201T100000000Z-0123456789ab',
    name: 'capture.txt',
    size: 2048,
    contentType: 'text/plain; charset=utf-8',
    sha256: 'a'.repeat(64),
    scan: 'not-scanned',
    uploadedBy: 'reporter',
    at: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}

function fileItem(html: string, id: string): string {
  const start = html.indexOf(`id="file-${id}"`);
  expect(start, `the file ${id}`).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</li>', start));
}

describe('the files on the console’s ticket page', () => {
  it('shows each file’s name escaped, size, type, SHA-256, who added it and when, with a download link', () => {
    const file = aFile({ name: HOSTILE });
    const html = page({ files: [file] });
    const item = fileItem(html, file.id);
    expect(html).not.toContain('<script>alert');
    expect(item).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;.txt');
    expect(item).toContain(`href="${consoleFilePath(aTicket().confirmationNumber, file.id)}" download`);
    const text = visibleText(item);
    expect(text).toContain('2 KiB');
    expect(text).toContain('text/plain; charset=utf-8');
    expect(text).toContain('a'.repeat(64));
    expect(text).toContain('Reporter');
    expect(text).toContain('Not checked: this installation does not scan files for malware.');
    expect(item).toContain('datetime="2026-12-01T10:00:00.000Z"');
  });

  it('says where each scan stands, and links only the files that are handed out', () => {
    const states = (['not-scanned', 'pending', 'clean', 'malicious'] as const).map((scan, i) =>
      aFile({ id: `20261201T10000000${i}Z-0123456789ab`, scan, uploadedBy: 'operator' }),
    );
    const html = page({ files: states });
    const [notScanned, pending, clean, malicious] = states.map((f) => fileItem(html, f.id));
    expect(notScanned).toContain('href=');
    expect(clean).toContain('href=');
    expect(pending).not.toContain('href=');
    expect(malicious).not.toContain('href=');
    expect(visibleText(pending!)).toContain('Being checked for malware; it can be downloaded once the check is done.');
    expect(visibleText(malicious!)).toContain('Withheld: the malware check found this file malicious');
    expect(visibleText(clean!)).toContain('Team');
  });

  it('has no files yet, and an upload form with the session’s CSRF token before the file', () => {
    const html = page();
    expect(html).toContain('id="files-empty"');
    const form = html.slice(html.indexOf('<form method="post" action="/api/console/tickets/'), html.indexOf('</form>', html.indexOf('id="file-upload"')));
    expect(form).toContain('enctype="multipart/form-data"');
    expect(form).toContain(`action="${consoleFilePath(aTicket().confirmationNumber, '').slice(0, -1)}"`);
    expect(form.indexOf('name="csrf"')).toBeLessThan(form.indexOf('name="file"'));
    expect(form).toContain(`value="${aSession().csrf}"`);
  });

  it('says a file was added, or why it was refused, or withheld, in German and English', () => {
    expect(visibleText(page({ filesOutcome: { kind: 'added' } }))).toContain('The file is added.');
    const refused = page({ filesOutcome: { kind: 'refused', code: 'file_too_large' } });
    expect(refused).toContain('id="files-refused" role="alert"');
    expect(visibleText(refused)).toContain('The file was not stored: it is larger than 10 MiB.');
    expect(refused).toContain('aria-invalid="true"');
    const german = page({ session: aSession({ language: 'de' }), filesOutcome: { kind: 'refused', code: 'unsupported_type' } });
    expect(visibleText(german)).toContain('Die Datei wurde nicht gespeichert: Ihr Inhalt ist weder Text noch PDF, PNG, JPEG, ZIP oder pcap.');
    expect(visibleText(page({ session: aSession({ language: 'de' }), files: [aFile({ scan: 'pending' })] }))).toContain(
      'Wird auf Malware geprüft; sie kann heruntergeladen werden, sobald die Prüfung abgeschlossen ist.',
    );
    expect(visibleText(page({ filesOutcome: { kind: 'withheld', scan: 'malicious' } }))).toContain('The malware scan found this file malicious');
  });
});
