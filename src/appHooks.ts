// The app's hooks, registered once with its functions (src/registerApp.ts).

import path from 'node:path';
import { app, type FunctionHandler } from '@azure/functions';
import type { AppState } from './composition';
import { problemResponse } from './http/problems';
import { consoleOutput, jsonLogger } from './services/logger';
import type { EmailSettings, SettingError } from './settings';

/** Registers the app's start and invocation hooks; `state` is what the app runs on (or its refusal). */
export function registerHooks(state: () => AppState): void {
  const invalidSetting = (): SettingError | null => {
    const current = state();
    return 'refusal' in current ? current.refusal : null;
  };

  // A setting with an invalid value must not keep the app from loading: the worker would then index no
  // function at all, so in Azure every route would answer 404 while the deployment looked fine. So every
  // function is registered whatever the settings, the bad one is logged once, at start, and while it
  // stays every function refuses to work: HTTP functions (health too) answer 503 naming the setting,
  // never its value (it may be close to a secret); queue and timer runs fail with the SettingError, so
  // the host records each failure and the missed-sweep alert fires. `npm start` stops at this line instead.
  app.hook.appStart(() => {
    const invalid = invalidSetting();
    if (!invalid) return;
    // No invocation runs yet: the line goes to stderr, which the Functions host records at Error since
    // the line says "error" (its rule for a worker's stderr; "warn" anywhere would make it a Warning).
    jsonLogger(consoleOutput).error(invalid.message, {
      setting: invalid.setting,
      consequence: 'every function answers 503 or fails until the setting is corrected',
    });
  });

  // While a setting is invalid, every function answers with its refusal: the worker calls whatever
  // handler the hook leaves in functionHandler.
  app.hook.preInvocation((hook) => {
    const invalid = invalidSetting();
    if (invalid) hook.functionHandler = refusal(invalid, hook.invocationContext.options.trigger.type);
  });

  // `npm start` (and the host log in Azure) says once where the emails go: a developer looks for
  // the .eml files, an operator for the ACS resource. Never the connection string: it holds the key.
  app.hook.appStart(() => {
    const current = state();
    if ('refusal' in current) return; // the hook above reports it, once
    // A start-up banner line (where the .eml files go), for the developer at the terminal, not a log entry.
    // eslint-disable-next-line no-console
    console.log(`Emails: ${emailDestination(current.services.settings.email)}`);
  });
}

function refusal(invalid: SettingError, trigger: string): FunctionHandler {
  if (trigger === 'httpTrigger') {
    return () =>
      problemResponse(503, 'Service unavailable', `The app's setting ${invalid.setting} has an invalid value; an operator must correct it. Nothing was done.`);
  }
  return () => {
    throw invalid;
  };
}

function emailDestination(email: EmailSettings): string {
  switch (email.kind) {
    case 'outbox':
      return `written as .eml files to ${path.resolve(email.dir)} (no ACS setting)`;
    case 'acs-identity':
      return `sent through Azure Communication Services at ${new URL(email.endpoint).origin} (managed identity), from ${email.sender}`;
    case 'acs-connection-string': {
      const endpoint = /endpoint=([^;]+)/i.exec(email.connectionString)?.[1] ?? '';
      return `sent through Azure Communication Services at ${URL.canParse(endpoint) ? new URL(endpoint).origin : 'the configured endpoint'} (access key), from ${email.sender}`;
    }
  }
}
