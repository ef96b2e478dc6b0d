// The reporter's emails, in German and English, as plain text and HTML built from one model so the
// two parts always say the same. Email is not a secure channel: these emails carry the number,
// category, status, deadline and link, never the description, vector, CVE or steps.
//
// Nor do they quote anything the submitter wrote. The recipient address is whatever the submitter
// typed and nobody has verified it, so every email we send goes, as far as we know, to a stranger:
// a name in the greeting or the To display name, a summary or an offer ID in the facts would let
// anyone send their own words to any address from our sender domain, with our reputation on them
// ("Your account is locked, call …"). Only what the service writes itself goes in: the
// confirmation number, the category and status in our words, the deadline, priority, severity and
// outcome that operators chose from fixed lists, and the link to our own status page. The offer ID is
// left out too: it is limited to letters, digits, ".", "_" and "-", which still spells a domain
// name that mail clients turn into a link. The submitter sees their words on the status page.

import {
  CUSTOMER_NOTICE_EVENTS,
  LIFECYCLE_EVENTS,
  type CustomerNoticeEvent,
  type LifecycleEvent,
  type ThreadEvent,
  type TicketStatus,
} from '../domain/vocabulary';
import { beyondBase, type CvssScore } from '../domain/cvss';
import type { Locale, Outcome, Severity, Ticket } from '../domain/ticket';
import { singleLine } from './message';
import { escapeHtml } from '../web/html';
import { categoryLabel, formatInstantWithUtc, statusLabel } from '../web/presentation';

/** The correspondence's events the reporter is emailed about: what the operators did (the reporter's own message is not among them). */
const REPORTER_THREAD_EMAILS = ['information-requested', 'information-reminded', 'message-sent', 'reopened'] as const satisfies readonly ThreadEvent[];
type ThreadEmailKind = (typeof REPORTER_THREAD_EMAILS)[number];

/** The events whose emails share the lifecycle's wording: its steps and the customer notice's. */
type WordedKind = LifecycleEvent | CustomerNoticeEvent;

/** An email to the reporter is about one of the events the reporter is told of: a step of the lifecycle, the thread's or the customer notice's. */
export type EmailKind = WordedKind | ThreadEmailKind;

const EMAIL_KINDS: ReadonlySet<string> = new Set([...LIFECYCLE_EVENTS, ...CUSTOMER_NOTICE_EVENTS, ...REPORTER_THREAD_EMAILS]);

/** Whether the reporter's emails have words for `event`. */
export function isEmailKind(event: string): event is EmailKind {
  return EMAIL_KINDS.has(event);
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

interface Wording {
  subject: Record<WordedKind, string>;
  greeting: string;
  intro: Record<WordedKind, (t: Ticket) => string>;
  labels: {
    confirmationNumber: string;
    category: string;
    status: string;
    acknowledgeBy: string;
    priority: string;
    severity: string;
    outcome: string;
  };
  severity: Record<Severity, string>;
  outcome: Record<Outcome, string>;
  nextStepsHeading: string;
  nextSteps(deadline: string): string[];
  personalLink: string;
  laterLink: string;
  linkText: string;
  quoteNumber(n: string): string;
  notSecure: string;
  /** for the first email: the address was typed by whoever submitted, so it may not be the reader's report */
  notYou: string;
  signOff: string[];
}

const WORDING: Record<Locale, Wording> = {
  en: {
    subject: {
      submitted: 'Security event received',
      acknowledged: 'Security event acknowledged',
      investigating: 'Security event under investigation',
      resolved: 'Security event resolved',
      'customer-notice-proposed': 'Customer notice: new version proposed',
      'customer-notice-approved': 'Customer notice approved',
    },
    greeting: 'Hello,',
    intro: {
      submitted: (t) =>
        `Thank you for reporting a security event. We have received it and registered it under the confirmation number ${t.confirmationNumber}.`,
      acknowledged: () => 'We have acknowledged your report and assigned it the priority and severity below. Our investigation starts now.',
      investigating: () => 'We are now investigating your report. We will write to you again when it is resolved.',
      resolved: () => 'We have completed our work on your report. The outcome is shown below. Thank you for helping us protect our customers.',
      'customer-notice-proposed': () =>
        'We have proposed a new version of the notice to customers about your report. On the status page you can read it, see what changed from the previous version, and approve it or propose changes.',
      'customer-notice-approved': () =>
        'We have approved your latest version of the notice to customers about your report. The approved text is on the status page.',
    },
    labels: {
      confirmationNumber: 'Confirmation number',
      category: 'Category',
      status: 'Status',
      acknowledgeBy: 'Acknowledgement due by',
      priority: 'Priority',
      severity: 'Severity',
      outcome: 'Outcome',
    },
    severity: { critical: 'critical', high: 'high', medium: 'medium', low: 'low' },
    outcome: {
      'no-action': 'No action needed: after our review, the offer does not need to change.',
      'revise-offer': 'The offer is being revised.',
      'remove-offer': 'The offer is being removed from the marketplace.',
      mitigated: 'The issue has been mitigated.',
    },
    nextStepsHeading: 'What happens next',
    nextSteps: (deadline) => [
      `We acknowledge your report within one business day, at the latest by ${deadline}.`,
      'When we acknowledge it, we assign a priority and a severity and let you know.',
      'We then investigate. The outcome is one of: no action needed, the offer is revised, the offer is removed, or the issue is mitigated.',
      'Throughout, we work with you to reduce the impact on customers.',
    ],
    personalLink: 'You can follow your report on its status page. The link is personal: keep this email and do not pass the link on.',
    laterLink:
      'The current status is on the status page. To open it, use the personal link from our first email (the confirmation of receipt); for your security we do not send it again.',
    linkText: 'Open the status page',
    quoteNumber: (n) => `Please quote the confirmation number ${n} in all correspondence about this event.`,
    notSecure: 'Email is not a secure channel: please do not send vulnerability details by email. This email deliberately contains none.',
    notYou: 'If you did not submit this report, someone else entered your email address. You need not do anything.',
    signOff: ['Kind regards', 'The security response team'],
  },
  de: {
    subject: {
      submitted: 'Sicherheitsereignis eingegangen',
      acknowledged: 'Sicherheitsereignis bestätigt',
      investigating: 'Sicherheitsereignis wird untersucht',
      resolved: 'Sicherheitsereignis abgeschlossen',
      'customer-notice-proposed': 'Kundenmitteilung: neue Fassung vorgeschlagen',
      'customer-notice-approved': 'Kundenmitteilung freigegeben',
    },
    greeting: 'Guten Tag,',
    intro: {
      submitted: (t) =>
        `vielen Dank für Ihre Meldung eines Sicherheitsereignisses. Wir haben sie erhalten und unter der Bestätigungsnummer ${t.confirmationNumber} erfasst.`,
      acknowledged: () =>
        'wir haben Ihre Meldung bestätigt und ihr die unten genannte Priorität und den Schweregrad zugeordnet. Unsere Untersuchung beginnt jetzt.',
      investigating: () => 'wir untersuchen Ihre Meldung jetzt. Sobald sie abgeschlossen ist, schreiben wir Ihnen wieder.',
      resolved: () =>
        'wir haben die Bearbeitung Ihrer Meldung abgeschlossen. Das Ergebnis finden Sie unten. Vielen Dank, dass Sie uns helfen, unsere Kundinnen und Kunden zu schützen.',
      'customer-notice-proposed': () =>
        'wir haben eine neue Fassung der Mitteilung an die Kunden zu Ihrer Meldung vorgeschlagen. Auf der Statusseite können Sie sie lesen, sehen, was sich gegenüber der vorherigen Fassung geändert hat, und sie freigeben oder Änderungen vorschlagen.',
      'customer-notice-approved': () =>
        'wir haben Ihre letzte Fassung der Mitteilung an die Kunden zu Ihrer Meldung freigegeben. Den freigegebenen Text finden Sie auf der Statusseite.',
    },
    labels: {
      confirmationNumber: 'Bestätigungsnummer',
      category: 'Kategorie',
      status: 'Status',
      acknowledgeBy: 'Bestätigung spätestens am',
      priority: 'Priorität',
      severity: 'Schweregrad',
      outcome: 'Ergebnis',
    },
    severity: { critical: 'kritisch', high: 'hoch', medium: 'mittel', low: 'niedrig' },
    outcome: {
      'no-action': 'Kein Handlungsbedarf: Nach unserer Prüfung muss das Angebot nicht geändert werden.',
      'revise-offer': 'Das Angebot wird überarbeitet.',
      'remove-offer': 'Das Angebot wird aus dem Marketplace entfernt.',
      mitigated: 'Das Problem wurde entschärft.',
    },
    nextStepsHeading: 'Wie es weitergeht',
    nextSteps: (deadline) => [
      `Wir bestätigen Ihre Meldung innerhalb eines Werktags, spätestens am ${deadline}.`,
      'Mit der Bestätigung legen wir Priorität und Schweregrad fest und teilen Ihnen beides mit.',
      'Danach untersuchen wir das Ereignis. Mögliche Ergebnisse: kein Handlungsbedarf, Überarbeitung des Angebots, Entfernung des Angebots oder Entschärfung des Problems.',
      'Dabei arbeiten wir mit Ihnen zusammen, um die Auswirkungen auf Kundinnen und Kunden gering zu halten.',
    ],
    personalLink:
      'Den Stand Ihrer Meldung sehen Sie auf der Statusseite. Der Link ist persönlich: Bitte bewahren Sie diese E-Mail auf und geben Sie den Link nicht weiter.',
    laterLink:
      'Den aktuellen Stand sehen Sie auf der Statusseite. Verwenden Sie zum Öffnen den persönlichen Link aus unserer ersten E-Mail (der Eingangsbestätigung); aus Sicherheitsgründen senden wir ihn nicht erneut.',
    linkText: 'Statusseite öffnen',
    quoteNumber: (n) => `Bitte geben Sie die Bestätigungsnummer ${n} in jeder Nachricht zu diesem Ereignis an.`,
    notSecure: 'E-Mail ist kein sicherer Kanal: Bitte senden Sie keine Details zur Schwachstelle per E-Mail. Diese Nachricht enthält bewusst keine.',
    notYou: 'Falls Sie diese Meldung nicht abgegeben haben, hat jemand anderes Ihre E-Mail-Adresse angegeben. Sie müssen nichts tun.',
    signOff: ['Mit freundlichen Grüßen', 'Ihr Security-Response-Team'],
  },
};

/**
 * Renders the reporter's email about one event. `statusUrl` with `#token=` is presented as the
 * reporter's personal link; without it the email points to the link in the first email.
 * Deadlines are shown in `timeZone` (the SLA zone, IANA name; UTC when absent) and as UTC ISO 8601.
 */
export function renderTicketEmail(args: { kind: EmailKind; ticket: Ticket; statusUrl: string; locale: Locale; timeZone?: string }): RenderedEmail {
  const { kind, ticket, locale } = args;
  if (!/^https?:\/\//i.test(args.statusUrl)) throw new Error('statusUrl must be an http(s) URL');
  const w = WORDING[locale];
  const number = singleLine(ticket.confirmationNumber).replace(/[^A-Z0-9-]/gi, '');
  if (isThreadEmail(kind)) return renderThreadEmail(kind, { ...ticket, confirmationNumber: number }, args.statusUrl, locale);
  const t = { ...ticket, confirmationNumber: number };

  const facts: Array<[string, string]> = [
    [w.labels.confirmationNumber, number],
    // The category and status in the words the status page uses.
    [w.labels.category, categoryLabel(ticket.category, locale)],
    // A lifecycle step's email names the status it reached; any other event's, the ticket's status now.
    [w.labels.status, statusLabel(isStatus(kind) ? kind : ticket.status, locale)],
  ];
  const deadline = formatInstantWithUtc(ticket.acknowledgeBy, locale, args.timeZone);
  const triaged = kind === 'acknowledged' || kind === 'investigating' || kind === 'resolved';
  if (kind === 'submitted') facts.push([w.labels.acknowledgeBy, deadline]);
  if (triaged && ticket.priority) facts.push([w.labels.priority, ticket.priority.toUpperCase()]);
  if (triaged && ticket.severity) facts.push([w.labels.severity, w.severity[ticket.severity]]);
  if (kind === 'resolved' && ticket.outcome) facts.push([w.labels.outcome, w.outcome[ticket.outcome]]);

  const model: EmailModel = {
    lang: locale,
    subject: `[${number}] ${w.subject[kind]}`,
    greeting: w.greeting,
    intro: w.intro[kind](t),
    facts,
    steps: kind === 'submitted' ? { heading: w.nextStepsHeading, items: w.nextSteps(deadline) } : undefined,
    // A link with its token is personal; one without needs the token from the first email.
    link: { note: carriesToken(args.statusUrl) ? w.personalLink : w.laterLink, text: w.linkText, url: args.statusUrl },
    closing: kind === 'submitted' ? [w.quoteNumber(number), w.notSecure, w.notYou] : [w.quoteNumber(number), w.notSecure],
    signOff: w.signOff,
  };
  return { subject: model.subject, text: renderText(model), html: renderHtml(model) };
}

function isStatus(kind: EmailKind): kind is LifecycleEvent {
  return (LIFECYCLE_EVENTS as readonly string[]).includes(kind);
}

// ---------------------------------------------------------------------------------------------
// The correspondence's emails: a question asked, its reminder, a message from the team, a report
// reopened. Like every email they quote nothing anyone wrote (not the question, not the message,
// not the reason for reopening): they say that something happened and how to answer, and the
// status page shows the words.

interface ThreadWording {
  subject: Record<ThreadEmailKind, string>;
  intro: Record<ThreadEmailKind, string>;
  /** for a question and its reminder: how to answer */
  howToAnswer: { heading: string; items: string[] };
  /** where the message or the reason is */
  readOnPage: string;
  /** the address sends only; answers by email reach nobody */
  noEmailReplies: string;
}

const THREAD_WORDING: Record<Locale, ThreadWording> = {
  en: {
    subject: {
      'information-requested': 'We have a question about your report',
      'information-reminded': 'Reminder: we are waiting for your answer',
      'message-sent': 'New message about your report',
      reopened: 'Your report has been reopened',
    },
    intro: {
      'information-requested':
        'we have a question about your report, and our investigation needs your answer to continue. Please answer it on the status page.',
      'information-reminded':
        'we asked you a question about your report a few days ago and have not received your answer yet. Our investigation is waiting for it; please answer on the status page.',
      'message-sent': 'there is a new message from our security response team about your report. Please read it on the status page.',
      reopened: 'we have reopened your report and are investigating it again. The status page says why.',
    },
    howToAnswer: {
      heading: 'How to answer',
      items: [
        'Open the status page with the link below.',
        'Read our question under “What we need from you”.',
        'Write your answer in the form “Your answer” on the same page and send it.',
      ],
    },
    readOnPage: 'For your security this email does not contain the text itself: you find it on the status page, where you can also answer.',
    noEmailReplies: 'Please do not reply to this email: this address only sends, and email is not a secure channel.',
  },
  de: {
    subject: {
      'information-requested': 'Wir haben eine Frage zu Ihrer Meldung',
      'information-reminded': 'Erinnerung: Wir warten auf Ihre Antwort',
      'message-sent': 'Neue Nachricht zu Ihrer Meldung',
      reopened: 'Ihre Meldung wurde wieder geöffnet',
    },
    intro: {
      'information-requested':
        'wir haben eine Frage zu Ihrer Meldung und brauchen Ihre Antwort, um die Untersuchung fortzusetzen. Bitte beantworten Sie sie auf der Statusseite.',
      'information-reminded':
        'vor einigen Tagen haben wir Ihnen eine Frage zu Ihrer Meldung gestellt und noch keine Antwort erhalten. Unsere Untersuchung wartet darauf; bitte antworten Sie auf der Statusseite.',
      'message-sent': 'es gibt eine neue Nachricht unseres Security-Response-Teams zu Ihrer Meldung. Bitte lesen Sie sie auf der Statusseite.',
      reopened: 'wir haben Ihre Meldung wieder geöffnet und untersuchen sie erneut. Den Grund finden Sie auf der Statusseite.',
    },
    howToAnswer: {
      heading: 'So antworten Sie',
      items: [
        'Öffnen Sie die Statusseite mit dem Link unten.',
        'Lesen Sie unsere Frage unter „Was wir von Ihnen brauchen“.',
        'Schreiben Sie Ihre Antwort auf derselben Seite in das Formular „Ihre Antwort“ und senden Sie sie ab.',
      ],
    },
    readOnPage: 'Zu Ihrer Sicherheit enthält diese E-Mail den Text selbst nicht: Sie finden ihn auf der Statusseite, wo Sie auch antworten können.',
    noEmailReplies: 'Bitte antworten Sie nicht auf diese E-Mail: Diese Adresse versendet nur, und E-Mail ist kein sicherer Kanal.',
  },
};

function isThreadEmail(kind: EmailKind): kind is ThreadEmailKind {
  return (REPORTER_THREAD_EMAILS as readonly string[]).includes(kind);
}

// The status the event left the ticket in; a message changes none, so the ticket's own.
function statusAfter(kind: ThreadEmailKind, ticket: Ticket): TicketStatus {
  if (kind === 'information-requested' || kind === 'information-reminded') return 'awaiting-reporter';
  return kind === 'reopened' ? 'investigating' : ticket.status;
}

function renderThreadEmail(kind: ThreadEmailKind, ticket: Ticket, statusUrl: string, locale: Locale): RenderedEmail {
  const w = WORDING[locale];
  const tw = THREAD_WORDING[locale];
  const number = ticket.confirmationNumber;
  const asks = kind === 'information-requested' || kind === 'information-reminded';
  const model: EmailModel = {
    lang: locale,
    subject: `[${number}] ${tw.subject[kind]}`,
    greeting: w.greeting,
    intro: tw.intro[kind],
    facts: [
      [w.labels.confirmationNumber, number],
      [w.labels.category, categoryLabel(ticket.category, locale)],
      [w.labels.status, statusLabel(statusAfter(kind, ticket), locale)],
    ],
    steps: asks ? tw.howToAnswer : undefined,
    link: { note: `${tw.readOnPage} ${carriesToken(statusUrl) ? w.personalLink : w.laterLink}`, text: w.linkText, url: statusUrl },
    closing: [w.quoteNumber(number), tw.noEmailReplies],
    signOff: w.signOff,
  };
  return { subject: model.subject, text: renderText(model), html: renderHtml(model) };
}

interface EmailModel {
  lang: Locale;
  subject: string;
  greeting: string;
  intro: string;
  facts: Array<[string, string]>;
  steps: { heading: string; items: string[] } | undefined;
  link: { note: string; text: string; url: string };
  closing: string[];
  signOff: string[];
}

function renderText(m: EmailModel): string {
  const lines = [m.greeting, '', m.intro, ''];
  for (const [label, value] of m.facts) lines.push(`${label}: ${value}`);
  if (m.steps) {
    lines.push('', m.steps.heading, '');
    m.steps.items.forEach((item, i) => lines.push(`${i + 1}. ${item}`));
  }
  lines.push('', m.link.note, m.link.url, '');
  for (const p of m.closing) lines.push(p, '');
  lines.push(...m.signOff, '');
  return lines.join('\n');
}

const P = 'margin:0 0 16px;';

function renderHtml(m: EmailModel): string {
  const rows = m.facts
    .map(
      ([label, value]) =>
        `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;font-weight:600;">${escapeHtml(label)}</th>` +
        `<td style="padding:4px 0;">${escapeHtml(value)}</td></tr>`,
    )
    .join('\n');
  const steps = m.steps
    ? `<h2 style="font-size:18px;margin:24px 0 8px;">${escapeHtml(m.steps.heading)}</h2>\n<ol style="${P}padding-left:24px;">` +
      m.steps.items.map((item) => `<li style="margin:0 0 4px;">${escapeHtml(item)}</li>`).join('') +
      '</ol>'
    : '';
  const url = escapeHtml(m.link.url);
  return `<!DOCTYPE html>
<html lang="${m.lang}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(m.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<div role="article" aria-label="${escapeHtml(m.subject)}" lang="${m.lang}" style="max-width:600px;margin:0 auto;padding:24px;background-color:#ffffff;color:#1f2937;font-family:'Segoe UI',Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;">
<p style="${P}">${escapeHtml(m.greeting)}</p>
<p style="${P}">${escapeHtml(m.intro)}</p>
<table style="border-collapse:collapse;margin:0 0 16px;">
${rows}
</table>
${steps}
<p style="${P}">${escapeHtml(m.link.note)}</p>
<p style="${P}"><a href="${url}" style="color:#0b57d0;font-weight:600;">${escapeHtml(m.link.text)}</a><br><span style="font-size:14px;word-break:break-all;">${url}</span></p>
${m.closing.map((p) => `<p style="${P}">${escapeHtml(p)}</p>`).join('\n')}
<p style="${P}">${m.signOff.map(escapeHtml).join('<br>')}</p>
</div>
</body>
</html>
`;
}

// The token rides after `#` (`#token=…`, which the browser never sends), or in older links in the query.
function carriesToken(url: string): boolean {
  try {
    const parsed = new URL(url);
    return new URLSearchParams(parsed.hash.slice(1)).has('token') || parsed.searchParams.has('token');
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The operators' emails (OPS_NOTIFY_EMAIL), in English: the team's working language. They go to our
// own mailbox, so they may name the offer ID, which operators need to triage (shown as it is; a
// mail client may still make a link of it, so the email says the ticket link is the one to use).
// No report text and no reporter details either way: email is not a secure channel, and the
// operators read the report through the API, with their credentials.

/** What operators are emailed about: a new ticket, what the reporter did, or a reporter's email held back. */
export type OperatorEmailKind = 'submitted' | 'message-received' | 'customer-notice-proposed' | 'customer-notice-approved' | 'email-held-back';

const OPERATOR_SUBJECTS: Record<OperatorEmailKind, string> = {
  submitted: 'New security event',
  'message-received': 'The reporter wrote a message',
  'customer-notice-proposed': 'The reporter proposed a customer notice',
  'customer-notice-approved': 'The reporter approved the customer notice',
  'email-held-back': 'An email to the reporter was held back',
};

const OPERATOR_INTROS: Record<OperatorEmailKind, (t: Ticket) => string> = {
  submitted: (t) => `A new security event was reported: ${operatorSeverityWords(t)} ${t.category}. Acknowledge it within one business day.`,
  'message-received': () => 'The reporter wrote a new message on this ticket. Read it in the ticket’s messages and answer there.',
  'customer-notice-proposed': () =>
    'The reporter proposed a new version of the customer notice. Compare it with the previous one, then approve it or propose another.',
  'customer-notice-approved': () => 'The reporter approved the latest version of the customer notice.',
  'email-held-back': () =>
    'An email to this ticket’s reporter was not sent: their address got the hourly maximum of emails already. Someone may be filing reports in another person’s name; look at the ticket.',
};

const CVSS_SEVERITY_WORDS: Record<'none' | Severity, string> = { none: 'no-severity', critical: 'critical', high: 'high', medium: 'medium', low: 'low' };

/** "10.0, critical (CVSS 3.1)"; with the base score beside when the whole vector's differs or (4.0) uses more than the base. */
function operatorCvssWords(cvss: CvssScore): string {
  const version = `CVSS ${cvss.version}${cvss.nomenclature && cvss.nomenclature !== 'CVSS-B' ? `, ${cvss.nomenclature}` : ''}`;
  const whole = `${cvss.score.toFixed(1)}, ${CVSS_SEVERITY_WORDS[cvss.severity]} (${version})`;
  return beyondBase(cvss) ? `${whole}; base score ${cvss.baseScore.toFixed(1)}, ${CVSS_SEVERITY_WORDS[cvss.baseSeverity]}` : whole;
}

function operatorSeverityWords(t: Ticket): string {
  return t.cvss ? `${CVSS_SEVERITY_WORDS[t.cvss.severity]}-severity` : 'unscored';
}

/**
 * Renders the operators' email about one ticket. `ticketUrl` is the operators' link to the ticket
 * (no token: they open it with their own credentials); deadlines are shown in `timeZone` and UTC.
 */
export function renderOperatorEmail(args: { kind: OperatorEmailKind; ticket: Ticket; ticketUrl: string; timeZone?: string }): RenderedEmail {
  const { kind, ticket } = args;
  if (!/^https?:\/\//i.test(args.ticketUrl)) throw new Error('ticketUrl must be an http(s) URL');
  const number = singleLine(ticket.confirmationNumber).replace(/[^A-Z0-9-]/gi, '');
  const t = { ...ticket, confirmationNumber: number };
  const cvss = ticket.cvss ? operatorCvssWords(ticket.cvss) : 'no vector given';
  const facts: Array<[string, string]> = [
    ['Confirmation number', number],
    ['Category', categoryLabel(ticket.category, 'en')],
    ['CVSS severity', cvss],
    ['Offer', singleLine(ticket.offerId)],
    ['Status', statusLabel(ticket.status, 'en')],
  ];
  if (ticket.status === 'submitted') facts.push(['Acknowledgement due by', formatInstantWithUtc(ticket.acknowledgeBy, 'en', args.timeZone)]);
  if (ticket.priority) facts.push(['Priority', ticket.priority.toUpperCase()]);
  const model: EmailModel = {
    lang: 'en',
    subject: `[${number}] ${OPERATOR_SUBJECTS[kind]}`,
    greeting: 'Security response team,',
    intro: OPERATOR_INTROS[kind](t),
    facts,
    steps: undefined,
    link: {
      note: 'Open the ticket with your operator sign-in (use this link, not anything in the facts above):',
      text: 'Open the ticket',
      url: args.ticketUrl,
    },
    closing: ['This email deliberately carries no report text and no reporter details.'],
    signOff: ['The security event desk'],
  };
  return { subject: model.subject, text: renderText(model), html: renderHtml(model) };
}
