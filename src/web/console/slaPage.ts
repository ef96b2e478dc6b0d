// The console's SLA record: for each window (30 and 90 days), the share of tickets acknowledged in
// time and the median time to acknowledge, then the missed deadlines of the widest window, each
// with how late it was acknowledged or how long it has been overdue. Pure: data in, HTML out.

import type { Locale } from '../../domain/vocabulary';
import { escapeHtml } from '../html';
import { categoryKey, fill, messagesFor } from '../i18n';
import type { SlaReport } from './consoleData';
import { type ConsoleMessages, consoleMessagesFor } from './consoleMessages';
import { consoleTicketPath, consoleTime, type ConsoleSession, renderConsoleDocument } from './consoleLayout';
import { durationWords, timeLeft, timeLeftWords } from './timeLeft';

export interface SlaPageArgs {
  session: ConsoleSession;
  now: Date;
  timeZone?: string;
  /** one report for each window, shortest first (30 and 90 days) */
  reports: readonly SlaReport[];
}

const INTL: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };

/** A share (0 to 1) as a percentage in the reader's notation: "92.5%", "92,5 %". */
export function percentWords(share: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL[locale], { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** The SLA record page. */
export function renderSlaPage(args: SlaPageArgs): string {
  const locale = args.session.language;
  const c = consoleMessagesFor(locale);
  const when = consoleTime(locale, args.timeZone);
  const widest = [...args.reports].sort((a, b) => b.days - a.days)[0];
  const body = `<h1 id="sla-title">${escapeHtml(c['sla.title'])}</h1>
<p>${escapeHtml(c['sla.intro'])}</p>
<div class="record">
${args.reports.map((r) => renderWindow(r, locale, c, when)).join('\n')}
</div>
${widest ? renderBreaches(widest, args.now, locale, c, when) : ''}`;
  return renderConsoleDocument({ session: args.session, title: c['sla.title'], body, current: 'sla' });
}

function renderWindow(report: SlaReport, locale: Locale, c: ConsoleMessages, when: (iso: string) => string): string {
  const id = `sla-${report.days}`;
  const number = (n: number): string => n.toLocaleString(INTL[locale]);
  const share =
    report.shareInTime === null
      ? escapeHtml(c['sla.shareNone'])
      : `<span class="figure">${escapeHtml(percentWords(report.shareInTime, locale))}</span><br>${escapeHtml(fill(c['sla.shareOf'], { inTime: number(report.acknowledgedInTime), due: number(report.due) }))}`;
  const median =
    report.medianMinutesToAcknowledge === null
      ? escapeHtml(c['sla.medianNone'])
      : `<span class="figure">${escapeHtml(durationWords(report.medianMinutesToAcknowledge, locale))}</span>`;
  return `<section class="record-window" id="${id}" aria-labelledby="${id}-title">
<h2 id="${id}-title">${escapeHtml(fill(c['sla.window'], { days: report.days }))}</h2>
<p class="hint">${fill(escapeHtml(c['sla.range']), { from: when(report.from), to: when(report.to) })}</p>
<dl class="facts">
<div><dt>${escapeHtml(c['sla.share'])}</dt><dd id="${id}-share">${share}</dd></div>
<div><dt>${escapeHtml(c['sla.median'])}</dt><dd id="${id}-median">${median}</dd></div>
<div><dt>${escapeHtml(c['sla.submitted'])}</dt><dd id="${id}-submitted">${escapeHtml(number(report.submitted))}</dd></div>
</dl>
</section>`;
}

function renderBreaches(report: SlaReport, now: Date, locale: Locale, c: ConsoleMessages, when: (iso: string) => string): string {
  const t = messagesFor(locale);
  const heading = `<h2 id="sla-breaches-title">${escapeHtml(fill(c['sla.breaches'], { days: report.days }))}</h2>`;
  if (report.breaches.length === 0) {
    return `<section class="console-section" aria-labelledby="sla-breaches-title">\n${heading}\n<p id="sla-no-breaches">${escapeHtml(c['sla.noBreaches'])}</p>\n</section>`;
  }
  const items = report.breaches
    .map((b) => {
      const state = b.acknowledgedAt
        ? fill(escapeHtml(c['sla.breach.late']), {
            when: when(b.acknowledgedAt),
            span: escapeHtml(durationWords(timeLeft(b.acknowledgeBy, new Date(b.acknowledgedAt)).minutes, locale)),
          })
        : `<span class="overdue">${escapeHtml(fill(c['sla.breach.open'], { span: timeLeftWords(b.acknowledgeBy, now, locale) }))}</span>`;
      return `<li class="queue-item breach" data-confirmation-number="${escapeHtml(b.confirmationNumber)}">
<h3><a href="${escapeHtml(consoleTicketPath(b.confirmationNumber))}" class="mono">${escapeHtml(b.confirmationNumber)}</a></h3>
<dl class="queue-facts">
<div><dt>${escapeHtml(c['entry.category'])}</dt><dd>${escapeHtml(t[categoryKey(b.category)])}</dd></div>
<div><dt>${escapeHtml(c['entry.offer'])}</dt><dd class="mono">${escapeHtml(b.offerId)}</dd></div>
<div><dt>${escapeHtml(c['entry.submitted'])}</dt><dd>${when(b.submittedAt)}</dd></div>
<div><dt>${escapeHtml(c['fact.acknowledgeBy'])}</dt><dd>${when(b.acknowledgeBy)}</dd></div>
</dl>
<p class="marks"><span class="mark breach">${escapeHtml(c['mark.breach'])}</span> ${state}</p>
</li>`;
    })
    .join('\n');
  return `<section class="console-section" aria-labelledby="sla-breaches-title">
${heading}
<ol class="queue" id="sla-breaches">
${items}
</ol>
</section>`;
}
