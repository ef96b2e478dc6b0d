import { describe, expect, it } from 'vitest';
import { undeliveredReason } from '../../src/services/deliveryReports';

describe('undeliveredReason', () => {
  it("is the status and the receiving side's message", () => {
    expect(undeliveredReason({ status: 'Quarantined', statusMessage: 'Message quarantined as spam' })).toBe('Quarantined: Message quarantined as spam');
  });

  it('is the status alone without a message', () => {
    expect(undeliveredReason({ status: 'Failed', statusMessage: null })).toBe('Failed');
    expect(undeliveredReason({ status: 'Failed', statusMessage: '  ' })).toBe('Failed');
  });

  it('masks every email address, bracketed or not', () => {
    expect(
      undeliveredReason({
        status: 'Bounced',
        statusMessage: '550 5.1.1 <ada@contoso.example>: unknown; also "Bob.Smith+x@mail.contoso.example", (c@d.example)',
      }),
    ).toBe('Bounced: 550 5.1.1 <address>: unknown; also "<address>", (<address>)');
  });

  it('stays on one line and within 300 characters', () => {
    const reason = undeliveredReason({ status: 'Bounced', statusMessage: `first line\r\nsecond line\u2028${'x'.repeat(400)}` });
    expect(reason).toMatch(/^Bounced: first line second line x+…$/);
    expect(reason).toHaveLength(300);
  });
});
