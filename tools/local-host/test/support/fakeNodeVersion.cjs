// Preloaded with `node --require` (NODE_OPTIONS) into a process a test starts: it reports FAKE_NODE_VERSION as
// process.versions.node, so the start-up banner can be tested for any Node.js version on whichever one runs the tests.
const version = process.env.FAKE_NODE_VERSION;
if (version) Object.defineProperty(process.versions, 'node', { value: version, enumerable: true, configurable: true });
