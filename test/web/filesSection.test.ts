import { describe, expect, it } from 'vitest';
import type { EvidenceFile } from '../../src/domain/evidenceFile';
import { fileSizeText, renderFilesSection } from '../../src/web/filesSection';

const file = (over: Partial<EvidenceFile>): EvidenceFile => ({
  id: '20261201T160000000Z-0123456789ab',
  name: 'capture.pcap',
  size: 2048,
  contentType: 'application/vnd.tcpdump.pcap',
  sha256: 'a'.repeat(64),
  scan: 'not-scanned',
  uploadedBy: 'reporter',
  at: '2026-12-01T16:00:00.000Z',
  ...over,
});

describe('the status page’s files section', () => {
  it('escapes every file name, and links only files that may be downloaded', () => {
    const html = renderFilesSection({
      confirmationNumber: 'SEC-2026-000001',
      locale: 'en',
      canUpload: false,
      files: [
        file({ name: '"><img src=x onerror=alert(1)>.txt' }),
        file({ id: '20261201T160000001Z-0123456789ac', name: 'bad.zip', scan: 'malicious' }),
        file({ id: '20261201T160000002Z-0123456789ad', name: 'wait.pdf', scan: 'pending' }),
        file({ id: '20261201T160000003Z-0123456789ae', name: 'ok.png', scan: 'clean', uploadedBy: 'operator' }),
      ],
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.txt');
    expect(html).toContain('href="/api/tickets/SEC-2026-000001/attachments/20261201T160000000Z-0123456789ab"');
    expect(html).toContain('href="/api/tickets/SEC-2026-000001/attachments/20261201T160000003Z-0123456789ae"');
    expect(html).not.toContain('20261201T160000001Z-0123456789ac"><');
    expect(html).not.toContain('attachments/20261201T160000001Z');
    expect(html).not.toContain('attachments/20261201T160000002Z');
    expect(html).toContain('Not checked: this installation does not scan files for malware.');
    expect(html).toContain('Withheld: the malware check found this file malicious');
    expect(html).toContain('Being checked for malware');
    expect(html).toContain('Checked: no malware found.');
    expect(html).toContain('Security response team');
    expect(html).not.toContain('upload-form'); // an operator reading the page gets no form
  });

  it('gives the reporter the upload form with the CSRF field before the file, and says in German what happened', () => {
    const html = renderFilesSection({
      confirmationNumber: 'SEC-2026-000001',
      locale: 'de',
      canUpload: true,
      csrf: 'csrf-token',
      files: [],
      feedback: { kind: 'added', name: '<b>.txt' },
    });
    expect(html).toContain('Noch keine Dateien.');
    expect(html).toContain('Die Datei „&lt;b&gt;.txt“ wurde hinzugefügt.');
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html.indexOf('name="csrf"')).toBeLessThan(html.indexOf('name="file"'));
  });

  it('gives sizes in the reader’s words', () => {
    expect(fileSizeText(512, 'en')).toBe('512 bytes');
    expect(fileSizeText(1536, 'de')).toBe('1,5 KiB');
    expect(fileSizeText(10 * 1024 * 1024, 'en')).toBe('10 MiB');
  });
});
