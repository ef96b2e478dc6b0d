// The app's hooks, registered once, here (this file is an entry point like the functions: package.json
// `main` loads every file of this folder).

import { app } from '@azure/functions';
import { runInInvocation } from '../invocationOutput';

// Every handler runs inside its invocation, so that the services' log and alert lines are written
// with this invocation's context (src/invocationOutput.ts says why). The worker calls whatever handler
// the hook leaves in functionHandler, with the trigger input and the invocation's context.
app.hook.preInvocation((hook) => {
  const handler = hook.functionHandler;
  hook.functionHandler = (input, context) => runInInvocation(context, () => handler(input, context));
});
