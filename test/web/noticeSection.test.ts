import { describe, expect, it } from 'vitest';
import { customerNoticeOf } from '../../src/domain/customerNotice';
import { renderNoticeSection } from '../../src/web/noticeSection';

const SUBMITTED_AT = '2026-03-02T09:00:00.000Z';
const notice = customerNoticeOf(
  { customerNotification: { requested: true, message: 'Please <b>update</b> "now".' }, submittedAt: SUBMITTED_AT },
  { versions: [{ version: 2, text: '<script>alert(1)</script> today', proposedBy: 'operator', proposedAt: '2026-03-03T08:00:00.000Z' }], approvals: [] },
);

describe('the customer notice section of the status page', () => {
  it('gives the reporter the approve button and the proposal form, plain posts with no access code in the page or a URL', () => {
    const html = renderNoticeSection({ confirmationNumber: 'SE-7K2M-9QXH-4TRB', notice, locale: 'en', viewer: { kind: 'reporter' } });
    expect(html).toContain('<form method="post" action="/api/tickets/SE-7K2M-9QXH-4TRB/customer-notice/approve#customer-notice"');
    expect(html).toContain('<form method="post" action="/api/tickets/SE-7K2M-9QXH-4TRB/customer-notice#customer-notice"');
    expect(html).not.toContain('token');
    expect(html).toContain('<input type="hidden" name="version" value="2">');
    expect(html).toContain('<input type="hidden" name="basedOnVersion" value="2">');
    expect(html).toContain('Approve version 2');
  });

  it('shows an operator the notice to read, without forms or any token', () => {
    const html = renderNoticeSection({ confirmationNumber: 'SE-7K2M-9QXH-4TRB', notice, locale: 'de', viewer: { kind: 'operator' } });
    expect(html).not.toContain('<form');
    expect(html).not.toContain('token');
    expect(html).toContain('Fassung 2, die das Team am');
  });

  it('escapes every text of the versions, in the current text, the comparison and the list', () => {
    const html = renderNoticeSection({ confirmationNumber: 'SE-7K2M-9QXH-4TRB', notice, locale: 'en', viewer: { kind: 'reporter' } });
    expect(html).not.toMatch(/<(script|b)>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; today');
    expect(html).toContain('Please &lt;b&gt;update&lt;/b&gt; &quot;now&quot;.');
  });

  it('offers the first proposal when there is none, and keeps a refused text in the field', () => {
    const none = customerNoticeOf({ customerNotification: { requested: true, message: null }, submittedAt: SUBMITTED_AT }, { versions: [], approvals: [] });
    const html = renderNoticeSection({
      confirmationNumber: 'SE-7K2M-9QXH-4TRB',
      notice: none,
      locale: 'en',
      viewer: { kind: 'reporter' },
      feedback: { kind: 'text-problem', code: 'too_long', length: 20_001, text: 'kept </textarea><script>' },
    });
    expect(html).toContain('There is no draft of the notice yet. You can propose the first version below.');
    expect(html).toContain('Propose as version 1');
    expect(html).toContain('The notice may have at most 20,000 characters; it has 20,001.');
    expect(html).toContain('kept &lt;/textarea&gt;&lt;script&gt;</textarea>');
    expect(html).toContain('aria-invalid="true"');
  });
});
