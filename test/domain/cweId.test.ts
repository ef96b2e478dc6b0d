import { describe, expect, it } from 'vitest';
import { isCweId } from '../../src/domain/cweId';

describe('isCweId', () => {
  it.each(['CWE-1', 'CWE-79', 'CWE-1426', 'CWE-999999'])('takes %j', (id) => expect(isCweId(id)).toBe(true));
  it.each(['CWE-0', 'CWE-00', 'CWE-079', 'cwe-79', 'CWE-79 ', ' CWE-79', 'CWE-1000000', 'CWE-', 'CWE-+79', 'CWE-7.9'])('refuses %j', (id) =>
    expect(isCweId(id)).toBe(false),
  );
});
