// The local transport: one RFC 5322 .eml per email in a directory, openable in any mail client.
// A file appears under its final name only when complete (temporary name, then rename in the
// same directory), and an email id that already has a file is not written again. The MIME
// composer (nodemailer) loads with the first email: only a local run writes an outbox, and it
// need not pay for it at start.

import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PermanentEmailFailure, singleLine, type EmailTransport, type OutgoingEmail, type SendResult } from './message';

const PART_SUFFIX = '.part';

export class OutboxTransport implements EmailTransport {
  private readonly dir: string;
  private readonly sender: string;
  private readonly clock: () => Date;
  // Two sends of one id in this process queue behind each other, so the second sees the
  // first one's file. (Across processes the outbox is not shared: it is the local transport.)
  private readonly inFlight = new Map<string, Promise<SendResult>>();

  constructor(opts: { dir: string; sender: string; clock?: () => Date }) {
    if (!opts.dir) throw new Error('EMAIL_OUTBOX_DIR must not be empty');
    if (!isAddress(opts.sender)) throw new Error(`EMAIL_SENDER is not an email address: ${JSON.stringify(opts.sender)}`);
    this.dir = path.resolve(opts.dir);
    this.sender = opts.sender;
    this.clock = opts.clock ?? (() => new Date());
  }

  async send(email: OutgoingEmail, options: { abortSignal?: AbortSignal } = {}): Promise<SendResult> {
    options.abortSignal?.throwIfAborted();
    const key = fileKey(email.id);
    const previous = this.inFlight.get(key) ?? Promise.resolve<SendResult | undefined>(undefined);
    const current = previous.catch(() => undefined).then(() => this.write(email, key));
    this.inFlight.set(key, current);
    try {
      return await current;
    } finally {
      if (this.inFlight.get(key) === current) this.inFlight.delete(key);
    }
  }

  private async write(email: OutgoingEmail, key: string): Promise<SendResult> {
    const messageId = `<${key}@${domainOf(this.sender)}>`;
    const to = singleLine(email.to.address);
    if (!isAddress(to)) throw new PermanentEmailFailure(`invalid recipient address ${JSON.stringify(to)}`, 'InvalidRecipient');

    await mkdir(this.dir, { recursive: true });
    const suffix = `_${key}.eml`;
    if ((await readdir(this.dir)).some((name) => name.endsWith(suffix))) return { messageId };

    const now = this.clock();
    const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
    const message = await new MailComposer({
      from: this.sender,
      to, // the bare address: a display name would be the submitter's words (see OutgoingEmail.to)
      subject: singleLine(email.subject),
      messageId,
      date: now,
      text: email.text,
      html: email.html,
      newline: 'win', // RFC 5322 lines end in CRLF
    })
      .compile()
      .build();

    const finalName = `${compactUtc(now)}${confirmationNumberTag(email.subject)}${suffix}`;
    const partPath = path.join(this.dir, `.${key}.${randomUUID()}${PART_SUFFIX}`);
    try {
      const file = await open(partPath, 'wx');
      try {
        await file.writeFile(message);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(partPath, path.join(this.dir, finalName));
    } catch (error) {
      await rm(partPath, { force: true });
      throw error;
    }
    return { messageId };
  }
}

// The id becomes part of a file name: only characters that are safe everywhere, never a path.
function fileKey(id: string): string {
  if (/^[A-Za-z0-9-]{1,64}$/.test(id)) return id.toLowerCase();
  return createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 32);
}

// The confirmation number from the subject's "[SE-…]" tag, so a person can find a ticket's files.
function confirmationNumberTag(subject: string): string {
  const match = /^\[([A-Z0-9-]{6,32})\]/.exec(subject);
  return match ? `_${match[1]}` : '';
}

function compactUtc(date: Date): string {
  // 20250114T093000Z: sortable, and without ":" which Windows forbids in file names
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

function domainOf(address: string): string {
  const domain = address.slice(address.lastIndexOf('@') + 1).replace(/[^A-Za-z0-9.-]/g, '');
  return domain || 'localhost';
}

function isAddress(value: string): boolean {
  return /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+$/.test(value);
}
