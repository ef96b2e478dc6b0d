// The console's two 403 pages, never a blank: an Entra ID account without the operators' app role
// (who is signed in, what role is missing, whom to ask, and a way to use another account), and a
// state-changing request that did not carry its session's CSRF token (nothing was changed).

import type { Locale } from '../../domain/vocabulary';
import { escapeHtml } from '../html';
import { fill } from '../i18n';
import { renderDocument } from '../layout';
import { CONSOLE_PATH } from './signInPage';

const TEXTS = {
  en: {
    'role.title': 'No access to the operators’ console',
    'role.who': 'You are signed in as {name}, but this account does not hold the app role {role}, which the console needs.',
    'role.whom':
      'Ask an administrator of this service’s app registration in Microsoft Entra ID (in the Entra admin center: Enterprise applications, this app, Users and groups) to assign you the role “Tickets triage”. Then sign in again.',
    'role.other': 'Sign in with another account',
    'csrf.title': 'This action was not carried out',
    'csrf.intro':
      'The form did not carry the security token of your current session: it came from an older page, another session or another site. Nothing was changed.',
    'csrf.back': 'Back to the console',
  },
  de: {
    'role.title': 'Kein Zugang zur Konsole des Security-Response-Teams',
    'role.who': 'Sie sind als {name} angemeldet, aber dieses Konto hat nicht die App-Rolle {role}, die die Konsole braucht.',
    'role.whom':
      'Bitten Sie eine Person, die die App-Registrierung dieses Dienstes in Microsoft Entra ID verwaltet (im Entra Admin Center: Unternehmensanwendungen, diese App, Benutzer und Gruppen), Ihnen die Rolle „Tickets triage“ zuzuweisen. Melden Sie sich danach erneut an.',
    'role.other': 'Mit einem anderen Konto anmelden',
    'csrf.title': 'Diese Aktion wurde nicht ausgeführt',
    'csrf.intro':
      'Das Formular trug nicht das Sicherheitsmerkmal Ihrer aktuellen Sitzung: Es stammte von einer älteren Seite, aus einer anderen Sitzung oder von einer anderen Website. Es wurde nichts geändert.',
    'csrf.back': 'Zurück zur Konsole',
  },
} as const satisfies Record<Locale, Record<string, string>>;

/**
 * The page for an Entra ID account that is signed in without the app role `role`: who it is, the
 * role, whom to ask, and `otherAccount`, where signing out of this account leads to signing in again.
 */
export function renderMissingRolePage(args: { locale: Locale; name: string; role: string; otherAccount: string }): string {
  const t = TEXTS[args.locale];
  const who = fill(escapeHtml(t['role.who']), {
    name: `<strong id="signed-in-name">${escapeHtml(args.name)}</strong>`,
    role: `<code id="missing-role">${escapeHtml(args.role)}</code>`,
  });
  const body = `<section class="problem" aria-labelledby="problem-title">
<h1 id="problem-title">${escapeHtml(t['role.title'])}</h1>
<div class="error-summary" role="alert">
<p>${who}</p>
</div>
<p id="whom-to-ask">${escapeHtml(t['role.whom'])}</p>
<p><a class="button-link" id="other-account" href="${escapeHtml(args.otherAccount)}">${escapeHtml(t['role.other'])}</a></p>
</section>`;
  return renderDocument({ locale: args.locale, title: t['role.title'], body, stylesheet: 'embed' });
}

/** The page for a console form (or script request) without its session's CSRF token: nothing was changed; back to the console. */
export function renderConsoleCsrfRefusedPage(args: { locale: Locale }): string {
  const t = TEXTS[args.locale];
  const body = `<section class="problem" aria-labelledby="problem-title">
<h1 id="problem-title">${escapeHtml(t['csrf.title'])}</h1>
<div class="error-summary" role="alert">
<p>${escapeHtml(t['csrf.intro'])}</p>
</div>
<p><a class="button-link" id="csrf-back" href="${CONSOLE_PATH}">${escapeHtml(t['csrf.back'])}</a></p>
</section>`;
  return renderDocument({ locale: args.locale, title: t['csrf.title'], body, stylesheet: 'embed' });
}
