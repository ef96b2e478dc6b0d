// The app's hooks, registered once, here (this file is an entry point like the functions: package.json
// `main` loads every file of this folder).

import { app, type FunctionHandler } from '@azure/functions';
import { invalidSetting } from '../composition';
import { problemResponse } from '../http/problems';
import { runInInvocation } from '../invocationOutput';
import { consoleOutput, jsonLogger } from '../services/logger';
import type { SettingError } from '../settings';

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

// Every handler runs inside its invocation, so that the services' log and alert lines are written
// with this invocation's context (src/invocationOutput.ts says why). The worker calls whatever handler
// the hook leaves in functionHandler, with the trigger input and the invocation's context.
app.hook.preInvocation((hook) => {
  const invalid = invalidSetting();
  const handler = invalid ? refusal(invalid, hook.invocationContext.options.trigger.type) : hook.functionHandler;
  hook.functionHandler = (input, context) => runInInvocation(context, () => handler(input, context));
});

function refusal(invalid: SettingError, trigger: string): FunctionHandler {
  if (trigger === 'httpTrigger') {
    return () =>
      problemResponse(503, 'Service unavailable', `The app's setting ${invalid.setting} has an invalid value; an operator must correct it. Nothing was done.`);
  }
  return () => {
    throw invalid;
  };
}
