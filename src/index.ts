// The entry the Functions worker loads (package.json `main`): the settings are read once, from the
// environment; the services are built once, from them; the hooks and every function are registered.
// A bad setting does not stop the app from loading: it becomes the app's refusal (src/appHooks.ts).

import { createServices, type AppState } from './composition';
import { registerApp } from './registerApp';
import { localLinkPortNote, readSettings, SettingError, withLocalOperatorKey } from './settings';
import { localConsoleAddress } from './http/consoleAccess';

const state = appState(process.env);
registerApp(() => state);

function appState(env: NodeJS.ProcessEnv): AppState {
  try {
    const configured = readSettings(env);
    const settings = withLocalOperatorKey(configured, env);
    if (settings.opsApiKey !== configured.opsApiKey) {
      // The developer's only way to learn the key of this run: npm start's banner, never a log line in Azure.
      // eslint-disable-next-line no-console
      console.log(`Operator key for this run (set OPS_API_KEY to choose your own): ${settings.opsApiKey}`);
    }
    const consoleAddress = localConsoleAddress(env);
    if (consoleAddress !== null) {
      // The console's address beside the key it takes (npm start's banner); in Azure nothing is printed.
      // eslint-disable-next-line no-console
      console.log(`Operators' console: ${consoleAddress} (sign in with the operator key)`);
    }
    const linkNote = localLinkPortNote(settings.publicBaseUrl, env);
    if (linkNote !== null) {
      // npm start's banner: a status link to another port would open nothing.
      // eslint-disable-next-line no-console
      console.log(linkNote);
    }
    return { services: createServices(settings) };
  } catch (error) {
    if (error instanceof SettingError) return { refusal: error };
    throw error;
  }
}
