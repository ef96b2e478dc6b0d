// What host.json must say for the app's telemetry and alerts to work in Azure (used by `npm run check:infra`
// and test/infra). The Functions host writes one `requests` row per function run from the log category
// Host.Results, and the app's lines (alerts included) are `traces` of category Function.<name>.User.

const LEVELS = ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical', 'None'];

/** The level host.json gives a category: the longest matching prefix in logging.logLevel, else its default. */
function levelOf(logLevel, category) {
  let best;
  for (const name of Object.keys(logLevel ?? {})) {
    if (name === 'default') continue;
    if ((category === name || category.startsWith(`${name}.`)) && (!best || name.length > best.length)) best = name;
  }
  return String((best ? logLevel[best] : logLevel?.default) ?? 'Information');
}

const atMost = (level, limit) => {
  const index = LEVELS.findIndex((l) => l.toLowerCase() === level.toLowerCase());
  return index >= 0 && index <= LEVELS.indexOf(limit);
};

/**
 * The problems with a parsed host.json, one sentence each; none: [].
 * @param {any} hostJson
 * @returns {string[]}
 */
export function hostJsonProblems(hostJson) {
  const problems = [];
  const logLevel = hostJson?.logging?.logLevel;
  const results = levelOf(logLevel, 'Host.Results');
  if (!atMost(results, 'Information')) {
    problems.push(
      `host.json: logging.logLevel "Host.Results" is ${results}; keep it at Information: above it a successful run writes no requests row, ` +
        'so the missed-sweep alert never resolves and every successful request vanishes from Application Insights',
    );
  }
  const user = levelOf(logLevel, 'Function.slaSweep.User');
  if (!atMost(user, 'Warning')) {
    problems.push(
      `host.json: logging.logLevel lets the functions' own lines through only at ${user}; the alert lines are warnings: keep "Function" at Information`,
    );
  }
  const sampling = hostJson?.logging?.applicationInsights?.samplingSettings;
  if (sampling && sampling.isEnabled !== false) {
    const excluded = String(sampling.excludedTypes ?? '')
      .split(';')
      .map((type) => type.trim().toLowerCase());
    for (const type of ['Request', 'Trace']) {
      if (!excluded.includes(type.toLowerCase())) {
        problems.push(
          `host.json: sampling may drop ${type} telemetry; list it in samplingSettings.excludedTypes (the alert rules count sweep runs and alert lines, every one)`,
        );
      }
    }
  }
  return problems;
}
