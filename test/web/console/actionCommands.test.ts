import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../src/domain/ticket';
import { readActionForm } from '../../../src/web/console/actionCommands';
import { changesSince } from '../../../src/web/console/consoleData';

const form = (fields: Record<string, string>): URLSearchParams => new URLSearchParams({ csrf: 'c', ticketVersion: '3', ...fields });

describe('reading an action’s form', () => {
  it('reads an acknowledgement with its priority, severity and note, and the version it was sent from', () => {
    expect(readActionForm('acknowledge', form({ priority: 'p1', severity: 'high', note: ' On it\r\n ' }))).toEqual({
      kind: 'command',
      input: { action: 'acknowledge', values: { priority: 'p1', severity: 'high', note: ' On it\n ' } },
      ticketVersion: 3,
      command: { action: 'acknowledge', priority: 'p1', severity: 'high', note: 'On it' },
    });
  });

  it('leaves an empty optional note out, and refuses a reopening without one', () => {
    expect(readActionForm('investigate', form({ note: '  ' }))).toMatchObject({ kind: 'command', command: { action: 'investigate' } });
    expect(readActionForm('investigate', form({ note: '' })).kind).toBe('command');
    expect(readActionForm('reopen', form({ note: '' }))).toMatchObject({ kind: 'invalid', issues: [{ field: 'note', code: 'required' }] });
    expect(readActionForm('reopen', form({ note: ' \n ' }))).toMatchObject({ kind: 'invalid', issues: [{ field: 'note', code: 'blank' }] });
    expect(readActionForm('reopen', form({ note: 'The fix did not hold' }))).toMatchObject({
      kind: 'command',
      command: { action: 'reopen', note: 'The fix did not hold' },
    });
  });

  it('names each choice that is missing or not one of the options, and keeps what was typed', () => {
    const read = readActionForm('acknowledge', form({ priority: '', severity: 'urgent', note: 'kept' }));
    expect(read).toEqual({
      kind: 'invalid',
      input: { action: 'acknowledge', values: { priority: '', severity: 'urgent', note: 'kept' } },
      ticketVersion: 3,
      issues: [
        { field: 'priority', code: 'required' },
        { field: 'severity', code: 'choice' },
      ],
    });
    expect(readActionForm('resolve', form({}))).toMatchObject({ kind: 'invalid', issues: [{ field: 'outcome', code: 'required' }] });
  });

  it('holds messages and the notice to their limits, counting characters as the domain does', () => {
    expect(readActionForm('reply', form({ body: 'x'.repeat(20_001) }))).toMatchObject({
      kind: 'invalid',
      issues: [{ field: 'body', code: 'too_long', max: 20_000, length: 20_001 }],
    });
    expect(readActionForm('note', form({ body: '😀'.repeat(20_000) })).kind).toBe('command');
    expect(readActionForm('request-information', form({ body: '' }))).toMatchObject({ kind: 'invalid', issues: [{ field: 'body', code: 'required' }] });
    expect(readActionForm('reopen', form({ note: 'n'.repeat(2001) }))).toMatchObject({
      issues: [{ field: 'note', code: 'too_long', max: 2000, length: 2001 }],
    });
    expect(readActionForm('propose-notice', form({ text: 'Dear customers', basedOnVersion: '2' }))).toMatchObject({
      kind: 'command',
      command: { action: 'propose-notice', text: 'Dear customers', basedOnVersion: 2 },
    });
    expect(readActionForm('propose-notice', form({ text: ' ', basedOnVersion: '2' }))).toMatchObject({
      kind: 'invalid',
      issues: [{ field: 'text', code: 'blank' }],
    });
    expect(readActionForm('approve-notice', form({ noticeVersion: '2' }))).toMatchObject({
      kind: 'command',
      command: { action: 'approve-notice', version: 2 },
    });
  });

  it('calls a form without its hidden versions malformed: it is not the console’s own', () => {
    expect(readActionForm('reply', new URLSearchParams({ body: 'hi' })).kind).toBe('malformed');
    expect(readActionForm('reply', form({ ticketVersion: 'x', body: 'hi' })).kind).toBe('malformed');
    expect(readActionForm('approve-notice', form({})).kind).toBe('malformed');
    expect(readActionForm('propose-notice', form({ text: 'hi' })).kind).toBe('malformed');
  });
});

describe('what changed since the operator’s version', () => {
  const history: HistoryEntry[] = [
    { at: '2026-12-01T09:00:00.000Z', event: 'submitted', status: 'submitted' },
    { at: '2026-12-01T09:00:05.000Z', event: 'notification-sent', status: 'submitted', about: 'submitted' },
    { at: '2026-12-01T10:00:00.000Z', event: 'sla-breached', status: 'submitted' },
    { at: '2026-12-01T10:05:00.000Z', event: 'acknowledged', status: 'acknowledged' },
    { at: '2026-12-01T10:05:05.000Z', event: 'notification-sent', status: 'acknowledged', about: 'acknowledged' },
  ];

  it('is what people did after it, not the emails or the deadline the machinery recorded', () => {
    expect(changesSince(history, 1)).toEqual([history[3]]);
    expect(changesSince(history, 4)).toEqual([]);
    expect(changesSince(history, 5)).toEqual([]);
    expect(changesSince(history.slice(0, 3), 1)).toEqual([]);
  });
});
