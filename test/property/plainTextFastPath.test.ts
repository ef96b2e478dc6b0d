// Text that is plain printable ASCII skips the Unicode scans, NFC and the code-point count
// (src/domain/submission.ts); anything else takes the full path. The two must agree on every
// answer: the same problem with the same figures, the same stored value. Each case compares a
// random ASCII text with one letter added, once as "e" (the plain path) and once as "é" (U+00E9,
// precomposed: one code unit, one code point, its own NFC form, visible), so only the path differs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freeTextProblem, LIMITS, parseSubmission } from '../../src/domain/submission';
import { aSubmission } from '../support/builders';

const PLAIN = 'e';
const FULL = 'é';

/** Printable ASCII, spaces often (blank, padded and short texts), the odd tab or line break where `lines` allows them. */
function asciiText(maxLength: number, lines: boolean): fc.Arbitrary<string> {
  const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
  const units: fc.WeightedArbitrary<string>[] = [
    { arbitrary: printable, weight: 6 },
    { arbitrary: fc.constant(' '), weight: 3 },
  ];
  if (lines) units.push({ arbitrary: fc.constantFrom('\t', '\n', '\r', '\r\n'), weight: 1 });
  return fc.string({ unit: fc.oneof(...units), maxLength });
}

/** The text with the letter at its start or its end. */
const withLetter = (text: string, atEnd: boolean, letter: string) => (atEnd ? text + letter : letter + text);

/** What parseSubmission answers, with the full path's letter written as the plain one, so both read alike. */
function parsedAs(overrides: Parameters<typeof aSubmission>[0]): string {
  return JSON.stringify(parseSubmission(aSubmission(overrides), { defaultLocale: 'en' })).replaceAll(FULL, PLAIN);
}

const runs = { numRuns: 400 };

describe('plain ASCII text and the full Unicode path agree', () => {
  it('on a single-line field with a minimum (the summary): problems, lengths and the trimmed value', () => {
    fc.assert(
      fc.property(asciiText(LIMITS.summaryMax + 10, false), fc.boolean(), (text, atEnd) => {
        expect(parsedAs({ summary: withLetter(text, atEnd, FULL) })).toBe(parsedAs({ summary: withLetter(text, atEnd, PLAIN) }));
      }),
      runs,
    );
  });

  it('on a single-line field without one (the reporter name), near its limit', () => {
    fc.assert(
      fc.property(fc.nat({ max: 20 }), asciiText(20, false), fc.boolean(), (padding, text, atEnd) => {
        const long = 'x'.repeat(LIMITS.nameMax - 10 - padding) + text;
        expect(parsedAs({ reporter: { name: withLetter(long, atEnd, FULL) } })).toBe(parsedAs({ reporter: { name: withLetter(long, atEnd, PLAIN) } }));
      }),
      runs,
    );
  });

  it('on a text of many lines (the description), kept as sent', () => {
    fc.assert(
      fc.property(asciiText(300, true), fc.boolean(), (text, atEnd) => {
        expect(parsedAs({ description: withLetter(text, atEnd, FULL) })).toBe(parsedAs({ description: withLetter(text, atEnd, PLAIN) }));
      }),
      runs,
    );
  });

  it('on a free text against its limit (a message): the problem and the length it names', () => {
    fc.assert(
      fc.property(asciiText(80, true), fc.integer({ min: 1, max: 80 }), fc.boolean(), (text, max, atEnd) => {
        const plain = freeTextProblem(withLetter(text, atEnd, PLAIN), 'Message', max);
        const full = freeTextProblem(withLetter(text, atEnd, FULL), 'Message', max);
        expect(full).toEqual(plain);
      }),
      runs,
    );
  });
});
