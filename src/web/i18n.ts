// The texts of the form, the confirmation and the status page in German and English. One table
// serves the server-rendered pages and the browser bundle, so both paths say the same thing.
// Pure: no DOM, no I/O.
//
// Field errors are worded here from their code and params (src/domain/submission.ts), not from
// the schema's English message: each names its field as the subject of the sentence ("field.*",
// nominative with its article), so the same message reads right beside the field and in a list.

import type { FieldErrorCode } from '../domain/submission';
import type { Category, Exploitation, Locale, Outcome, Priority, TicketStatus } from '../domain/ticket';

const en = {
  'site.name': 'Security event desk',
  skip: 'Skip to the content',
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
  'cvss.live.whole': 'Overall score {score}, severity {severity} (CVSS {version}); base score {baseScore}, severity {baseSeverity}',
  'cvss.live.invalid': 'Not a valid vector yet: {message}',
  'cvss.live.metric': 'Check the metric {metric}.',
  'cvss.live.empty': 'The score appears here while you type the vector.',
  'affectedVersions.label': 'Affected versions (optional)',
  'affectedVersions.hint': 'Which versions of the offer are affected, for example “2.0 to 2.4.1 and 3.0-beta”. Up to 1,000 characters.',
  'weakness.label': 'Weakness (optional)',
  'weakness.hint': 'A CWE ID, for example CWE-79 for cross-site scripting.',
  'exploitation.legend': 'Is it being exploited? (optional)',
  'exploitation.option.unknown': 'I do not know',
  'exploitation.option.none-known': 'Not that I know of',
  'exploitation.option.suspected': 'I suspect so',
  'exploitation.option.active': 'Yes, it is being exploited',
  'exploitation.unknown': 'Not known',
  'exploitation.none-known': 'None known',
  'exploitation.suspected': 'Suspected',
  'exploitation.active': 'Being exploited',
  'publicDisclosure.label': 'Planned public disclosure (optional)',
  'publicDisclosure.hint': 'The day you plan to publish your findings, as YYYY-MM-DD. If they are public already, the day they were published.',

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
  'errors.conflict':
    'An earlier sending of this form reached us with different content, so this version was not sent. To file it as a report of its own, send it again.',
  'errors.refused': 'The service did not accept the report (status {status}). Please check your entries and send it again.',

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
  'status.exploitation': 'Exploitation',
  'status.publicDisclosure': 'Planned public disclosure',
  'status.disclosure.none': 'None given',
  'status.disclosure.public': '{date} (public already when you reported it)',
  'status.email.queued':
    'The email with this number is queued: it leaves as soon as our mail service allows, which can take a while when many reports arrive at once. The number above is valid now.',
  'status.email.failed': 'We could not deliver the email with this number. Keep the number above; the team has been told.',
  'status.email.held-back':
    'We did not send the email with this number: too many emails went to this address within an hour. Keep the number above; the team has been told.',
  'status.slaBreached': 'We missed our deadline to acknowledge this report. The team has been alerted; we apologise for the delay.',
  'status.timeline': 'Timeline',
  'status.next.submitted': 'Next: we review the report and assign a priority and a severity.',
  'status.next.acknowledged': 'Next: we look into the event and write to you as soon as there is news.',
  'status.next.investigating': 'We are investigating and will write to you when there is a result.',
  'status.next.resolved':
    'This report is closed. If the outcome asks you to revise or remove the offer, we work with you to keep the impact on customers small.',
  'status.newReport': 'Report another event',

  'token.title': 'Open the status of report {number}',
  'token.intro': 'The status page needs the access code from the confirmation email (or from any later email about this report).',
  'token.label': 'Access code',
  'token.hint': 'Paste the whole status link from the email, or only the part after “#token=”.',
  'token.submit': 'Show the status',
  'token.missing': 'Please enter the access code from the email.',
  'token.loading': 'Opening the status page…',
  'token.failed': 'The status could not be loaded just now. Please try again.',

  // The thread: messages, the question asked, the reply form (src/web/pages.ts, renderThread).
  'state.awaiting-reporter': 'Waiting for your answer',
  'status.next.awaiting-reporter':
    'We have asked you a question (see “What we need from you”). Our investigation continues once you have answered it on this page.',
  'thread.title': 'Messages',
  'thread.intro': 'Messages between you and our security response team about this report, oldest first.',
  'thread.empty': 'No messages yet.',
  'thread.author.reporter': 'You',
  'thread.author.operator': 'Security response team',
  'thread.question': 'Question to you',
  'question.title': 'What we need from you',
  'question.intro': 'We asked you this on {when}. Please answer with the form below; our investigation continues once you have answered.',
  'reply.title': 'Write to us',
  'reply.titleAnswer': 'Your answer',
  'reply.label': 'Your message',
  'reply.hint': 'Up to {max} characters. We read every message; you get an email when we answer.',
  'reply.submit': 'Send message',
  'reply.tokenLabel': 'Access code',
  'reply.tokenHint': 'The code from our email (or the whole status link), as when you opened this page: for your security the page does not keep it.',
  'reply.error.tokenMissing': 'Please enter the access code from the email; your message has not been sent yet.',
  'reply.error.tokenWrong': 'This access code does not open this report; your message has not been sent. Please check the code in the email.',
  'replyCode.title': 'Send your message about report {number}',
  'replyCode.intro': 'To send it, we need the access code from the email. Your text is still here.',
  'csrf.title': 'This form could not be sent',
  'csrf.intro':
    'For your security we accept a form on the status page only from the page itself, and this one did not come with its page check. Nothing was saved. Please open the status page again and send the form from there.',
  'csrf.back': 'Back to the status page',
  'reply.sending': 'Sending your message…',
  'reply.sent': 'Your message has been sent.',
  'reply.closed': 'This report is resolved, so it takes no new messages. If it needs our attention again, please submit a new report and quote this number.',
  'reply.error.required': 'Please write your message before sending it.',
  'reply.error.blank': 'Your message contains only spaces; please write some text.',
  'reply.error.too_long': 'Your message may have at most {max} characters; it has {length} now.',
  'reply.error.invalid': 'Your message contains characters that are not valid text; please type them again.',
  'reply.error.limit':
    'You have sent many messages within the last hour, so this one was not sent. Please try again in {minutes} minutes; your text is still here.',
  'reply.error.resolved': 'This report has been resolved in the meantime, so your message was not sent.',
  'reply.error.failed': 'Your message could not be sent just now. Your text is still here; please try again.',

  'state.submitted': 'Received',
  'state.acknowledged': 'Acknowledged',
  'state.investigating': 'Under investigation',
  'state.resolved': 'Resolved',
  // The timeline (src/web/timeline.ts): one sentence for each history event, to the reporter.
  'timeline.submitted': 'We received your report.',
  'timeline.acknowledged': 'We acknowledged your report and set its priority and severity.',
  'timeline.investigating': 'We started to investigate.',
  'timeline.resolved': 'We closed the report.',
  'timeline.resolved.outcome': 'We closed the report. Outcome: {outcome}.',
  'timeline.sla-breached': 'We did not acknowledge your report within one business day as promised. The team was alerted.',
  'timeline.notification-sent': 'Email sent to you: {about}.',
  'timeline.notification-failed': 'An email to you could not be delivered: {about}.',
  'timeline.notification-held-back': 'An email to you was held back, because too many went to your address within an hour: {about}.',
  'timeline.information-requested': 'The team asked you for more information.',
  'timeline.information-reminded': 'We reminded you that the team is waiting for your answer.',
  'timeline.message-received': 'You wrote to the team.',
  'timeline.message-sent': 'The team wrote to you.',
  'timeline.reopened': 'The team reopened the report.',
  'timeline.customer-notice-proposed.reporter': 'You proposed a version of the customer notice.',
  'timeline.customer-notice-proposed.operator': 'The team proposed a version of the customer notice.',
  'timeline.customer-notice-proposed': 'A version of the customer notice was proposed.',
  'timeline.customer-notice-approved.reporter': 'You approved the customer notice.',
  'timeline.customer-notice-approved.operator': 'The team approved the customer notice.',
  'timeline.customer-notice-approved': 'The customer notice was approved.',
  'timeline.attachment-added.reporter': 'You added a file.',
  'timeline.attachment-added.operator': 'The team added a file.',
  'timeline.attachment-added': 'A file was added.',
  // What an email in the timeline was about.
  'timeline.about.submitted': 'confirmation of your report',
  'timeline.about.acknowledged': 'report acknowledged',
  'timeline.about.investigating': 'investigation started',
  'timeline.about.resolved': 'report closed',
  'timeline.about.information-requested': 'more information requested',
  'timeline.about.information-reminded': 'reminder of our question',
  'timeline.about.message-received': 'your message',
  'timeline.about.message-sent': 'a message from the team',
  'timeline.about.reopened': 'report reopened',
  'timeline.about.customer-notice-proposed': 'customer notice proposed',
  'timeline.about.customer-notice-approved': 'customer notice approved',
  'timeline.about.attachment-added': 'file added',
  'timeline.about.unknown': 'an update on your report',
  'timeline.note': 'Note from the team: {note}',
  'timeline.utc': 'UTC',
  'timeline.localTime': 'your time',
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
  'problem.moreOne': 'There is 1 more problem, not listed here.',
  'problem.more': 'There are {n} more problems, not listed here.',
  'problem.back': 'Back to the form',
  'problem.backHint': 'Your browser’s Back button returns to the form with your entries.',
  // The problem page's title and, where the service's English detail has our own words, its text (src/web/problemPage.ts).
  'problem.title.400': 'The report could not be accepted',
  'problem.title.401': 'Access code needed',
  'problem.title.403': 'Not allowed',
  'problem.title.404': 'Report not found',
  'problem.title.409': 'Not possible at the moment',
  'problem.title.413': 'The report is too large',
  'problem.title.415': 'This kind of content is not accepted',
  'problem.title.422': 'This form was sent before with other content',
  'problem.title.429': 'Too many requests',
  'problem.title.500': 'Something went wrong on our side',
  'problem.title.503': 'The service is not available just now',
  'problem.title.other': 'The request could not be completed',
  'problem.detail.404': 'No report matches this number and access code. Please check both in the email.',
  'problem.detail.413': 'The report is larger than 64 KiB. Please shorten the longest texts and send it again.',
  'problem.detail.415': 'Please send the report with the form on our page.',
  'problem.detail.429': 'Too many requests came from your address within a short time; nothing was saved. Please try again in {seconds} seconds.',
  'problem.detail.503': 'Our storage is not answering just now; nothing was lost. Please try again in a few seconds.',

  'fieldError.required': '{field} is required.',
  'fieldError.blank': '{field} contains only spaces; please enter some text.',
  'fieldError.too_short': '{field} needs at least {min} characters.',
  'fieldError.too_long': '{field} may have at most {max} characters; it has {length} now.',
  'fieldError.wrong_type': '{field} has a value of the wrong kind.',
  'fieldError.wrong_type.text': '{field} must be text.',
  'fieldError.wrong_type.boolean': '{field} must be true or false.',
  'fieldError.wrong_type.object': '{field} must be a JSON object.',
  'fieldError.wrong_type.one_of': '{field} must be {options}.',
  'fieldError.unknown_field': 'There is no field “{path}”; please remove it.',
  'fieldError.duplicate_field': '{field} was sent more than once; please send it once.',
  'fieldError.control_characters': '{field} must be a single line, without line breaks or tabs.',
  'fieldError.bidi_controls': '{field} contains characters that change the direction of the text; please remove them.',
  'fieldError.invisible_characters': '{field} contains invisible characters, such as a zero-width space or a soft hyphen; please remove them.',
  'fieldError.too_few_visible_characters': '{field} needs at least {min} visible characters; spaces do not count.',
  'fieldError.invalid_unicode': '{field} contains characters that are not valid text; please type them again.',
  'fieldError.invalid_email': 'Please enter an email address such as ada@contoso.example.',
  'fieldError.invalid_offer_id': 'The offer ID may contain only letters A–Z, digits, “.”, “_” and “-”, for example contoso-firewall.',
  'fieldError.invalid_cve': 'The CVE ID must look like CVE-2021-44228: “CVE-”, a year from 1999, “-” and at least four digits.',
  'fieldError.invalid_cvss': 'The CVSS vector is not valid: it is a list of METRIC:VALUE pairs separated by “/”, for example CVSS:3.1/AV:N/AC:L/….',
  'fieldError.invalid_cvss.version': 'The CVSS vector must start with its version: CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/.',
  'fieldError.invalid_cvss.metric':
    'The CVSS vector is not valid: the metric {metric} is missing, repeated, out of order, unknown or has a value it does not allow.',
  'fieldError.invalid_cwe': 'The weakness must be a CWE ID such as CWE-79: “CWE-” in capitals and the number of the weakness, without leading zeros.',
  'fieldError.invalid_date': '{field} must be a date that exists, written YYYY-MM-DD, for example 2025-09-30.',
  'fieldError.vulnerability_needs_cve_or_cvss': 'A vulnerability needs a CVE ID or a CVSS vector (or both).',
  'fieldError.steps_required': 'Please describe the steps, since a fix or mitigation is available.',
  'fieldError.not_an_object': 'The report must be a JSON object with the fields of the form.',

  'field.category': 'The kind of event',
  'field.offerId': 'The offer ID',
  'field.summary': 'The summary',
  'field.description': 'The description of the problem',
  'field.cveId': 'The CVE ID',
  'field.cvssVector': 'The CVSS vector',
  'field.affectedVersions': 'The list of affected versions',
  'field.weakness': 'The weakness',
  'field.exploitation': 'The answer to “Is it being exploited?”',
  'field.publicDisclosure': 'The planned disclosure date',
  'field.mitigation': 'The fix or mitigation',
  'field.mitigation.available': 'The choice “A fix or mitigation is available”',
  'field.mitigation.steps': 'The description of the steps',
  'field.customerNotification': 'The customer notification',
  'field.customerNotification.requested': 'The choice “Customers should be notified”',
  'field.customerNotification.message': 'The draft message for customers',
  'field.reporter': 'The contact details',
  'field.reporter.name': 'Your name',
  'field.reporter.email': 'The email address',
  'field.reporter.locale': 'The language',
  'field.other': 'The field “{path}”',
  'files.title': 'Files',
  'files.intro': 'Evidence for this report, such as a proof of concept, logs or screenshots. Only you and the security response team can download them.',
  'files.empty': 'No files yet.',
  'files.name': 'Name',
  'files.size': 'Size',
  'files.type': 'Type',
  'files.sha256': 'SHA-256',
  'files.by': 'Added by',
  'files.at': 'Added',
  'files.scan': 'Malware check',
  'files.scan.not-scanned': 'Not checked: this installation does not scan files for malware.',
  'files.scan.pending': 'Being checked for malware; it can be downloaded once the check is done.',
  'files.scan.clean': 'Checked: no malware found.',
  'files.scan.malicious': 'Withheld: the malware check found this file malicious, so it is never handed out.',
  'files.bytes': '{size} bytes',
  'files.upload.title': 'Add a file',
  'files.upload.label': 'File',
  'files.upload.hint':
    'One file at a time: text, PDF, PNG, JPEG, ZIP or pcap, at most 10 MiB a file, 10 files and 50 MiB in all. The type is read from the content, not the name.',
  'files.upload.submit': 'Upload the file',
  'files.added': 'The file “{name}” has been added.',
  'files.refused': 'The file was not stored: {reason}',
  'files.refused.file_too_large': 'it is larger than 10 MiB.',
  'files.refused.too_many_files': 'this report has 10 files already, the most it takes.',
  'files.refused.ticket_full': 'the files of a report may have at most 50 MiB in all, and this one does not fit.',
  'files.refused.unsupported_type': 'its content is not text, PDF, PNG, JPEG, ZIP or pcap.',
  'files.refused.empty_file': 'it is empty.',
  'files.refused.invalid_name': 'its name contains a path, control or direction characters, or is too long. Rename it and try again.',
  'files.refused.zip_inconsistent': 'the ZIP archive’s directory does not match its content.',
  'files.refused.missing': 'no file was chosen.',
  'files.refused.failed': 'it could not be received. Please try again.',
  'section.evidence': 'Evidence',
  'evidence.label': 'Files (optional)',
  'evidence.hint':
    'A proof of concept, logs or screenshots: text, PDF, PNG, JPEG, ZIP or pcap, at most 10 MiB a file and 10 files. They are sent right after the report.',
  'evidence.noScript':
    'Sent with the report, the files may have at most 10 MiB in all; you can add more (up to 10 files and 50 MiB) on the status page afterwards.',
  'fieldError.file_refused': 'The file {name} cannot go with the report: {reason} Choose the files again, or add this one on the status page after sending.',
  'fieldError.file_refused.unnamed': 'A file cannot go with the report: {reason} Choose the files again.',
  'fieldError.report_too_many_files': 'A report takes at most 10 files. Choose fewer, and add the others on the status page after sending.',
  'fieldError.report_files_too_large':
    'The files sent with a report may have at most 10 MiB in all. Choose fewer, and add the others on the status page after sending, one at a time.',
  'confirm.files.sending': 'Sending the files…',
  'confirm.files.arrived': 'Files received:',
  'confirm.files.refused': 'Files not stored:',
  'confirm.files.refusedItem': '{name}: {reason}',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

const de: Messages = {
  'site.name': 'Meldestelle für Sicherheitsereignisse',
  skip: 'Zum Inhalt springen',
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
  'cvss.live.whole': 'Gesamtwert {score}, Schweregrad {severity} (CVSS {version}); Basiswert {baseScore}, Schweregrad {baseSeverity}',
  'cvss.live.invalid': 'Noch kein gültiger Vektor: {message}',
  'cvss.live.metric': 'Prüfen Sie die Metrik {metric}.',
  'cvss.live.empty': 'Der Wert erscheint hier, während Sie den Vektor eingeben.',
  'affectedVersions.label': 'Betroffene Versionen (optional)',
  'affectedVersions.hint': 'Welche Versionen des Angebots betroffen sind, zum Beispiel „2.0 bis 2.4.1 und 3.0-beta“. Bis zu 1.000 Zeichen.',
  'weakness.label': 'Schwachstellentyp (optional)',
  'weakness.hint': 'Eine CWE-ID, zum Beispiel CWE-79 für Cross-Site-Scripting.',
  'exploitation.legend': 'Wird sie bereits ausgenutzt? (optional)',
  'exploitation.option.unknown': 'Weiß ich nicht',
  'exploitation.option.none-known': 'Nicht, dass ich wüsste',
  'exploitation.option.suspected': 'Ich vermute es',
  'exploitation.option.active': 'Ja, sie wird ausgenutzt',
  'exploitation.unknown': 'Nicht bekannt',
  'exploitation.none-known': 'Keine bekannt',
  'exploitation.suspected': 'Vermutet',
  'exploitation.active': 'Wird ausgenutzt',
  'publicDisclosure.label': 'Geplante Veröffentlichung (optional)',
  'publicDisclosure.hint':
    'Der Tag, an dem Sie Ihre Erkenntnisse veröffentlichen wollen, als JJJJ-MM-TT. Sind sie schon öffentlich, der Tag ihrer Veröffentlichung.',

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
  'errors.server':
    'Der Dienst konnte die Meldung gerade nicht annehmen (Status {status}). Ihre Eingaben sind noch da; bitte versuchen Sie es gleich noch einmal.',
  'errors.conflict':
    'Eine frühere Sendung dieses Formulars ist mit anderem Inhalt bei uns eingegangen, daher wurde diese Fassung nicht gesendet. Um sie als eigene Meldung zu erfassen, senden Sie sie erneut.',
  'errors.refused': 'Der Dienst hat die Meldung nicht angenommen (Status {status}). Bitte prüfen Sie Ihre Eingaben und senden Sie sie erneut.',

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
  'status.exploitation': 'Ausnutzung',
  'status.publicDisclosure': 'Geplante Veröffentlichung',
  'status.disclosure.none': 'Keine angegeben',
  'status.disclosure.public': '{date} (bei Ihrer Meldung bereits öffentlich)',
  'status.email.queued':
    'Die E-Mail mit dieser Nummer steht in der Warteschlange: Sie geht hinaus, sobald unser Mail-Dienst es zulässt; bei vielen gleichzeitigen Meldungen kann das etwas dauern. Die Nummer oben gilt schon jetzt.',
  'status.email.failed': 'Die E-Mail mit dieser Nummer konnten wir nicht zustellen. Bewahren Sie die Nummer oben auf; das Team ist informiert.',
  'status.email.held-back':
    'Die E-Mail mit dieser Nummer haben wir nicht gesendet: An diese Adresse gingen innerhalb einer Stunde zu viele E-Mails. Bewahren Sie die Nummer oben auf; das Team ist informiert.',
  'status.slaBreached':
    'Wir haben die Frist für die Bestätigung dieser Meldung überschritten. Das Team ist alarmiert; bitte entschuldigen Sie die Verzögerung.',
  'status.timeline': 'Verlauf',
  'status.next.submitted': 'Als Nächstes prüfen wir die Meldung und legen Priorität und Schweregrad fest.',
  'status.next.acknowledged': 'Als Nächstes untersuchen wir das Ereignis und schreiben Ihnen, sobald es Neues gibt.',
  'status.next.investigating': 'Wir untersuchen das Ereignis und schreiben Ihnen, sobald ein Ergebnis vorliegt.',
  'status.next.resolved':
    'Diese Meldung ist abgeschlossen. Verlangt das Ergebnis, das Angebot zu überarbeiten oder zu entfernen, halten wir gemeinsam mit Ihnen die Folgen für die Kunden gering.',
  'status.newReport': 'Weiteres Ereignis melden',

  'token.title': 'Status der Meldung {number} öffnen',
  'token.intro': 'Für die Statusseite brauchen Sie den Zugangscode aus der Eingangsbestätigung (oder aus einer späteren E-Mail zu dieser Meldung).',
  'token.label': 'Zugangscode',
  'token.hint': 'Fügen Sie den ganzen Link zur Statusseite aus der E-Mail ein oder nur den Teil nach „#token=“.',
  'token.submit': 'Status anzeigen',
  'token.missing': 'Bitte geben Sie den Zugangscode aus der E-Mail ein.',
  'token.loading': 'Die Statusseite wird geöffnet …',
  'token.failed': 'Der Status konnte gerade nicht geladen werden. Bitte versuchen Sie es erneut.',

  // Der Nachrichtenverlauf: Nachrichten, die gestellte Frage, das Antwortformular.
  'state.awaiting-reporter': 'Wartet auf Ihre Antwort',
  'status.next.awaiting-reporter':
    'Wir haben Ihnen eine Frage gestellt (siehe „Was wir von Ihnen brauchen“). Sobald Sie sie auf dieser Seite beantwortet haben, setzen wir die Untersuchung fort.',
  'thread.title': 'Nachrichten',
  'thread.intro': 'Die Nachrichten zwischen Ihnen und unserem Security-Response-Team zu dieser Meldung, die älteste zuerst.',
  'thread.empty': 'Noch keine Nachrichten.',
  'thread.author.reporter': 'Sie',
  'thread.author.operator': 'Security-Response-Team',
  'thread.question': 'Frage an Sie',
  'question.title': 'Was wir von Ihnen brauchen',
  'question.intro':
    'Das haben wir Sie am {when} gefragt. Bitte antworten Sie mit dem Formular unten; sobald Ihre Antwort da ist, setzen wir die Untersuchung fort.',
  'reply.title': 'Schreiben Sie uns',
  'reply.titleAnswer': 'Ihre Antwort',
  'reply.label': 'Ihre Nachricht',
  'reply.hint': 'Bis zu {max} Zeichen. Wir lesen jede Nachricht; wenn wir antworten, erhalten Sie eine E-Mail.',
  'reply.submit': 'Nachricht senden',
  'reply.tokenLabel': 'Zugangscode',
  'reply.tokenHint':
    'Der Code aus unserer E-Mail (oder der ganze Link zur Statusseite), wie beim Öffnen dieser Seite: Zu Ihrer Sicherheit behält die Seite ihn nicht.',
  'reply.error.tokenMissing': 'Bitte geben Sie den Zugangscode aus der E-Mail ein; Ihre Nachricht ist noch nicht gesendet.',
  'reply.error.tokenWrong': 'Dieser Zugangscode öffnet diese Meldung nicht; Ihre Nachricht wurde nicht gesendet. Bitte prüfen Sie den Code in der E-Mail.',
  'replyCode.title': 'Ihre Nachricht zur Meldung {number} senden',
  'replyCode.intro': 'Zum Senden brauchen wir den Zugangscode aus der E-Mail. Ihr Text ist noch da.',
  'csrf.title': 'Dieses Formular konnte nicht gesendet werden',
  'csrf.intro':
    'Zu Ihrer Sicherheit nehmen wir ein Formular der Statusseite nur von der Seite selbst an, und diesem fehlte ihre Seitenprüfung. Es wurde nichts gespeichert. Bitte öffnen Sie die Statusseite erneut und senden Sie das Formular von dort.',
  'csrf.back': 'Zurück zur Statusseite',
  'reply.sending': 'Ihre Nachricht wird gesendet …',
  'reply.sent': 'Ihre Nachricht wurde gesendet.',
  'reply.closed':
    'Diese Meldung ist abgeschlossen und nimmt keine neuen Nachrichten an. Braucht sie erneut unsere Aufmerksamkeit, geben Sie bitte eine neue Meldung mit dieser Nummer ab.',
  'reply.error.required': 'Bitte schreiben Sie Ihre Nachricht, bevor Sie sie senden.',
  'reply.error.blank': 'Ihre Nachricht enthält nur Leerzeichen; bitte schreiben Sie Text.',
  'reply.error.too_long': 'Ihre Nachricht darf höchstens {max} Zeichen haben; jetzt sind es {length}.',
  'reply.error.invalid': 'Ihre Nachricht enthält Zeichen, die kein gültiger Text sind; bitte geben Sie sie neu ein.',
  'reply.error.limit':
    'Sie haben in der letzten Stunde viele Nachrichten gesendet, daher wurde diese nicht gesendet. Bitte versuchen Sie es in {minutes} Minuten erneut; Ihr Text ist noch da.',
  'reply.error.resolved': 'Diese Meldung wurde inzwischen abgeschlossen, daher wurde Ihre Nachricht nicht gesendet.',
  'reply.error.failed': 'Ihre Nachricht konnte gerade nicht gesendet werden. Ihr Text ist noch da; bitte versuchen Sie es erneut.',

  'state.submitted': 'Eingegangen',
  'state.acknowledged': 'Bestätigt',
  'state.investigating': 'In Untersuchung',
  'state.resolved': 'Abgeschlossen',
  'timeline.submitted': 'Wir haben Ihre Meldung erhalten.',
  'timeline.acknowledged': 'Wir haben Ihre Meldung bestätigt und Priorität und Schweregrad festgelegt.',
  'timeline.investigating': 'Wir haben mit der Untersuchung begonnen.',
  'timeline.resolved': 'Wir haben die Meldung abgeschlossen.',
  'timeline.resolved.outcome': 'Wir haben die Meldung abgeschlossen. Ergebnis: {outcome}.',
  'timeline.sla-breached': 'Wir haben Ihre Meldung nicht wie zugesagt innerhalb eines Werktags bestätigt. Das Team wurde alarmiert.',
  'timeline.notification-sent': 'E-Mail an Sie versendet: {about}.',
  'timeline.notification-failed': 'Eine E-Mail an Sie konnte nicht zugestellt werden: {about}.',
  'timeline.notification-held-back': 'Eine E-Mail an Sie wurde zurückgehalten, weil innerhalb einer Stunde zu viele an Ihre Adresse gingen: {about}.',
  'timeline.information-requested': 'Das Team hat Sie um weitere Informationen gebeten.',
  'timeline.information-reminded': 'Wir haben Sie erinnert, dass das Team auf Ihre Antwort wartet.',
  'timeline.message-received': 'Sie haben dem Team geschrieben.',
  'timeline.message-sent': 'Das Team hat Ihnen geschrieben.',
  'timeline.reopened': 'Das Team hat die Meldung wieder geöffnet.',
  'timeline.customer-notice-proposed.reporter': 'Sie haben eine Fassung der Kundenmitteilung vorgeschlagen.',
  'timeline.customer-notice-proposed.operator': 'Das Team hat eine Fassung der Kundenmitteilung vorgeschlagen.',
  'timeline.customer-notice-proposed': 'Eine Fassung der Kundenmitteilung wurde vorgeschlagen.',
  'timeline.customer-notice-approved.reporter': 'Sie haben die Kundenmitteilung freigegeben.',
  'timeline.customer-notice-approved.operator': 'Das Team hat die Kundenmitteilung freigegeben.',
  'timeline.customer-notice-approved': 'Die Kundenmitteilung wurde freigegeben.',
  'timeline.attachment-added.reporter': 'Sie haben eine Datei hinzugefügt.',
  'timeline.attachment-added.operator': 'Das Team hat eine Datei hinzugefügt.',
  'timeline.attachment-added': 'Eine Datei wurde hinzugefügt.',
  'timeline.about.submitted': 'Eingangsbestätigung Ihrer Meldung',
  'timeline.about.acknowledged': 'Meldung bestätigt',
  'timeline.about.investigating': 'Untersuchung begonnen',
  'timeline.about.resolved': 'Meldung abgeschlossen',
  'timeline.about.information-requested': 'weitere Informationen erbeten',
  'timeline.about.information-reminded': 'Erinnerung an unsere Frage',
  'timeline.about.message-received': 'Ihre Nachricht',
  'timeline.about.message-sent': 'eine Nachricht des Teams',
  'timeline.about.reopened': 'Meldung wieder geöffnet',
  'timeline.about.customer-notice-proposed': 'Kundenmitteilung vorgeschlagen',
  'timeline.about.customer-notice-approved': 'Kundenmitteilung freigegeben',
  'timeline.about.attachment-added': 'Datei hinzugefügt',
  'timeline.about.unknown': 'eine Neuigkeit zu Ihrer Meldung',
  'timeline.note': 'Notiz des Teams: {note}',
  'timeline.utc': 'UTC',
  'timeline.localTime': 'Ihre Zeit',
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
  'problem.moreOne': 'Dazu kommt 1 weitere Angabe, die hier nicht aufgeführt ist.',
  'problem.more': 'Dazu kommen {n} weitere Angaben, die hier nicht aufgeführt sind.',
  'problem.back': 'Zurück zum Formular',
  'problem.backHint': 'Mit der Zurück-Schaltfläche Ihres Browsers kehren Sie mit Ihren Eingaben zum Formular zurück.',
  'problem.title.400': 'Die Meldung konnte nicht angenommen werden',
  'problem.title.401': 'Zugangscode erforderlich',
  'problem.title.403': 'Nicht erlaubt',
  'problem.title.404': 'Meldung nicht gefunden',
  'problem.title.409': 'Das ist gerade nicht möglich',
  'problem.title.413': 'Die Meldung ist zu groß',
  'problem.title.415': 'Diese Art von Inhalt nehmen wir nicht an',
  'problem.title.422': 'Dieses Formular wurde bereits mit anderem Inhalt gesendet',
  'problem.title.429': 'Zu viele Anfragen',
  'problem.title.500': 'Bei uns ist ein Fehler aufgetreten',
  'problem.title.503': 'Der Dienst ist gerade nicht erreichbar',
  'problem.title.other': 'Die Anfrage konnte nicht ausgeführt werden',
  'problem.detail.404': 'Keine Meldung passt zu dieser Nummer und diesem Zugangscode. Bitte prüfen Sie beides in der E-Mail.',
  'problem.detail.413': 'Die Meldung ist größer als 64 KiB. Bitte kürzen Sie die längsten Texte und senden Sie sie erneut.',
  'problem.detail.415': 'Bitte senden Sie die Meldung mit dem Formular auf unserer Seite.',
  'problem.detail.429':
    'Von Ihrer Adresse kamen in kurzer Zeit zu viele Anfragen; es wurde nichts gespeichert. Bitte versuchen Sie es in {seconds} Sekunden erneut.',
  'problem.detail.503': 'Unser Speicher antwortet gerade nicht; es ist nichts verloren. Bitte versuchen Sie es in einigen Sekunden erneut.',

  'fieldError.required': '{field} wird noch benötigt.',
  'fieldError.blank': '{field} enthält nur Leerzeichen; bitte geben Sie Text ein.',
  'fieldError.too_short': '{field} braucht mindestens {min} Zeichen.',
  'fieldError.too_long': '{field} darf höchstens {max} Zeichen haben; jetzt sind es {length}.',
  'fieldError.wrong_type': '{field} hat einen Wert der falschen Art.',
  'fieldError.wrong_type.text': '{field} muss Text sein.',
  'fieldError.wrong_type.boolean': '{field} muss true oder false sein.',
  'fieldError.wrong_type.object': '{field} muss ein JSON-Objekt sein.',
  'fieldError.wrong_type.one_of': '{field} muss {options} sein.',
  'fieldError.unknown_field': 'Ein Feld „{path}“ gibt es nicht; bitte entfernen Sie es.',
  'fieldError.duplicate_field': '{field} wurde mehrfach gesendet; bitte nur einmal senden.',
  'fieldError.control_characters': '{field} muss eine einzige Zeile sein, ohne Zeilenumbrüche oder Tabulatoren.',
  'fieldError.bidi_controls': '{field} enthält Zeichen, die die Schreibrichtung ändern; bitte entfernen Sie sie.',
  'fieldError.invisible_characters':
    '{field} enthält unsichtbare Zeichen, etwa ein Leerzeichen ohne Breite oder einen weichen Trennstrich; bitte entfernen Sie sie.',
  'fieldError.too_few_visible_characters': '{field} braucht mindestens {min} sichtbare Zeichen; Leerzeichen zählen nicht.',
  'fieldError.invalid_unicode': '{field} enthält Zeichen, die kein gültiger Text sind; bitte geben Sie sie neu ein.',
  'fieldError.invalid_email': 'Bitte geben Sie eine E-Mail-Adresse wie ada@contoso.example an.',
  'fieldError.invalid_offer_id': 'Die Angebots-ID darf nur Buchstaben A–Z, Ziffern, „.“, „_“ und „-“ enthalten, zum Beispiel contoso-firewall.',
  'fieldError.invalid_cve': 'Die CVE-ID muss wie CVE-2021-44228 aufgebaut sein: „CVE-“, eine Jahreszahl ab 1999, „-“ und mindestens vier Ziffern.',
  'fieldError.invalid_cvss': 'Der CVSS-Vektor ist ungültig: Er besteht aus Paaren METRIK:WERT, getrennt durch „/“, zum Beispiel CVSS:3.1/AV:N/AC:L/….',
  'fieldError.invalid_cvss.version': 'Der CVSS-Vektor muss mit seiner Version beginnen: CVSS:3.0/, CVSS:3.1/ oder CVSS:4.0/.',
  'fieldError.invalid_cvss.metric':
    'Der CVSS-Vektor ist ungültig: Die Metrik {metric} fehlt, steht doppelt, steht an falscher Stelle, ist unbekannt oder hat einen Wert, den sie nicht kennt.',
  'fieldError.invalid_cwe':
    'Der Schwachstellentyp muss eine CWE-ID wie CWE-79 sein: „CWE-“ in Großbuchstaben und die Nummer der Schwachstelle, ohne führende Nullen.',
  'fieldError.invalid_date': '{field} muss ein Datum sein, das es gibt, geschrieben JJJJ-MM-TT, zum Beispiel 2025-09-30.',
  'fieldError.vulnerability_needs_cve_or_cvss': 'Eine Schwachstelle braucht eine CVE-ID oder einen CVSS-Vektor (oder beides).',
  'fieldError.steps_required': 'Bitte beschreiben Sie die Schritte, denn es gibt eine Lösung oder Abhilfe.',
  'fieldError.not_an_object': 'Die Meldung muss ein JSON-Objekt mit den Feldern des Formulars sein.',

  'field.category': 'Die Art des Ereignisses',
  'field.offerId': 'Die Angebots-ID',
  'field.summary': 'Die Kurzbeschreibung',
  'field.description': 'Die Beschreibung des Problems',
  'field.cveId': 'Die CVE-ID',
  'field.cvssVector': 'Der CVSS-Vektor',
  'field.affectedVersions': 'Die Angabe der betroffenen Versionen',
  'field.weakness': 'Der Schwachstellentyp',
  'field.exploitation': 'Die Antwort auf „Wird sie bereits ausgenutzt?“',
  'field.publicDisclosure': 'Das Datum der geplanten Veröffentlichung',
  'field.mitigation': 'Die Angabe zur Lösung oder Abhilfe',
  'field.mitigation.available': 'Die Auswahl „Es gibt eine Lösung oder Abhilfe“',
  'field.mitigation.steps': 'Die Beschreibung der Schritte',
  'field.customerNotification': 'Die Angabe zur Kundenbenachrichtigung',
  'field.customerNotification.requested': 'Die Auswahl „Die Kunden sollen benachrichtigt werden“',
  'field.customerNotification.message': 'Der Entwurf der Kundenmitteilung',
  'field.reporter': 'Die Angabe Ihrer Kontaktdaten',
  'field.reporter.name': 'Ihr Name',
  'field.reporter.email': 'Die E-Mail-Adresse',
  'field.reporter.locale': 'Die Sprache',
  'field.other': 'Das Feld „{path}“',
  'files.title': 'Dateien',
  'files.intro':
    'Belege zu dieser Meldung, etwa ein Proof of Concept, Protokolle oder Bildschirmfotos. Nur Sie und das Security-Response-Team können sie herunterladen.',
  'files.empty': 'Noch keine Dateien.',
  'files.name': 'Name',
  'files.size': 'Größe',
  'files.type': 'Typ',
  'files.sha256': 'SHA-256',
  'files.by': 'Hinzugefügt von',
  'files.at': 'Hinzugefügt',
  'files.scan': 'Malware-Prüfung',
  'files.scan.not-scanned': 'Nicht geprüft: Diese Installation prüft Dateien nicht auf Malware.',
  'files.scan.pending': 'Wird auf Malware geprüft; sie kann heruntergeladen werden, sobald die Prüfung abgeschlossen ist.',
  'files.scan.clean': 'Geprüft: keine Malware gefunden.',
  'files.scan.malicious': 'Zurückgehalten: Die Malware-Prüfung hat diese Datei als schädlich erkannt, sie wird nie herausgegeben.',
  'files.bytes': '{size} Bytes',
  'files.upload.title': 'Datei hinzufügen',
  'files.upload.label': 'Datei',
  'files.upload.hint':
    'Eine Datei auf einmal: Text, PDF, PNG, JPEG, ZIP oder pcap, höchstens 10 MiB je Datei, 10 Dateien und 50 MiB insgesamt. Der Typ wird am Inhalt erkannt, nicht am Namen.',
  'files.upload.submit': 'Datei hochladen',
  'files.added': 'Die Datei „{name}“ wurde hinzugefügt.',
  'files.refused': 'Die Datei wurde nicht gespeichert: {reason}',
  'files.refused.file_too_large': 'Sie ist größer als 10 MiB.',
  'files.refused.too_many_files': 'Diese Meldung hat bereits 10 Dateien, mehr nimmt sie nicht.',
  'files.refused.ticket_full': 'Die Dateien einer Meldung dürfen zusammen höchstens 50 MiB groß sein, und diese passt nicht mehr hinein.',
  'files.refused.unsupported_type': 'Ihr Inhalt ist weder Text noch PDF, PNG, JPEG, ZIP oder pcap.',
  'files.refused.empty_file': 'Sie ist leer.',
  'files.refused.invalid_name': 'Ihr Name enthält einen Pfad, Steuer- oder Richtungszeichen oder ist zu lang. Benennen Sie sie um und versuchen Sie es erneut.',
  'files.refused.zip_inconsistent': 'Das Verzeichnis des ZIP-Archivs passt nicht zu seinem Inhalt.',
  'files.refused.missing': 'Es wurde keine Datei ausgewählt.',
  'files.refused.failed': 'Sie konnte nicht empfangen werden. Bitte versuchen Sie es erneut.',
  'section.evidence': 'Belege',
  'evidence.label': 'Dateien (optional)',
  'evidence.hint':
    'Ein Proof of Concept, Protokolle oder Bildschirmfotos: Text, PDF, PNG, JPEG, ZIP oder pcap, höchstens 10 MiB je Datei und 10 Dateien. Sie werden direkt nach der Meldung gesendet.',
  'evidence.noScript':
    'Mit der Meldung gesendet, dürfen die Dateien zusammen höchstens 10 MiB groß sein; weitere (bis zu 10 Dateien und 50 MiB) können Sie danach auf der Statusseite hinzufügen.',
  'fieldError.file_refused':
    'Die Datei {name} kann nicht mit der Meldung gesendet werden: {reason} Wählen Sie die Dateien erneut, oder fügen Sie diese nach dem Senden auf der Statusseite hinzu.',
  'fieldError.file_refused.unnamed': 'Eine Datei kann nicht mit der Meldung gesendet werden: {reason} Wählen Sie die Dateien erneut.',
  'fieldError.report_too_many_files':
    'Eine Meldung nimmt höchstens 10 Dateien. Wählen Sie weniger, und fügen Sie die übrigen nach dem Senden auf der Statusseite hinzu.',
  'fieldError.report_files_too_large':
    'Mit einer Meldung gesendete Dateien dürfen zusammen höchstens 10 MiB groß sein. Wählen Sie weniger, und fügen Sie die übrigen nach dem Senden einzeln auf der Statusseite hinzu.',
  'confirm.files.sending': 'Die Dateien werden gesendet …',
  'confirm.files.arrived': 'Empfangene Dateien:',
  'confirm.files.refused': 'Nicht gespeicherte Dateien:',
  'confirm.files.refusedItem': '{name}: {reason}',
};

export const MESSAGES: Record<Locale, Messages> = { en, de };

/** The texts of one language. */
export function messagesFor(locale: Locale): Messages {
  return MESSAGES[locale];
}

/** A message with its `{name}` placeholders replaced; unknown placeholders stay as they are. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole));
}

/** The form page of a language: where "back to the form" and "report another event" lead. */
export function formPath(locale: Locale): string {
  return locale === 'de' ? '/de.html' : '/';
}

/** The form page of a language on the site that serves it: `webOrigin` when the form is hosted apart from the API (Static Web Apps), else this one. */
export function formUrl(locale: Locale, webOrigin: string | undefined): string {
  return `${(webOrigin ?? '').replace(/\/+$/, '')}${formPath(locale)}`;
}

/** `de` for a German language tag (`de`, `de-AT`), otherwise `en`. */
export function localeFromLanguageTag(tag: string | undefined | null): Locale {
  return tag && /^de(-|$)/i.test(tag.trim()) ? 'de' : 'en';
}

/** The labels of the form fields by their JSON path, for error lists that name the field. */
export const FIELD_LABEL_KEYS: Record<string, MessageKey> = {
  category: 'category.legend',
  offerId: 'offerId.label',
  summary: 'summary.label',
  description: 'description.label',
  cveId: 'cveId.label',
  cvssVector: 'cvssVector.label',
  affectedVersions: 'affectedVersions.label',
  weakness: 'weakness.label',
  exploitation: 'exploitation.legend',
  publicDisclosure: 'publicDisclosure.label',
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
export const priorityKey = (p: Priority): MessageKey => `priority.${p}`;
export const severityKey = (s: 'none' | 'low' | 'medium' | 'high' | 'critical'): MessageKey => `severity.${s}`;
export const outcomeKey = (o: Outcome): MessageKey => `outcome.${o}`;
export const categoryKey = (c: Category): MessageKey => `category.${c}`;
export const exploitationKey = (e: Exploitation): MessageKey => `exploitation.${e}`;

// ---------------------------------------------------------------------------------------------
// Field errors in the reader's language

/** A field error as the schema makes it or as it arrives in a problem's `errors[]`: code and params may be missing or unknown. */
export interface CodedFieldError {
  path: string;
  message: string;
  code?: string;
  params?: unknown;
}

/** The template of a code without variants (wrong_type and invalid_cvss have some). */
export const fieldErrorKey = (code: FieldErrorCode): MessageKey => `fieldError.${code}`;

const FIELD_PATHS = [
  'category',
  'offerId',
  'summary',
  'description',
  'cveId',
  'cvssVector',
  'affectedVersions',
  'weakness',
  'exploitation',
  'publicDisclosure',
  'mitigation',
  'mitigation.available',
  'mitigation.steps',
  'customerNotification',
  'customerNotification.requested',
  'customerNotification.message',
  'reporter',
  'reporter.name',
  'reporter.email',
  'reporter.locale',
] as const;

/** The field of a JSON path as the subject of a sentence ("The summary", "Die Kurzbeschreibung"). */
export function fieldSubject(path: string, locale: Locale): string {
  const t = MESSAGES[locale];
  return (FIELD_PATHS as readonly string[]).includes(path) ? t[`field.${path as (typeof FIELD_PATHS)[number]}`] : fill(t['field.other'], { path });
}

// A code is known when its message is: every FieldErrorCode has `fieldError.<code>` (fieldErrorKey's
// type sees to that), and the variants of a message have a dot after the code. Asking the message
// table, not the domain's list, keeps the schema (and zod) out of the form's start script.
function isFieldErrorCode(code: unknown): code is FieldErrorCode {
  return typeof code === 'string' && /^[a-z_]+$/.test(code) && Object.prototype.hasOwnProperty.call(en, `fieldError.${code}`);
}

function paramsOf(error: CodedFieldError): Record<string, unknown> {
  const { params } = error;
  return typeof params === 'object' && params !== null && !Array.isArray(params) ? (params as Record<string, unknown>) : {};
}

function templateKey(code: FieldErrorCode, params: Record<string, unknown>): MessageKey {
  if (code === 'wrong_type') {
    const { expected } = params;
    return expected === 'text' || expected === 'boolean' || expected === 'object' || expected === 'one_of'
      ? `fieldError.wrong_type.${expected}`
      : 'fieldError.wrong_type';
  }
  if (code === 'invalid_cvss' && typeof params.metric === 'string') {
    return params.metric === 'CVSS' ? 'fieldError.invalid_cvss.version' : 'fieldError.invalid_cvss.metric';
  }
  return fieldErrorKey(code);
}

const INTL_LOCALE: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };
const QUOTES: Record<Locale, [string, string]> = { de: ['„', '“'], en: ['“', '”'] };

/** Params as text: numbers in the reader's notation (20.000), a list of values as "„a“ oder „b“". */
function formatParams(params: Record<string, unknown>, locale: Locale): Record<string, string> {
  const [open, close] = QUOTES[locale];
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'number') values[name] = new Intl.NumberFormat(INTL_LOCALE[locale]).format(value);
    else if (typeof value === 'string') values[name] = value;
    else if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
      values[name] = new Intl.ListFormat(INTL_LOCALE[locale], { type: 'disjunction' }).format(value.map((v) => `${open}${v}${close}`));
    }
  }
  return values;
}

/**
 * A field error worded in `locale` from its code and params, with the language it ended up in:
 * the error's own English message when the code is unknown here or a param its template needs
 * is missing (a server newer or older than this page).
 */
export function localizedFieldError(error: CodedFieldError, locale: Locale): { message: string; locale: Locale } {
  const english = { message: error.message, locale: 'en' as const };
  if (error.code === FILE_REFUSED || error.code === REPORT_FILES_TOO_LARGE) return fileError(error, locale) ?? english;
  if (!isFieldErrorCode(error.code)) return english;
  const params = paramsOf(error);
  const template = MESSAGES[locale][templateKey(error.code, params)];
  const values: Record<string, string> = { ...formatParams(params, locale), path: error.path, field: fieldSubject(error.path, locale) };
  const needed = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  if (!needed.every((name) => Object.prototype.hasOwnProperty.call(values, name))) return english;
  return { message: fill(template, values), locale };
}

/**
 * The codes of a report's files refused with it (POST /api/tickets with files): `file_refused`
 * with the file's `name` (when it had a usable one) and the refusal as `reason` (an evidence
 * file's refusal code), and `report_files_too_large` for more than the request may carry.
 */
export const FILE_REFUSED = 'file_refused';
export const REPORT_FILES_TOO_LARGE = 'report_files_too_large';

function fileError(error: CodedFieldError, locale: Locale): { message: string; locale: Locale } | null {
  const t = MESSAGES[locale];
  if (error.code === REPORT_FILES_TOO_LARGE) return { message: t['fieldError.report_files_too_large'], locale };
  const { name, reason } = paramsOf(error);
  if (reason === 'too_many_files') return { message: t['fieldError.report_too_many_files'], locale };
  const reasonKey = `files.refused.${String(reason)}`;
  if (typeof reason !== 'string' || !Object.prototype.hasOwnProperty.call(t, reasonKey)) return null;
  const reasonText = t[reasonKey as MessageKey];
  const [open, close] = QUOTES[locale];
  return typeof name === 'string' && name !== ''
    ? { message: fill(t['fieldError.file_refused'], { name: `${open}${name}${close}`, reason: reasonText }), locale }
    : { message: fill(t['fieldError.file_refused.unnamed'], { reason: reasonText }), locale };
}

/** A field error's message in `locale`; the English message for a code this version does not know. */
export function fieldErrorMessage(error: CodedFieldError, locale: Locale): string {
  return localizedFieldError(error, locale).message;
}
