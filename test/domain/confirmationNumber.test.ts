import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newConfirmationNumber, parseConfirmationNumber } from '../../src/domain/confirmationNumber';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const cryptoBytes = (n: number) => new Uint8Array(randomBytes(n));

// A deterministic source for one fixed sample.
const fixedBytes = (values: number[]) => () => Uint8Array.from(values);
const SAMPLE = newConfirmationNumber(fixedBytes([7, 19, 2, 20, 9, 23, 29, 17, 4, 26, 24, 11]));

describe('newConfirmationNumber', () => {
  it('formats SE- and three groups of four symbols, the last followed by the check symbol', () => {
    expect(SAMPLE).toMatch(/^SE-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(SAMPLE.startsWith('SE-7K2M-9QXH-4TRB')).toBe(true);
  });

  it('stays within the contract: 6 to 32 upper-case letters, digits and dashes', () => {
    const n = newConfirmationNumber(cryptoBytes);
    expect(n).toMatch(/^[A-Z0-9-]{6,32}$/);
  });

  it('never uses the ambiguous letters I, L, O and U', () => {
    const all = Array.from({ length: 2000 }, () => newConfirmationNumber(cryptoBytes))
      .join('')
      .slice(0);
    expect(all.replace(/^SE-|-/g, '')).not.toMatch(/[ILOU]/);
  });

  it('uses every random byte value: the number depends on all twelve bytes', () => {
    for (let i = 0; i < 12; i++) {
      const bytes = new Array(12).fill(0);
      bytes[i] = 1;
      expect(newConfirmationNumber(fixedBytes(bytes))).not.toBe(newConfirmationNumber(fixedBytes(new Array(12).fill(0))));
    }
  });

  it('round-trips through parseConfirmationNumber', () => {
    for (let i = 0; i < 1000; i++) {
      const n = newConfirmationNumber(cryptoBytes);
      expect(parseConfirmationNumber(n)).toBe(n);
    }
  });

  it('gives 100,000 distinct numbers from crypto randomness', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(newConfirmationNumber(cryptoBytes));
    expect(seen.size).toBe(100_000);
  });

  it('refuses a random source that returns too few bytes', () => {
    expect(() => newConfirmationNumber(() => new Uint8Array(11))).toThrow(RangeError);
  });
});

describe('parseConfirmationNumber', () => {
  it('accepts lower case and answers the canonical upper-case number', () => {
    expect(parseConfirmationNumber(SAMPLE.toLowerCase())).toBe(SAMPLE);
  });

  it('rejects every single-character substitution (every position, every other character)', () => {
    const candidates = `${ALPHABET}ILOU-abcdefghijklmnopqrstuvwxyz `;
    let tried = 0;
    for (let i = 0; i < SAMPLE.length; i++) {
      for (const ch of candidates) {
        const mistyped = SAMPLE.slice(0, i) + ch + SAMPLE.slice(i + 1);
        if (mistyped.toUpperCase() === SAMPLE) continue; // the same number in lower case
        tried++;
        expect(parseConfirmationNumber(mistyped), mistyped).toBeNull();
      }
    }
    expect(tried).toBeGreaterThan(SAMPLE.length * ALPHABET.length);
  });

  it('rejects every single-symbol substitution in many random numbers', () => {
    for (let k = 0; k < 200; k++) {
      const n = newConfirmationNumber(cryptoBytes);
      for (let i = 3; i < n.length; i++) {
        if (n[i] === '-') continue;
        for (const ch of ALPHABET) {
          if (ch === n[i]) continue;
          expect(parseConfirmationNumber(n.slice(0, i) + ch + n.slice(i + 1))).toBeNull();
        }
      }
    }
  });

  it('rejects every transposition of two different adjacent symbols, across dashes and the check symbol', () => {
    for (let k = 0; k < 500; k++) {
      const n = k === 0 ? SAMPLE : newConfirmationNumber(cryptoBytes);
      const symbols = n.slice(3).replace(/-/g, '');
      for (let i = 0; i + 1 < symbols.length; i++) {
        if (symbols[i] === symbols[i + 1]) continue;
        const swapped = symbols.slice(0, i) + symbols[i + 1] + symbols[i] + symbols.slice(i + 2);
        const reformatted = `SE-${swapped.slice(0, 4)}-${swapped.slice(4, 8)}-${swapped.slice(8)}`;
        expect(parseConfirmationNumber(reformatted), reformatted).toBeNull();
      }
    }
  });

  it.each([
    ['a missing symbol', (n: string) => n.slice(0, -1)],
    ['an extra symbol', (n: string) => `${n}0`],
    ['no dashes', (n: string) => n.replace(/-/g, '')],
    ['a moved dash', (n: string) => `SE-${n.slice(3, 6)}-${n.slice(6, 7)}${n.slice(8)}`],
    ['another prefix', (n: string) => `XE${n.slice(2)}`],
    ['spaces around', (n: string) => ` ${n} `],
    ['a space inside', (n: string) => n.replace('-', ' ')],
    ['a trailing newline', (n: string) => `${n}\n`],
    ['a long-s that upper-cases to S', (n: string) => `\u017F${n.slice(1)}`],
  ])('rejects %s', (_, mangle) => {
    expect(parseConfirmationNumber(mangle(SAMPLE))).toBeNull();
  });

  it.each(['', 'SE-', 'SE-0000-0000-0000', '../../etc/passwd', "SE-' or 1 eq 1", 'SE-0000-0000-00000-0000-0000-0000-0000'])('rejects %j', (s) => {
    expect(parseConfirmationNumber(s)).toBeNull();
  });

  it('accepts the all-zero number, whose check symbol is 0', () => {
    expect(parseConfirmationNumber('SE-0000-0000-00000')).toBe('SE-0000-0000-00000');
  });
});
