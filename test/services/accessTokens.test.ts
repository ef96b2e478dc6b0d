// Token hashes are compared in constant time, whole: only the same string matches.

import { describe, expect, it } from 'vitest';
import { hashToken, tokenHashMatches } from '../../src/services/accessTokens';

describe('tokenHashMatches', () => {
  it('matches the same hash, and no other, not a prefix, not an empty one', () => {
    const hash = hashToken('a-token-of-the-reporter');
    expect(tokenHashMatches(hash, hash)).toBe(true);
    expect(tokenHashMatches(hash, hashToken('another-token'))).toBe(false);
    expect(tokenHashMatches(hash.slice(0, 32), hash)).toBe(false);
    expect(tokenHashMatches('', '')).toBe(false);
  });

  it('compares stored values that are no hash as they are: a common hex prefix is not a match', () => {
    // Decoded as hex, both would end at the '-' and be the same four bytes.
    expect(tokenHashMatches('0123abcd-stored', '0123abcd-other!')).toBe(false);
  });
});
