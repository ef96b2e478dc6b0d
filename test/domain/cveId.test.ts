import { describe, expect, it } from 'vitest';
import { isCveId } from '../../src/domain/cveId';

describe('isCveId', () => {
  it.each(['CVE-2021-44228', 'CVE-1999-0001', 'CVE-2014-0160', 'CVE-2024-1234567', 'CVE-2030-0000'])('accepts %s', (id) => {
    expect(isCveId(id)).toBe(true);
  });

  it.each([
    ['lower-case prefix', 'cve-2021-44228'],
    ['three sequence digits', 'CVE-2021-442'],
    ['a year before 1999', 'CVE-1998-0001'],
    ['a two-digit year', 'CVE-21-44228'],
    ['surrounding space', ' CVE-2021-44228'],
    ['a trailing newline', 'CVE-2021-44228\n'],
    ['letters in the sequence', 'CVE-2021-4422A'],
    ['underscores', 'CVE_2021_44228'],
    ['more than 19 sequence digits', 'CVE-2021-12345678901234567890'],
    ['non-ASCII digits', 'CVE-２０２１-44228'],
    ['the empty string', ''],
  ])('rejects %s', (_, id) => {
    expect(isCveId(id)).toBe(false);
  });
});
