import { describe, expect, it } from 'vitest';
import { emailOperationId, operationIdOf, singleLine } from '../../src/email/message';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('emailOperationId', () => {
  it('is a version 5 UUID, the same for the same ticket, event and key on every call', () => {
    const id = emailOperationId('SE-7K2M-9QXH-4TRB', 'submitted', '2025-01-13T09:30:00.000Z');

    expect(id).toMatch(UUID_V5);
    expect(emailOperationId('SE-7K2M-9QXH-4TRB', 'submitted', '2025-01-13T09:30:00.000Z')).toBe(id);
  });

  it('differs when any part differs, also when the parts only shift between fields', () => {
    const ids = new Set([
      emailOperationId('SE-7K2M-9QXH-4TRB', 'submitted', 'k'),
      emailOperationId('SE-7K2M-9QXH-4TRC', 'submitted', 'k'),
      emailOperationId('SE-7K2M-9QXH-4TRB', 'acknowledged', 'k'),
      emailOperationId('SE-7K2M-9QXH-4TRB', 'submitted', 'l'),
      emailOperationId('a', 'b-c', 'd'),
      emailOperationId('a-b', 'c', 'd'),
    ]);

    expect(ids.size).toBe(6);
  });
});

describe('operationIdOf', () => {
  it('uses a UUID id as it is (lower case) and derives a UUID from any other id', () => {
    const uuid = emailOperationId('SE-7K2M-9QXH-4TRB', 'submitted', 'k');

    expect(operationIdOf({ id: uuid.toUpperCase() })).toBe(uuid);
    expect(operationIdOf({ id: 'SE-1/submitted' })).toMatch(UUID_V5);
    expect(operationIdOf({ id: 'SE-1/submitted' })).toBe(operationIdOf({ id: 'SE-1/submitted' }));
  });
});

describe('singleLine', () => {
  it('turns line breaks and control characters into one space', () => {
    expect(singleLine('Ada\r\nBcc: x@y\u2028z\u0000')).toBe('Ada Bcc: x@y z');
  });
});
