// The app as `npm start` runs it (the built dist/), on a clock that scripts/console-screenshot.mjs
// moves: the services ask CONSOLE_SCREENSHOT_SHIFT_MS (milliseconds added to now) at each reading,
// so the script can file a report "four days ago" and show the queue with a missed deadline.
// Loaded by the local host in the script's own process; never part of the deployed app.

const { createServices } = require('../dist/src/composition');
const { registerApp } = require('../dist/src/registerApp');
const { readSettings, withLocalOperatorKey } = require('../dist/src/settings');

const clock = () => new Date(Date.now() + Number(process.env.CONSOLE_SCREENSHOT_SHIFT_MS ?? '0'));
let state;
registerApp(() => {
  state ??= { services: createServices(withLocalOperatorKey(readSettings(process.env), process.env), { clock }) };
  return state;
});
