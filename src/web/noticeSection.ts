// The status page's section on the customer notice drafted together: where it stands, the
// current text, what changed between the latest two versions (or two the reader chose), every
// version, and for the reporter a form to propose a new version and a button to approve the
// team's. Both are plain POST forms (no JavaScript needed); their credential is the page's status
// cookie (src/http/customerNoticePage.ts), so no access code is in the page or in a URL. Its texts
// in German and English are kept here. Pure: data in, escaped HTML out.

import type { CustomerNotice, NoticeVersion } from '../domain/customerNotice';
import { NOTICE_TEXT_MAX } from '../domain/customerNotice';
import type { Party, Locale } from '../domain/vocabulary';
import { csrfField, escapeHtml } from './html';
import { fill } from './i18n';
import { compareVersions, comparisonCounts, renderComparison } from './noticeComparison';
import { formatInstant } from './presentation';
import { ticketPath } from '../services/statusLink';

/** Where the page's forms post: a proposal, an approval. */
export const customerNoticePath = (confirmationNumber: string): string => `${ticketPath(confirmationNumber)}/customer-notice`;
export const customerNoticeApprovalPath = (confirmationNumber: string): string => `${customerNoticePath(confirmationNumber)}/approve`;

/** The id of the section: the forms' answers scroll to it (`action="…#customer-notice"`). */
export const NOTICE_SECTION_ID = 'customer-notice';

/** What the reader just did, or what stopped it; `text` is what they sent, kept for the form. */
export type NoticeFeedback =
  | { kind: 'proposed'; version: number }
  | { kind: 'approved'; version: number }
  | { kind: 'text-problem'; code: 'required' | 'blank' | 'too_long' | 'invalid_unicode'; length?: number; text: string }
  | { kind: 'stale'; text: string }
  | { kind: 'approval-refused'; code: 'own_version' | 'not_latest' | 'already_approved' };

export interface NoticeSectionArgs {
  confirmationNumber: string;
  notice: CustomerNotice;
  locale: Locale;
  /** the reporter sees the forms; an operator reads only */
  viewer: { kind: 'reporter' | 'operator' };
  feedback?: NoticeFeedback;
  /** the two versions to compare; default: the latest two */
  compare?: { from: number; to: number };
  timeZone?: string;
  /** the page's CSRF token (src/http/statusPages.ts), which the reporter's forms post with the status cookie */
  csrf?: string;
}

type Words = {
  title: string;
  intro: Record<'reporter' | 'operator', string>;
  none: string;
  noneReporter: string;
  proposed: Record<'reporter' | 'operator', Record<Party, string>>;
  approved: Record<'reporter' | 'operator', Record<Party, string>>;
  current: string;
  approve: string;
  approveHint: string;
  compareHeading: string;
  compareCounts: string;
  compareLegend: string;
  marks: { removed: string; added: string; endRemoved: string; endAdded: string };
  versionsHeading: string;
  versionSummary: string;
  by: Record<'reporter' | 'operator', Record<Party, string>>;
  proposeHeading: string;
  proposeFirstHeading: string;
  proposeLabel: string;
  proposeHint: string;
  proposeFirstHint: string;
  proposeSubmit: string;
  saved: { proposed: string; approved: string };
  textProblem: Record<'required' | 'blank' | 'too_long' | 'invalid_unicode', string>;
  stale: string;
  approvalRefused: Record<'own_version' | 'not_latest' | 'already_approved', string>;
};

const WORDS: Record<Locale, Words> = {
  en: {
    title: 'Notice to customers',
    intro: {
      reporter: 'The notice your customers receive about this event is drafted together: either side proposes a version, and the other side approves it.',
      operator:
        'The notice the reporter’s customers receive about this event is drafted together: either side proposes a version, and the other side approves it.',
    },
    none: 'There is no draft of the notice yet.',
    noneReporter: 'You can propose the first version below.',
    proposed: {
      reporter: {
        reporter: 'Version {version}, which you proposed on {when}, awaits the team’s approval.',
        operator: 'Version {version}, proposed by the team on {when}, awaits your approval.',
      },
      operator: {
        reporter: 'Version {version}, proposed by the reporter on {when}, awaits the team’s approval.',
        operator: 'Version {version}, proposed by the team on {when}, awaits the reporter’s approval.',
      },
    },
    approved: {
      reporter: {
        reporter: 'Agreed: the team approved your version {version} on {when}.',
        operator: 'Agreed: you approved the team’s version {version} on {when}.',
      },
      operator: {
        reporter: 'Agreed: the team approved the reporter’s version {version} on {when}.',
        operator: 'Agreed: the reporter approved the team’s version {version} on {when}.',
      },
    },
    current: 'Current text (version {version})',
    approve: 'Approve version {version}',
    approveHint: 'Approving says that this text may go to customers as it stands.',
    compareHeading: 'What changed from version {from} to version {to}',
    compareCounts: 'Words added: {added}, removed: {removed}.',
    compareLegend: 'Removed words are struck through, added words are underlined.',
    marks: { removed: 'Removed:', added: 'Added:', endRemoved: 'End of removal.', endAdded: 'End of addition.' },
    versionsHeading: 'All versions',
    versionSummary: 'Version {version}, {who}, {when}',
    by: { reporter: { reporter: 'by you', operator: 'by the team' }, operator: { reporter: 'by the reporter', operator: 'by the team' } },
    proposeHeading: 'Propose a new version',
    proposeFirstHeading: 'Propose the notice',
    proposeLabel: 'Your version of the notice',
    proposeHint: 'The field starts with version {version}. Change what you want to change; the team sees what changed. At most {max} characters.',
    proposeFirstHint: 'Write the notice your customers should receive. At most {max} characters.',
    proposeSubmit: 'Propose as version {version}',
    saved: {
      proposed: 'Your version {version} is saved. The team has been told and will approve it or propose changes.',
      approved: 'You approved version {version}. The team has been told.',
    },
    textProblem: {
      required: 'Please write the text of the notice.',
      blank: 'The notice contains only spaces; please write some text.',
      too_long: 'The notice may have at most {max} characters; it has {length}.',
      invalid_unicode: 'The notice contains characters that are not valid text; please type them again.',
    },
    stale:
      'While you were writing, version {version} was proposed. Nothing of yours is lost: your text is in the field below. Compare it with version {version} and send it again if it should stand.',
    approvalRefused: {
      own_version: 'You proposed this version yourself: the team approves it, or proposes changes.',
      not_latest: 'This is no longer the latest version: version {version} was proposed meanwhile. Please read it first.',
      already_approved: 'This version is approved already.',
    },
  },
  de: {
    title: 'Mitteilung an die Kunden',
    intro: {
      reporter:
        'Die Mitteilung, die Ihre Kunden zu diesem Ereignis erhalten, entsteht gemeinsam: Eine Seite schlägt eine Fassung vor, die andere gibt sie frei.',
      operator:
        'Die Mitteilung, die die Kunden der meldenden Person zu diesem Ereignis erhalten, entsteht gemeinsam: Eine Seite schlägt eine Fassung vor, die andere gibt sie frei.',
    },
    none: 'Es gibt noch keinen Entwurf der Mitteilung.',
    noneReporter: 'Unten können Sie die erste Fassung vorschlagen.',
    proposed: {
      reporter: {
        reporter: 'Fassung {version}, die Sie am {when} vorgeschlagen haben, wartet auf die Freigabe durch das Team.',
        operator: 'Fassung {version}, die das Team am {when} vorgeschlagen hat, wartet auf Ihre Freigabe.',
      },
      operator: {
        reporter: 'Fassung {version}, die die meldende Person am {when} vorgeschlagen hat, wartet auf die Freigabe durch das Team.',
        operator: 'Fassung {version}, die das Team am {when} vorgeschlagen hat, wartet auf die Freigabe durch die meldende Person.',
      },
    },
    approved: {
      reporter: {
        reporter: 'Abgestimmt: Das Team hat Ihre Fassung {version} am {when} freigegeben.',
        operator: 'Abgestimmt: Sie haben die Fassung {version} des Teams am {when} freigegeben.',
      },
      operator: {
        reporter: 'Abgestimmt: Das Team hat die Fassung {version} der meldenden Person am {when} freigegeben.',
        operator: 'Abgestimmt: Die meldende Person hat die Fassung {version} des Teams am {when} freigegeben.',
      },
    },
    current: 'Aktueller Text (Fassung {version})',
    approve: 'Fassung {version} freigeben',
    approveHint: 'Mit der Freigabe bestätigen Sie, dass dieser Text so an die Kunden gehen darf.',
    compareHeading: 'Was sich von Fassung {from} zu Fassung {to} geändert hat',
    compareCounts: 'Wörter hinzugefügt: {added}, entfernt: {removed}.',
    compareLegend: 'Entfernte Wörter sind durchgestrichen, hinzugefügte unterstrichen.',
    marks: { removed: 'Entfernt:', added: 'Hinzugefügt:', endRemoved: 'Ende der Entfernung.', endAdded: 'Ende der Ergänzung.' },
    versionsHeading: 'Alle Fassungen',
    versionSummary: 'Fassung {version}, {who}, {when}',
    by: { reporter: { reporter: 'von Ihnen', operator: 'vom Team' }, operator: { reporter: 'von der meldenden Person', operator: 'vom Team' } },
    proposeHeading: 'Neue Fassung vorschlagen',
    proposeFirstHeading: 'Mitteilung vorschlagen',
    proposeLabel: 'Ihre Fassung der Mitteilung',
    proposeHint:
      'Das Feld enthält zunächst Fassung {version}. Ändern Sie, was Sie ändern möchten; das Team sieht, was sich geändert hat. Höchstens {max} Zeichen.',
    proposeFirstHint: 'Schreiben Sie die Mitteilung, die Ihre Kunden erhalten sollen. Höchstens {max} Zeichen.',
    proposeSubmit: 'Als Fassung {version} vorschlagen',
    saved: {
      proposed: 'Ihre Fassung {version} ist gespeichert. Das Team ist informiert und gibt sie frei oder schlägt Änderungen vor.',
      approved: 'Sie haben Fassung {version} freigegeben. Das Team ist informiert.',
    },
    textProblem: {
      required: 'Bitte schreiben Sie den Text der Mitteilung.',
      blank: 'Die Mitteilung enthält nur Leerzeichen; bitte schreiben Sie Text.',
      too_long: 'Die Mitteilung darf höchstens {max} Zeichen haben; jetzt sind es {length}.',
      invalid_unicode: 'Die Mitteilung enthält Zeichen, die kein gültiger Text sind; bitte geben Sie sie neu ein.',
    },
    stale:
      'Während Sie geschrieben haben, wurde Fassung {version} vorgeschlagen. Von Ihrem Text geht nichts verloren: Er steht im Feld unten. Vergleichen Sie ihn mit Fassung {version} und senden Sie ihn erneut, wenn er so gelten soll.',
    approvalRefused: {
      own_version: 'Diese Fassung haben Sie selbst vorgeschlagen: Das Team gibt sie frei oder schlägt Änderungen vor.',
      not_latest: 'Dies ist nicht mehr die neueste Fassung: Inzwischen wurde Fassung {version} vorgeschlagen. Bitte lesen Sie sie zuerst.',
      already_approved: 'Diese Fassung ist bereits freigegeben.',
    },
  },
};

const NUMBER_FORMAT: Record<Locale, Intl.NumberFormat> = { de: new Intl.NumberFormat('de-DE'), en: new Intl.NumberFormat('en-GB') };

/** The customer notice section of the status page. */
export function renderNoticeSection(args: NoticeSectionArgs): string {
  const { notice, locale, viewer, feedback } = args;
  const w = WORDS[locale];
  const side = viewer.kind;
  const when = (iso: string): string => `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatInstant(iso, locale, args.timeZone ?? 'UTC'))}</time>`;
  const parts: string[] = [];

  parts.push(`<h2 id="notice-title">${escapeHtml(w.title)}</h2>`);
  parts.push(`<p>${escapeHtml(w.intro[side])}</p>`);
  const message = feedbackMessage(feedback, notice, w);
  if (message) parts.push(message);

  if (notice.status === 'none') {
    parts.push(`<p id="notice-state">${escapeHtml(w.none)}${side === 'reporter' ? ` ${escapeHtml(w.noneReporter)}` : ''}</p>`);
  } else {
    const sentence =
      notice.status === 'approved'
        ? fill(escapeHtml(w.approved[side][notice.proposedBy]), { version: notice.version, when: when(notice.approvedAt ?? notice.proposedAt) })
        : fill(escapeHtml(w.proposed[side][notice.proposedBy]), { version: notice.version, when: when(notice.proposedAt) });
    parts.push(`<p class="notice-state${notice.status === 'approved' ? ' agreed' : ''}" id="notice-state">${sentence}</p>`);
    parts.push(`<h3 id="notice-current-title">${escapeHtml(fill(w.current, { version: notice.version }))}</h3>`);
    parts.push(`<div class="notice-text" id="notice-current" aria-labelledby="notice-current-title">${escapeHtml(notice.text)}</div>`);
    if (viewer.kind === 'reporter' && notice.status === 'proposed' && notice.proposedBy === 'operator') {
      parts.push(`<form method="post" action="${escapeHtml(customerNoticeApprovalPath(args.confirmationNumber))}#${NOTICE_SECTION_ID}" class="notice-approve">
<input type="hidden" name="version" value="${notice.version}">${args.csrf === undefined ? '' : `\n${csrfField(args.csrf)}`}
<p class="hint" id="notice-approve-hint">${escapeHtml(w.approveHint)}</p>
<div class="actions"><button type="submit" class="primary" id="notice-approve" aria-describedby="notice-approve-hint">${escapeHtml(fill(w.approve, { version: notice.version }))}</button></div>
</form>`);
    }
    const comparison = renderChosenComparison(notice.versions, args.compare, w);
    if (comparison) parts.push(comparison);
    parts.push(renderVersions(notice.versions, w, side, when));
  }
  if (viewer.kind === 'reporter') parts.push(renderProposalForm(args.confirmationNumber, notice, feedback, w, NUMBER_FORMAT[locale], args.csrf));

  return `<section class="customer-notice" id="${NOTICE_SECTION_ID}" aria-labelledby="notice-title">\n${parts.join('\n')}\n</section>`;
}

function feedbackMessage(feedback: NoticeFeedback | undefined, notice: CustomerNotice, w: Words): string {
  if (!feedback) return '';
  const ok = (text: string): string => `<p class="notice ok" id="notice-feedback" role="status">${escapeHtml(text)}</p>`;
  const problem = (text: string): string => `<p class="notice warning" id="notice-feedback" role="alert">${escapeHtml(text)}</p>`;
  switch (feedback.kind) {
    case 'proposed':
      return ok(fill(w.saved.proposed, { version: feedback.version }));
    case 'approved':
      return ok(fill(w.saved.approved, { version: feedback.version }));
    case 'stale':
      return problem(fill(w.stale, { version: notice.version }));
    case 'approval-refused':
      return problem(fill(w.approvalRefused[feedback.code], { version: notice.version }));
    case 'text-problem':
      // Told beside the field (renderProposalForm).
      return '';
  }
}

function renderChosenComparison(versions: readonly NoticeVersion[], chosen: { from: number; to: number } | undefined, w: Words): string {
  const find = (n: number): NoticeVersion | undefined => versions.find((v) => v.version === n);
  const newer = chosen ? find(chosen.to) : versions.at(-1);
  const older = chosen ? find(chosen.from) : versions.at(-2);
  if (!older || !newer || older.version === newer.version) return '';
  const parts = compareVersions(older.text, newer.text);
  const counts = comparisonCounts(parts);
  return `<h3 id="notice-compare-title">${escapeHtml(fill(w.compareHeading, { from: older.version, to: newer.version }))}</h3>
<p class="hint" id="notice-compare-legend">${escapeHtml(fill(w.compareCounts, counts))} ${escapeHtml(w.compareLegend)}</p>
<div class="notice-text comparison" id="notice-comparison" aria-labelledby="notice-compare-title" aria-describedby="notice-compare-legend">${renderComparison(parts, w.marks)}</div>`;
}

function renderVersions(versions: readonly NoticeVersion[], w: Words, side: 'reporter' | 'operator', when: (iso: string) => string): string {
  const items = [...versions]
    .reverse()
    .map(
      (v) =>
        `<li><details><summary>${fill(escapeHtml(w.versionSummary), { version: v.version, who: escapeHtml(w.by[side][v.proposedBy]), when: when(v.proposedAt) })}</summary>` +
        `<div class="notice-text">${escapeHtml(v.text)}</div></details></li>`,
    )
    .join('\n');
  // Newest first; each names its version, so the list needs no numbers of its own.
  return `<h3 id="notice-versions-title">${escapeHtml(w.versionsHeading)}</h3>\n<ul class="notice-versions" aria-labelledby="notice-versions-title">\n${items}\n</ul>`;
}

function renderProposalForm(
  confirmationNumber: string,
  notice: CustomerNotice,
  feedback: NoticeFeedback | undefined,
  w: Words,
  numbers: Intl.NumberFormat,
  csrf: string | undefined,
): string {
  const max = numbers.format(NOTICE_TEXT_MAX);
  const first = notice.status === 'none';
  const kept = feedback?.kind === 'text-problem' || feedback?.kind === 'stale' ? feedback.text : notice.status === 'none' ? '' : notice.text;
  const error =
    feedback?.kind === 'text-problem'
      ? `<p class="field-error" id="f-notice-text-error">${escapeHtml(fill(w.textProblem[feedback.code], { max, length: numbers.format(feedback.length ?? 0) }))}</p>\n`
      : '';
  const described = error ? 'f-notice-text-hint f-notice-text-error' : 'f-notice-text-hint';
  const hint = first ? fill(w.proposeFirstHint, { max }) : fill(w.proposeHint, { version: notice.version, max });
  return `<form method="post" action="${escapeHtml(customerNoticePath(confirmationNumber))}#${NOTICE_SECTION_ID}" class="notice-propose" aria-labelledby="notice-propose-title">
<h3 id="notice-propose-title">${escapeHtml(first ? w.proposeFirstHeading : w.proposeHeading)}</h3>
<input type="hidden" name="basedOnVersion" value="${notice.version}">${csrf === undefined ? '' : `\n${csrfField(csrf)}`}
<div class="field">
<label for="f-notice-text">${escapeHtml(w.proposeLabel)}</label>
<p class="hint" id="f-notice-text-hint">${escapeHtml(hint)}</p>
${error}<textarea id="f-notice-text" name="text" rows="10" required aria-required="true" maxlength="${NOTICE_TEXT_MAX}" aria-describedby="${described}"${error ? ' aria-invalid="true"' : ''}>
${escapeHtml(kept)}</textarea>
</div>
<div class="actions"><button type="submit" class="${notice.status === 'proposed' && notice.proposedBy === 'operator' ? 'secondary' : 'primary'}" id="notice-propose">${escapeHtml(fill(w.proposeSubmit, { version: notice.version + 1 }))}</button></div>
</form>`;
}
