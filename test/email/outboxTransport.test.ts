import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentEmailFailure, emailOperationId, type OutgoingEmail } from '../../src/email/message';
import { OutboxTransport } from '../../src/email/outboxTransport';
import { renderTicketEmail } from '../../src/email/templates';
import { aTicket } from '../support/builders';

let dir: string;
beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(tmpdir(), 'outbox-')), 'nested', 'outbox');
});
afterEach(async () => {
  await rm(path.dirname(path.dirname(dir)), { recursive: true, force: true });
});

const clock = () => new Date('2025-01-13T09:30:05.123Z');

function anEmail(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  const rendered = renderTicketEmail({
    kind: 'acknowledged',
    ticket: aTicket({
      status: 'acknowledged',
      priority: 'p1',
      severity: 'high',
      reporter: { name: 'Jörg Müller', email: 'joerg@contoso.example', locale: 'de' },
    }),
    statusUrl: 'https://intake.example/status/SE-7K2M-9QXH-4TRB',
    locale: 'de',
  });
  return {
    id: emailOperationId('SE-7K2M-9QXH-4TRB', 'acknowledged', '2025-01-13T09:30:00.000Z'),
    to: { address: 'joerg@contoso.example', displayName: 'Jörg Müller' },
    ...rendered,
    ...overrides,
  };
}

async function emlFiles(): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.eml'));
}

/** Headers of an RFC 5322 message: the lines before the first empty line, folded lines unfolded. */
function headersOf(eml: string): Map<string, string> {
  const head = eml.slice(0, eml.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

describe('OutboxTransport', () => {
  it('writes one RFC 5322 message with the required headers and a text and an HTML part', async () => {
    const outbox = new OutboxTransport({ dir, sender: 'DoNotReply@intake.example', clock });
    const email = anEmail();

    const { messageId } = await outbox.send(email, {});

    const files = await emlFiles();
    expect(files).toEqual([`20250113T093005Z_SE-7K2M-9QXH-4TRB_${email.id}.eml`]);
    const eml = await readFile(path.join(dir, files[0]!), 'utf8');
    const headers = headersOf(eml);
    expect(headers.get('date')).toBe('Mon, 13 Jan 2025 09:30:05 +0000');
    expect(headers.get('from')).toBe('DoNotReply@intake.example');
    // the bare address: the display name the caller passed is the submitter's and stays out
    expect(headers.get('to')).toBe('joerg@contoso.example');
    expect(headers.get('message-id')).toBe(messageId);
    expect(messageId).toBe(`<${email.id}@intake.example>`);
    expect(headers.get('mime-version')).toBe('1.0');
    expect(headers.get('content-type')).toMatch(/^multipart\/alternative;\s*boundary=/);
    // "bestätigt" is not ASCII: the subject is an RFC 2047 encoded-word, the raw header plain ASCII
    expect(headers.get('subject')).toMatch(/^=\?UTF-8\?[QB]\?/i);
    expect(eml.slice(0, eml.indexOf('\r\n\r\n'))).toMatch(/^[\x20-\x7e\r\n\t]*$/);
    expect(eml).toMatch(/Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: (quoted-printable|base64)/);
    expect(eml).toMatch(/Content-Type: text\/html; charset=utf-8\r\nContent-Transfer-Encoding: (quoted-printable|base64)/);
    expect(eml).not.toMatch(/[^\r]\n/); // every line ends in CRLF
  });

  it('writes a second send of the same id nowhere and answers the same message id', async () => {
    const outbox = new OutboxTransport({ dir, sender: 'DoNotReply@intake.example', clock });
    const email = anEmail();

    const first = await outbox.send(email, {});
    const later = new OutboxTransport({ dir, sender: 'DoNotReply@intake.example', clock: () => new Date('2025-01-13T10:00:00Z') });
    const second = await later.send(email, {});
    const [a, b] = await Promise.all([outbox.send(email, {}), outbox.send(email, {})]);

    expect(await emlFiles()).toHaveLength(1);
    expect([second, a, b]).toEqual([first, first, first]);
  });

  it('writes one file per distinct email id', async () => {
    const outbox = new OutboxTransport({ dir, sender: 'DoNotReply@localhost', clock });

    await outbox.send(anEmail({ id: emailOperationId('SE-7K2M-9QXH-4TRB', 'submitted', 'a') }), {});
    await outbox.send(anEmail({ id: emailOperationId('SE-7K2M-9QXH-4TRB', 'acknowledged', 'b') }), {});

    expect(await emlFiles()).toHaveLength(2);
  });

  it('leaves no partial file behind and only ever shows complete messages under an .eml name', async () => {
    const outbox = new OutboxTransport({ dir, sender: 'DoNotReply@localhost', clock });
    const seen: string[] = [];
    const watcher = setInterval(async () => {
      try {
        for (const name of await emlFiles()) seen.push(await readFile(path.join(dir, name), 'utf8'));
      } catch {
        // the directory may not exist yet
      }
    }, 1);

    await Promise.all(Array.from({ length: 20 }, (_, i) => outbox.send(anEmail({ id: `email-${i}`, text: 'x'.repeat(200_000) }), {})));
    clearInterval(watcher);

    const names = await readdir(dir);
    expect(names.filter((n) => !n.endsWith('.eml'))).toEqual([]);
    expect(names).toHaveLength(20);
    for (const eml of seen) expect(eml.trimEnd()).toMatch(/--$/); // closing multipart boundary present
  });

  it('keeps the id from choosing the path: no traversal, no separators', async () => {
    const outbox = new OutboxTransport({ dir, sender: 'DoNotReply@localhost', clock });

    await outbox.send(anEmail({ id: '../../escaped/../x' }), {});
    await outbox.send(anEmail({ id: 'C:\\windows\\x' }), {});

    const files = await emlFiles();
    expect(files).toHaveLength(2);
    for (const name of files) expect(name).toMatch(/^[A-Za-z0-9_-]+\.eml$/);
    expect(await readdir(path.dirname(dir))).toEqual(['outbox']);
  });

  it('does not let a line break in the name or subject create a header', async () => {
    const outbox = new OutboxTransport({ dir, sender: 'DoNotReply@localhost', clock });

    await outbox.send(
      anEmail({
        to: { address: 'ada@contoso.example', displayName: 'Ada\r\nBcc: attacker@evil.example' },
        subject: '[SE-7K2M-9QXH-4TRB] Update\r\nX-Injected: yes',
      }),
      {},
    );

    const eml = await readFile(path.join(dir, (await emlFiles())[0]!), 'utf8');
    const headers = headersOf(eml);
    expect(headers.has('bcc')).toBe(false);
    expect(headers.has('x-injected')).toBe(false);
    expect(headers.get('to')).toBe('ada@contoso.example');
  });

  it('rejects a malformed recipient permanently', async () => {
    const outbox = new OutboxTransport({ dir, sender: 'DoNotReply@localhost', clock });

    await expect(outbox.send(anEmail({ to: { address: 'not an address' } }), {})).rejects.toBeInstanceOf(PermanentEmailFailure);
    await expect(outbox.send(anEmail({ to: { address: 'a@b.example>, evil@x.example' } }), {})).rejects.toBeInstanceOf(PermanentEmailFailure);
  });

  it('ignores leftover partial files from a crash', async () => {
    const outbox = new OutboxTransport({ dir, sender: 'DoNotReply@localhost', clock });
    const email = anEmail();
    await outbox.send(anEmail({ id: 'warm-up' }), {});
    await writeFile(path.join(dir, `.${email.id}.crashed.part`), 'half a mess');

    await outbox.send(email, {});

    expect((await emlFiles()).filter((n) => n.includes(email.id))).toHaveLength(1);
  });
});
