#!/usr/bin/env node
// The package's command (package.json `bin`; npm start runs it). A committed file, so that it keeps
// its executable bit when `npm run build` replaces dist/, where tsc writes main.js without one.
require('../dist/main.js');
