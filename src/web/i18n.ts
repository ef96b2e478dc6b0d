// The texts of the form, the confirmation and the status page in German and English. One table
// serves the server-rendered pages and the browser bundle, so both paths say the same thing.
// Pure: no DOM, no I/O.

import type { Category, HistoryEvent, Locale, Outcome, Priority, TicketStatus } from '../domain/ticket';

const en = {
  'site.name': 'Security event desk',
  'skip': 'Skip to the content',
  'page.title': 'Report a security event',
  'page.intro':
    'Tell us about a security incident or a vulnerability in one of your offers. We confirm every report within one business day and then assign it a priority and a severity.',
  'page.required': 'Every field is needed unless it says “optional”.',
  'lang.label': 'Language',
  'lang.other': 'Deutsch',

  'section.event': '1. The event',
  'section.vulnerability': '2. Vulnerability details',
  'section.mitigation': '3. Fix or mitigation',
  'section.notification': '4. Customer notification',
  'section.reporter': '5. Your contact details',

  'category.legend': 'What kind of event is it?',
  'category.incident': 'Security incident',
  'category.incident.hint': 'Something has already happened, for example an attack or a data leak.',
  'category.vulnerability': 'Vulnerability',
  'category.vulnerability.hint': 'A weakness that could be exploited, whether or not anyone has done so.',
  'offerId.label': 'Offer ID',
  'offerId.hint': 'The ID of the affected offer as it appears in the marketplace, for example contoso-firewall.',
  'summary.label': 'Summary',
  'summary.hint': 'One line, 5 to 200 characters.',
  'description.label': 'What is the problem?',
  'description.hint': 'What did you observe, what is affected, and since when?',

  'vulnerability.hint': 'For a vulnerability, give the CVE ID, the CVSS vector, or both. For an incident they are optional.',
  'cveId.label': 'CVE ID (optional)',
  'cveId.hint': 'For example CVE-2021-44228.',
  'cvssVector.label': 'CVSS vector (optional)',
  'cvssVector.hint': 'A CVSS 3.0, 3.1 or 4.0 base vector, for example CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H.',
  'cvss.calculators': 'FIRST’s calculators build one for you:',
  'cvss.calculator31': 'CVSS 3.1 calculator',
  'cvss.calculator40': 'CVSS 4.0 calculator',
  'cvss.live.score': 'Base score {score}, severity {severity} (CVSS {version})',
  'cvss.live.invalid': 'Not a valid vector yet: {message}',
  'cvss.live.metric': 'Check the metric {metric}.',
  'cvss.live.empty': 'The score appears here while you type the vector.',

  'mitigation.available': 'A fix or mitigation is available',
  'mitigation.steps.label': 'Steps to fix or mitigate',
  'mitigation.steps.hint': 'What should affected customers do, step by step?',
  'notification.requested': 'Customers should be notified',
  'notification.message.label': 'Draft message for customers (optional)',
  'notification.message.hint': 'We agree the final wording with you before anything is sent.',

  'reporter.name.label': 'Your name',
  'reporter.email.label': 'Email address',
  'reporter.email.hint': 'The confirmation and every status change are sent here.',

  'submit.label': 'Send report',
  'submit.sending': 'Sending your report…',
  'errors.one': 'There is 1 problem to fix before sending:',
  'errors.many': 'There are {n} problems to fix before sending:',
  'errors.network': 'The report could not be sent. Your entries are still here; please try again.',
  'errors.server': 'The service could not take the report just now (status {status}). Your entries are still here; please try again in a moment.',
  'errors.conflict': 'This form was already sent with different content. Please reload the page to file a new report.',

  'confirm.title': 'Your report has been received',
  'confirm.numberLabel': 'Confirmation number',
  'confirm.copy': 'Copy number',
  'confirm.copied': 'Copied to the clipboard',
  'confirm.quote': 'Please quote this number in every message about this event.',
  'confirm.deadline': 'We will acknowledge your report and assign a priority and a severity by {deadline}.',
  'confirm.email': 'The number and a link to the status page are also on their way to you by email.',
  'confirm.statusLink': 'Follow the status of this report',
  'confirm.statusLinkHint': 'The link carries a private access code. Keep it to yourself.',
  'confirm.keepLink': 'To check the status later, bookmark this link:',
  'confirm.another': 'Report another event',

  'status.title': 'Status of report {number}',
  'status.heading': 'Report {number}',
  'status.status': 'Status',
  'status.priority': 'Priority',
  'status.severity': 'Severity',
  'status.outcome': 'Outcome',
  'status.cvss': 'CVSS',
  'status.category': 'Kind of event',
  'status.offer': 'Offer',
  'status.summary': 'Summary',
  'status.submittedAt': 'Received',
  'status.acknowledgeBy': 'To be acknowledged by',
  'status.acknowledgedAt': 'Acknowledged',
  'status.notYet': 'Not assigned yet',
  'status.open': 'Still open',
  'status.noCvss': 'No vector given',
  'status.slaBreached': 'We missed our deadline to acknowledge this report. The team has been alerted; we apologise for the delay.',
  'status.timeline': 'Timeline',
  'status.note': 'Note',
  'status.next.submitted': 'Next: we review the report and assign a priority and a severity.',
  'status.next.acknowledged': 'Next: we look into the event and write to you as soon as there is news.',
  'status.next.investigating': 'We are investigating and will write to you when there is a result.',
  'status.next.resolved': 'This report is closed. If the outcome asks you to revise or remove the offer, we work with you to keep the impact on customers small.',
  'status.newReport': 'Report another event',

  'state.submitted': 'Received',
  'state.acknowledged': 'Acknowledged',
  'state.investigating': 'Under investigation',
  'state.resolved': 'Resolved',
  'event.submitted': 'Report received',
  'event.acknowledged': 'Report acknowledged; priority and severity assigned',
  'event.investigating': 'Investigation started',
  'event.resolved': 'Report resolved',
  'event.sla-breached': 'Acknowledgement deadline missed',
  'event.notification-sent': 'Email sent to you',
  'event.notification-failed': 'An email to you could not be delivered',
  'priority.p1': 'P1 (highest)',
  'priority.p2': 'P2',
  'priority.p3': 'P3',
  'priority.p4': 'P4 (lowest)',
  'severity.none': 'None',
  'severity.low': 'Low',
  'severity.medium': 'Medium',
  'severity.high': 'High',
  'severity.critical': 'Critical',
  'outcome.no-action': 'No action needed',
  'outcome.revise-offer': 'The offer needs to be revised',
  'outcome.remove-offer': 'The offer needs to be removed',
  'outcome.mitigated': 'Mitigated',

  'problem.fix': 'Please correct the following and send the form again:',
  'problem.back': 'Back to the form',
  'problem.backHint': 'Your browser’s Back button returns to the form with your entries.',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

const de: Messages = {
  'site.name': 'Meldestelle für Sicherheitsereignisse',
  'skip': 'Zum Inhalt springen',
  'page.title': 'Sicherheitsereignis melden',
  'page.intro':
    'Melden Sie uns einen Sicherheitsvorfall oder eine Schwachstelle in einem Ihrer Angebote. Wir bestätigen jede Meldung innerhalb eines Werktags und legen dann Priorität und Schweregrad fest.',
  'page.required': 'Alle Felder werden benötigt, außer sie sind als „optional“ bezeichnet.',
  'lang.label': 'Sprache',
  'lang.other': 'English',

  'section.event': '1. Das Ereignis',
  'section.vulnerability': '2. Angaben zur Schwachstelle',
  'section.mitigation': '3. Lösung oder Abhilfe',
  'section.notification': '4. Benachrichtigung der Kunden',
  'section.reporter': '5. Ihre Kontaktdaten',

  'category.legend': 'Um welche Art von Ereignis handelt es sich?',
  'category.incident': 'Sicherheitsvorfall',
  'category.incident.hint': 'Es ist bereits etwas geschehen, zum Beispiel ein Angriff oder ein Datenabfluss.',
  'category.vulnerability': 'Schwachstelle',
  'category.vulnerability.hint': 'Eine Lücke, die ausgenutzt werden könnte – ob das schon geschehen ist oder nicht.',
  'offerId.label': 'Angebots-ID',
  'offerId.hint': 'Die ID des betroffenen Angebots, wie sie im Marketplace steht, zum Beispiel contoso-firewall.',
  'summary.label': 'Kurzbeschreibung',
  'summary.hint': 'Eine Zeile, 5 bis 200 Zeichen.',
  'description.label': 'Worin besteht das Problem?',
  'description.hint': 'Was haben Sie beobachtet, was ist betroffen und seit wann?',

  'vulnerability.hint': 'Geben Sie bei einer Schwachstelle die CVE-ID, den CVSS-Vektor oder beides an. Bei einem Vorfall sind sie optional.',
  'cveId.label': 'CVE-ID (optional)',
  'cveId.hint': 'Zum Beispiel CVE-2021-44228.',
  'cvssVector.label': 'CVSS-Vektor (optional)',
  'cvssVector.hint': 'Ein CVSS-Basisvektor der Version 3.0, 3.1 oder 4.0, zum Beispiel CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H.',
  'cvss.calculators': 'Mit den Rechnern von FIRST stellen Sie ihn zusammen:',
  'cvss.calculator31': 'CVSS-3.1-Rechner',
  'cvss.calculator40': 'CVSS-4.0-Rechner',
  'cvss.live.score': 'Basiswert {score}, Schweregrad {severity} (CVSS {version})',
  'cvss.live.invalid': 'Noch kein gültiger Vektor: {message}',
  'cvss.live.metric': 'Prüfen Sie die Metrik {metric}.',
  'cvss.live.empty': 'Der Wert erscheint hier, während Sie den Vektor eingeben.',

  'mitigation.available': 'Es gibt eine Lösung oder Abhilfe',
  'mitigation.steps.label': 'Schritte zur Lösung oder Abhilfe',
  'mitigation.steps.hint': 'Was sollten betroffene Kunden der Reihe nach tun?',
  'notification.requested': 'Die Kunden sollen benachrichtigt werden',
  'notification.message.label': 'Entwurf einer Kundenmitteilung (optional)',
  'notification.message.hint': 'Den endgültigen Wortlaut stimmen wir mit Ihnen ab, bevor etwas versendet wird.',

  'reporter.name.label': 'Ihr Name',
  'reporter.email.label': 'E-Mail-Adresse',
  'reporter.email.hint': 'Hierhin senden wir die Bestätigung und jede Statusänderung.',

  'submit.label': 'Meldung absenden',
  'submit.sending': 'Ihre Meldung wird gesendet …',
  'errors.one': 'Vor dem Absenden ist 1 Angabe zu korrigieren:',
  'errors.many': 'Vor dem Absenden sind {n} Angaben zu korrigieren:',
  'errors.network': 'Die Meldung konnte nicht gesendet werden. Ihre Eingaben sind noch da; bitte versuchen Sie es erneut.',
  'errors.server': 'Der Dienst konnte die Meldung gerade nicht annehmen (Status {status}). Ihre Eingaben sind noch da; bitte versuchen Sie es gleich noch einmal.',
  'errors.conflict': 'Dieses Formular wurde bereits mit anderem Inhalt gesendet. Bitte laden Sie die Seite neu, um eine neue Meldung zu erfassen.',

  'confirm.title': 'Ihre Meldung ist eingegangen',
  'confirm.numberLabel': 'Bestätigungsnummer',
  'confirm.copy': 'Nummer kopieren',
  'confirm.copied': 'In die Zwischenablage kopiert',
  'confirm.quote': 'Bitte nennen Sie diese Nummer in jeder Nachricht zu diesem Ereignis.',
  'confirm.deadline': 'Bis {deadline} bestätigen wir Ihre Meldung und legen Priorität und Schweregrad fest.',
  'confirm.email': 'Die Nummer und ein Link zur Statusseite kommen zusätzlich per E-Mail zu Ihnen.',
  'confirm.statusLink': 'Status dieser Meldung verfolgen',
  'confirm.statusLinkHint': 'Der Link enthält einen persönlichen Zugangscode. Geben Sie ihn nicht weiter.',
  'confirm.keepLink': 'Um den Status später zu prüfen, speichern Sie diesen Link:',
  'confirm.another': 'Weiteres Ereignis melden',

  'status.title': 'Status der Meldung {number}',
  'status.heading': 'Meldung {number}',
  'status.status': 'Status',
  'status.priority': 'Priorität',
  'status.severity': 'Schweregrad',
  'status.outcome': 'Ergebnis',
  'status.cvss': 'CVSS',
  'status.category': 'Art des Ereignisses',
  'status.offer': 'Angebot',
  'status.summary': 'Kurzbeschreibung',
  'status.submittedAt': 'Eingegangen',
  'status.acknowledgeBy': 'Zu bestätigen bis',
  'status.acknowledgedAt': 'Bestätigt',
  'status.notYet': 'Noch nicht festgelegt',
  'status.open': 'Noch offen',
  'status.noCvss': 'Kein Vektor angegeben',
  'status.slaBreached': 'Wir haben die Frist für die Bestätigung dieser Meldung überschritten. Das Team ist alarmiert; bitte entschuldigen Sie die Verzögerung.',
  'status.timeline': 'Verlauf',
  'status.note': 'Notiz',
  'status.next.submitted': 'Als Nächstes prüfen wir die Meldung und legen Priorität und Schweregrad fest.',
  'status.next.acknowledged': 'Als Nächstes untersuchen wir das Ereignis und schreiben Ihnen, sobald es Neues gibt.',
  'status.next.investigating': 'Wir untersuchen das Ereignis und schreiben Ihnen, sobald ein Ergebnis vorliegt.',
  'status.next.resolved': 'Diese Meldung ist abgeschlossen. Verlangt das Ergebnis, das Angebot zu überarbeiten oder zu entfernen, halten wir gemeinsam mit Ihnen die Folgen für die Kunden gering.',
  'status.newReport': 'Weiteres Ereignis melden',

  'state.submitted': 'Eingegangen',
  'state.acknowledged': 'Bestätigt',
  'state.investigating': 'In Untersuchung',
  'state.resolved': 'Abgeschlossen',
  'event.submitted': 'Meldung eingegangen',
  'event.acknowledged': 'Meldung bestätigt; Priorität und Schweregrad festgelegt',
  'event.investigating': 'Untersuchung begonnen',
  'event.resolved': 'Meldung abgeschlossen',
  'event.sla-breached': 'Frist für die Bestätigung überschritten',
  'event.notification-sent': 'E-Mail an Sie versendet',
  'event.notification-failed': 'Eine E-Mail an Sie konnte nicht zugestellt werden',
  'priority.p1': 'P1 (höchste)',
  'priority.p2': 'P2',
  'priority.p3': 'P3',
  'priority.p4': 'P4 (niedrigste)',
  'severity.none': 'Keiner',
  'severity.low': 'Niedrig',
  'severity.medium': 'Mittel',
  'severity.high': 'Hoch',
  'severity.critical': 'Kritisch',
  'outcome.no-action': 'Keine Maßnahme nötig',
  'outcome.revise-offer': 'Das Angebot muss überarbeitet werden',
  'outcome.remove-offer': 'Das Angebot muss entfernt werden',
  'outcome.mitigated': 'Auswirkungen abgemildert',

  'problem.fix': 'Bitte korrigieren Sie Folgendes und senden Sie das Formular erneut:',
  'problem.back': 'Zurück zum Formular',
  'problem.backHint': 'Mit der Zurück-Schaltfläche Ihres Browsers kehren Sie mit Ihren Eingaben zum Formular zurück.',
};

export const MESSAGES: Record<Locale, Messages> = { en, de };

/** The texts of one language. */
export function messagesFor(locale: Locale): Messages {
  return MESSAGES[locale];
}

/** A message with its `{name}` placeholders replaced; unknown placeholders stay as they are. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole,
  );
}

/** The form page of a language: where "back to the form" and "report another event" lead. */
export function formPath(locale: Locale): string {
  return locale === 'de' ? '/de.html' : '/';
}

/** `de` for a German language tag (`de`, `de-AT`), otherwise `en`. */
export function localeFromLanguageTag(tag: string | undefined | null): Locale {
  return tag && /^de(-|$)/i.test(tag.trim()) ? 'de' : 'en';
}

/**
 * An instant as a full date and time with the zone's short name, in the reader's language.
 * `timeZone` undefined means the runtime's own zone (the reporter's, in a browser).
 */
export function formatInstant(iso: string, locale: Locale, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { ...options, timeZone }).format(date);
  } catch {
    // An unknown time zone name: fall back to UTC rather than failing the page.
    return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { ...options, timeZone: 'UTC' }).format(date);
  }
}

/** The labels of the form fields by their JSON path, for error lists that name the field. */
export const FIELD_LABEL_KEYS: Record<string, MessageKey> = {
  category: 'category.legend',
  offerId: 'offerId.label',
  summary: 'summary.label',
  description: 'description.label',
  cveId: 'cveId.label',
  cvssVector: 'cvssVector.label',
  'mitigation.available': 'mitigation.available',
  'mitigation.steps': 'mitigation.steps.label',
  'customerNotification.requested': 'notification.requested',
  'customerNotification.message': 'notification.message.label',
  'reporter.name': 'reporter.name.label',
  'reporter.email': 'reporter.email.label',
};

/** The label of a field by its JSON path, without "(optional)"; undefined for paths that are no field. */
export function fieldLabel(path: string, locale: Locale): string | undefined {
  const key = FIELD_LABEL_KEYS[path];
  return key ? MESSAGES[locale][key].replace(/\s*\((optional)\)$/, '') : undefined;
}

export const stateKey = (s: TicketStatus): MessageKey => `state.${s}`;
export const eventKey = (e: HistoryEvent): MessageKey => `event.${e}`;
export const priorityKey = (p: Priority): MessageKey => `priority.${p}`;
export const severityKey = (s: 'none' | 'low' | 'medium' | 'high' | 'critical'): MessageKey => `severity.${s}`;
export const outcomeKey = (o: Outcome): MessageKey => `outcome.${o}`;
export const categoryKey = (c: Category): MessageKey => `category.${c}`;
