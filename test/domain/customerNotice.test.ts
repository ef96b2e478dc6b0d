import { describe, expect, it } from 'vitest';
import {
  approveNotice,
  customerNoticeOf,
  NOTICE_PROPOSALS_PER_HOUR,
  NoticeApprovalRefused,
  noticeTextProblem,
  proposalRetryAfterSeconds,
  proposeNotice,
  StaleNoticeVersion,
  type NoticeVersion,
} from '../../src/domain/customerNotice';

const SUBMITTED_AT = '2026-03-02T09:00:00.000Z';
const withDraft = { customerNotification: { requested: true, message: 'Please update.' }, submittedAt: SUBMITTED_AT };
const withoutDraft = { customerNotification: { requested: false, message: null }, submittedAt: SUBMITTED_AT };
const at = new Date('2026-03-03T10:00:00.000Z');
const v2: NoticeVersion = { version: 2, text: 'Please update today.', proposedBy: 'operator', proposedAt: '2026-03-03T08:00:00.000Z' };

describe('the notice of a ticket', () => {
  it('has the submission’s draft as version 1, proposed by the reporter at submission', () => {
    expect(customerNoticeOf(withDraft, { versions: [], approvals: [] })).toEqual({
      status: 'proposed',
      version: 1,
      text: 'Please update.',
      proposedBy: 'reporter',
      proposedAt: SUBMITTED_AT,
      versions: [{ version: 1, text: 'Please update.', proposedBy: 'reporter', proposedAt: SUBMITTED_AT }],
    });
  });

  it('is none without a draft or a stored version', () => {
    expect(customerNoticeOf(withoutDraft, { versions: [], approvals: [] })).toEqual({ status: 'none', version: 0, versions: [] });
  });

  it('is the latest stored version, approved only when that version has an approval', () => {
    const proposed = customerNoticeOf(withDraft, { versions: [v2], approvals: [{ version: 1, approvedBy: 'operator', approvedAt: SUBMITTED_AT }] });
    expect(proposed).toMatchObject({ status: 'proposed', version: 2, proposedBy: 'operator' });
    expect(proposed.versions.map((v) => v.version)).toEqual([1, 2]);
    const approved = customerNoticeOf(withDraft, { versions: [v2], approvals: [{ version: 2, approvedBy: 'reporter', approvedAt: at.toISOString() }] });
    expect(approved).toMatchObject({ status: 'approved', version: 2, approvedBy: 'reporter', approvedAt: at.toISOString() });
  });
});

describe('proposing a version', () => {
  it('on the latest version gives the next one, by the proposer, at the instant given, text as sent', () => {
    const notice = customerNoticeOf(withDraft, { versions: [], approvals: [] });
    expect(proposeNotice(notice, { text: '  Two\r\n', basedOnVersion: 1, by: 'operator' }, at)).toEqual({
      version: 2,
      text: '  Two\r\n',
      proposedBy: 'operator',
      proposedAt: at.toISOString(),
    });
    expect(proposeNotice(customerNoticeOf(withoutDraft, { versions: [], approvals: [] }), { text: 'One', basedOnVersion: 0, by: 'reporter' }, at).version).toBe(
      1,
    );
  });

  it('on an older or a later version throws StaleNoticeVersion naming the latest', () => {
    const notice = customerNoticeOf(withDraft, { versions: [v2], approvals: [] });
    for (const basedOnVersion of [0, 1, 3]) {
      const attempt = () => proposeNotice(notice, { text: 'Mine', basedOnVersion, by: 'reporter' }, at);
      expect(attempt).toThrow(StaleNoticeVersion);
      expect(attempt).toThrow(/latest is version 2/);
    }
  });
});

describe('approving a version', () => {
  const notice = customerNoticeOf(withDraft, { versions: [v2], approvals: [] });
  const refusal = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      if (error instanceof NoticeApprovalRefused) return error.code;
      throw error;
    }
    throw new Error('not refused');
  };

  it('by the side that did not propose the latest version gives the approval', () => {
    expect(approveNotice(notice, { version: 2, by: 'reporter' }, at)).toEqual({ version: 2, approvedBy: 'reporter', approvedAt: at.toISOString() });
  });

  it('is refused by the proposer, for a version that is not the latest, twice, and with no version at all', () => {
    expect(refusal(() => approveNotice(notice, { version: 2, by: 'operator' }, at))).toBe('own_version');
    expect(refusal(() => approveNotice(notice, { version: 1, by: 'operator' }, at))).toBe('not_latest');
    expect(refusal(() => approveNotice(notice, { version: 3, by: 'reporter' }, at))).toBe('not_latest');
    const approved = customerNoticeOf(withDraft, { versions: [v2], approvals: [{ version: 2, approvedBy: 'reporter', approvedAt: at.toISOString() }] });
    expect(refusal(() => approveNotice(approved, { version: 2, by: 'reporter' }, at))).toBe('already_approved');
    expect(refusal(() => approveNotice(customerNoticeOf(withoutDraft, { versions: [], approvals: [] }), { version: 1, by: 'reporter' }, at))).toBe(
      'not_latest',
    );
  });
});

describe('the text of a version', () => {
  it('takes 1 to 20,000 code points of well-formed text, astral characters counting once', () => {
    expect(noticeTextProblem('x')).toBeNull();
    expect(noticeTextProblem('🛡'.repeat(20_000))).toBeNull();
    expect(noticeTextProblem('<script>alert(1)</script>')).toBeNull();
  });

  it('refuses empty, blank, too long and broken text with a code', () => {
    expect(noticeTextProblem('')?.code).toBe('required');
    expect(noticeTextProblem(' \n\t')?.code).toBe('blank');
    expect(noticeTextProblem('x'.repeat(20_001))).toMatchObject({ code: 'too_long', message: expect.stringContaining('it has 20001') });
    expect(noticeTextProblem('a\ud800b')?.code).toBe('invalid_unicode');
  });
});

describe('the hourly limit of proposals', () => {
  const proposalsAt = (instants: number[]): NoticeVersion[] =>
    instants.map((ms, i) => ({ version: i + 2, text: 'x', proposedBy: 'reporter', proposedAt: new Date(ms).toISOString() }));

  it(`lets ${NOTICE_PROPOSALS_PER_HOUR - 1} proposals within the hour pass and stops the next until the oldest is an hour old`, () => {
    const now = at.getTime();
    const few = proposalsAt(Array.from({ length: NOTICE_PROPOSALS_PER_HOUR - 1 }, (_, i) => now - i * 1000));
    expect(proposalRetryAfterSeconds(few, at)).toBeNull();
    // 30 in the last hour, the oldest 50 minutes ago: ten minutes to wait.
    const full = proposalsAt(Array.from({ length: NOTICE_PROPOSALS_PER_HOUR }, (_, i) => now - 50 * 60_000 + i * 1000));
    expect(proposalRetryAfterSeconds(full, at)).toBe(600);
    // Older ones do not count.
    const old = proposalsAt(Array.from({ length: NOTICE_PROPOSALS_PER_HOUR }, (_, i) => now - 2 * 3_600_000 + i * 1000));
    expect(proposalRetryAfterSeconds(old, at)).toBeNull();
  });
});
