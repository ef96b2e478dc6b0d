// CVSS vector -> base score and qualitative severity. The arithmetic is ae-cvss-calculator's; the
// syntax check is ours, because the library silently accepts what the CVSS specifications forbid
// (a missing base metric scores 0, a repeated metric wins, `X` in a base metric, no prefix) and a
// reporter deserves to be told which metric is wrong.

import { Cvss3P0, Cvss3P1, Cvss4P0 } from 'ae-cvss-calculator';

export type CvssVersion = '3.0' | '3.1' | '4.0';
export type CvssSeverity = 'none' | 'low' | 'medium' | 'high' | 'critical';

export interface CvssScore {
  version: CvssVersion;
  baseScore: number;
  severity: CvssSeverity;
}

export type CvssResult = { ok: true; score: CvssScore } | { ok: false; message: string; metric?: string };

interface MetricRule {
  name: string;
  base: boolean;
  values: readonly string[];
}

interface VersionRules {
  metrics: ReadonlyMap<string, MetricRule>;
  baseOrder: readonly string[];
  score(baseVector: string): number;
}

// Not Defined: allowed in the optional metric groups, never in a base metric.
const NOT_DEFINED = 'X';

function rulesOf(make: (vector?: string) => Cvss3P0 | Cvss3P1 | Cvss4P0): VersionRules {
  const metrics = new Map<string, MetricRule>();
  for (const [category, components] of make().getRegisteredComponents()) {
    const base = category.name === 'base';
    for (const component of components) {
      const values = component.values.map((v) => v.shortName).filter((v) => !(base && v === NOT_DEFINED));
      metrics.set(component.shortName, { name: component.name, base, values });
    }
  }
  const baseOrder = [...metrics].filter(([, rule]) => rule.base).map(([abbreviation]) => abbreviation);
  return {
    metrics,
    baseOrder,
    score: (baseVector) => {
      const scores = make(baseVector).calculateScores();
      return scores.base ?? scores.overall;
    },
  };
}

const RULES: Record<CvssVersion, VersionRules> = {
  '3.0': rulesOf((v) => new Cvss3P0(v)),
  '3.1': rulesOf((v) => new Cvss3P1(v)),
  '4.0': rulesOf((v) => new Cvss4P0(v)),
};

const PREFIX = /^CVSS:(\d+\.\d+)\//;

function isVersion(s: string): s is CvssVersion {
  return Object.prototype.hasOwnProperty.call(RULES, s);
}

// Scoring parses the whole vector; intake validates and then scores the same one, and reporters
// of one vulnerability send the same vector. A small memo of recent answers (pure, so safe).
const recentScores = new Map<string, CvssResult>();

/** Scores a CVSS 3.0/3.1/4.0 vector (`CVSS:x.y/`, every base metric once, optional metrics allowed, any order) with its BASE score; an invalid one gives a message naming the metric at fault by abbreviation. */
export function scoreCvssVector(vector: string): CvssResult {
  const known = recentScores.get(vector);
  if (known) return known;
  const result = deepFreeze(scoreUncached(vector)); // shared between callers: nobody may change it
  if (recentScores.size >= 256) recentScores.clear();
  recentScores.set(vector, result);
  return result;
}

function deepFreeze(result: CvssResult): CvssResult {
  if (result.ok) Object.freeze(result.score);
  return Object.freeze(result);
}

function scoreUncached(vector: string): CvssResult {
  const prefix = PREFIX.exec(vector);
  if (!prefix || !isVersion(prefix[1] ?? '')) {
    return {
      ok: false,
      metric: 'CVSS',
      message: prefix
        ? `CVSS version ${prefix[1]} is not supported; the vector must start with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/.`
        : 'A CVSS vector must start with its version prefix CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/.',
    };
  }
  const version = prefix[1] as CvssVersion;
  const rules = RULES[version];
  const given = new Map<string, string>();
  for (const part of vector.slice(prefix[0].length).split('/')) {
    const problem = checkPart(part, version, rules, given);
    if (problem) return problem;
  }
  const missing = rules.baseOrder.filter((abbreviation) => !given.has(abbreviation));
  if (missing.length > 0) {
    const list = missing.map((m) => `${m} (${rules.metrics.get(m)?.name})`).join(', ');
    return {
      ok: false,
      ...(missing[0] !== undefined ? { metric: missing[0] } : {}),
      message: `The CVSS ${version} vector lacks the base metric${missing.length > 1 ? 's' : ''} ${list}.`,
    };
  }
  // Only the base metrics go to the calculator: with threat or environmental metrics its
  // "base" would be the adjusted score (CVSS 4.0), and the contract promises the base score.
  const baseVector = `CVSS:${version}/${rules.baseOrder.map((m) => `${m}:${given.get(m)}`).join('/')}`;
  const baseScore = Math.round(rules.score(baseVector) * 10) / 10;
  return { ok: true, score: { version, baseScore, severity: severityOf(baseScore) } };
}

function checkPart(part: string, version: CvssVersion, rules: VersionRules, given: Map<string, string>): CvssResult | null {
  const colon = part.indexOf(':');
  if (colon < 0) {
    const metric = rules.metrics.has(part) ? part : undefined;
    return {
      ok: false,
      ...(metric ? { metric } : {}),
      message: part
        ? `"${part}" in the CVSS vector is not a METRIC:VALUE pair such as AV:N.`
        : 'The CVSS vector has an empty part (a doubled or trailing "/").',
    };
  }
  const abbreviation = part.slice(0, colon);
  const value = part.slice(colon + 1);
  const rule = rules.metrics.get(abbreviation);
  if (!rule) {
    return { ok: false, metric: abbreviation, message: `CVSS ${version} has no metric ${abbreviation}.` };
  }
  if (given.has(abbreviation)) {
    return { ok: false, metric: abbreviation, message: `The metric ${abbreviation} appears more than once in the CVSS vector.` };
  }
  if (!rule.values.includes(value)) {
    return {
      ok: false,
      metric: abbreviation,
      message: `"${value}" is not a value of the metric ${abbreviation} (${rule.name}) in CVSS ${version}; use one of ${rule.values.join(', ')}.`,
    };
  }
  given.set(abbreviation, value);
  return null;
}

/** The CVSS qualitative severity rating of a score from 0.0 to 10.0. */
export function severityOf(score: number): CvssSeverity {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}
