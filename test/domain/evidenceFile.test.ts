import { describe, expect, it } from 'vitest';
import { ContentInspector, EVIDENCE_LIMITS, EvidenceRefused, evidenceFileName, roomForNextFile, zipProblem } from '../../src/domain/evidenceFile';

function typeOf(...chunks: Array<Uint8Array | string>): string {
  const inspector = new ContentInspector();
  for (const chunk of chunks) inspector.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return inspector.finish();
}

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    if (error instanceof EvidenceRefused) return error.code;
    throw error;
  }
  return 'accepted';
};

describe('the type of an evidence file, from its bytes', () => {
  it('takes UTF-8 text whose characters are split across chunks', () => {
    const euro = Buffer.from('€', 'utf8');
    expect(typeOf(Buffer.from('price: '), euro.subarray(0, 1), euro.subarray(1), Buffer.from('\n'))).toBe('text/plain; charset=utf-8');
  });

  it('refuses text cut off in the middle of a character, with a NUL, or in another encoding', () => {
    expect(refusal(() => typeOf(Buffer.from('€', 'utf8').subarray(0, 2)))).toBe('unsupported_type');
    expect(refusal(() => typeOf('a\u0000b'))).toBe('unsupported_type');
    expect(refusal(() => typeOf(Buffer.from('caf\xe9', 'latin1')))).toBe('unsupported_type');
  });

  it('tells pcapng from text beginning with LF CR CR LF by its byte-order magic', () => {
    const shb = Buffer.from([0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0]);
    expect(typeOf(shb)).toBe('application/x-pcapng');
    expect(typeOf('\n\r\r\nplain text')).toBe('text/plain; charset=utf-8');
  });

  it('refuses an empty file', () => {
    expect(refusal(() => typeOf())).toBe('empty_file');
  });
});

describe('a ZIP archive, by its central directory', () => {
  it('refuses an archive without an end record', () => {
    expect(zipProblem(Buffer.from('PK\u0003\u0004 nothing else'), 20)).toMatch(/end of central directory/);
  });

  it('accepts an empty archive (its end record alone)', () => {
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    expect(zipProblem(end, 22)).toBeNull();
  });
});

describe('file names', () => {
  it('keeps a name with spaces and any script, in NFC', () => {
    expect(evidenceFileName(' Bericht 2026 e\u0301.pdf ')).toBe('Bericht 2026 é.pdf');
  });

  it('refuses paths, . and .., control, direction and invisible characters, and over-long names', () => {
    for (const name of ['a/b.txt', 'a\\b.txt', '..', '.', 'a\tb', 'a\u202eb', 'a\u200bb', '', '   ', 'x'.repeat(EVIDENCE_LIMITS.nameLength + 1)]) {
      expect(
        refusal(() => evidenceFileName(name)),
        JSON.stringify(name),
      ).toBe('invalid_name');
    }
  });
});

describe('room on a ticket', () => {
  it('gives a file up to 10 MiB, less when the ticket nears 50 MiB, none for an eleventh file', () => {
    expect(roomForNextFile({ files: 0, bytes: 0 })).toBe(EVIDENCE_LIMITS.fileBytes);
    expect(roomForNextFile({ files: 5, bytes: EVIDENCE_LIMITS.ticketBytes - 100 })).toBe(100);
    expect(refusal(() => roomForNextFile({ files: 10, bytes: 10 }))).toBe('too_many_files');
    expect(refusal(() => roomForNextFile({ files: 5, bytes: EVIDENCE_LIMITS.ticketBytes }))).toBe('ticket_full');
  });
});
