// CVSS vector -> base score and the whole vector's score, each with its qualitative severity. The
// arithmetic is ae-cvss-calculator's; the syntax check is ours, because the library silently
// accepts what the CVSS specifications forbid (a missing base metric scores 0, a repeated metric
// wins, `X` in a base metric, no prefix, CVSS 4.0 metrics out of order, `S` in SC/SI/SA) and a
// reporter deserves to be told which metric is wrong.

import { Cvss3P0, Cvss3P1, Cvss4P0 } from 'ae-cvss-calculator';

export type CvssVersion = '3.0' | '3.1' | '4.0';
export type CvssSeverity = 'none' | 'low' | 'medium' | 'high' | 'critical';
/** Which metric groups a CVSS 4.0 score used (specification, section 1.3): Base, Threat, Environmental. */
export type CvssNomenclature = 'CVSS-B' | 'CVSS-BT' | 'CVSS-BE' | 'CVSS-BTE';

export interface CvssScore {
  version: CvssVersion;
  /** The base metrics' score (CVSS 4.0: the CVSS-B score) and its severity. */
  baseScore: number;
  baseSeverity: CvssSeverity;
  /** The whole vector's score as FIRST's calculators give it (3.x: environmental, else temporal, else base) and its severity. */
  score: number;
  severity: CvssSeverity;
  /** CVSS 4.0 only. */
  nomenclature?: CvssNomenclature;
}

/** Why a vector is refused, in terms a message in any language can be worded from (src/web/cvssProblems.ts). */
export type CvssProblem =
  | { code: 'prefix' }
  | { code: 'version'; version: string }
  | { code: 'empty-part' }
  | { code: 'not-a-pair'; part: string }
  | { code: 'unknown-metric'; metric: string; version: CvssVersion }
  | { code: 'repeated'; metric: string }
  | { code: 'value'; metric: string; value: string; values: readonly string[]; version: CvssVersion }
  | { code: 'safety'; metric: string; values: readonly string[] }
  | { code: 'order'; metric: string; after: string }
  | { code: 'missing'; metrics: readonly string[]; version: CvssVersion };

export type CvssResult = { ok: true; score: CvssScore } | { ok: false; message: string; metric?: string; problem: CvssProblem };

interface MetricRule {
  name: string;
  base: boolean;
  values: readonly string[];
}

interface VersionRules {
  metrics: ReadonlyMap<string, MetricRule>;
  baseOrder: readonly string[];
  /** CVSS 4.0: every metric in the specification's order, which a vector must follow. */
  order?: readonly string[];
  /** The base score, the whole vector's score and (4.0) the nomenclature of a checked vector. */
  score(baseVector: string, wholeVector: string): { base: number; whole: number; nomenclature?: CvssNomenclature };
}

// Not Defined: allowed in the optional metric groups, never in a base metric.
const NOT_DEFINED = 'X';
// Safety (CVSS 4.0, section 4.2): a value of the environmental MSI and MSA only; the library lets
// the base SC, SI and SA take it too (and then scores nonsense).
const SAFETY = 'S';
const SAFETY_METRICS = new Set(['MSI', 'MSA']);

type Calculator = Cvss3P0 | Cvss3P1 | Cvss4P0;

function metricsOf(calculator: Calculator, version: CvssVersion): Map<string, MetricRule> {
  const metrics = new Map<string, MetricRule>();
  for (const [category, components] of calculator.getRegisteredComponents()) {
    const base = category.name === 'base';
    for (const component of components) {
      const values = component.values
        .map((v) => v.shortName)
        .filter((v) => !(base && v === NOT_DEFINED) && !(version === '4.0' && v === SAFETY && !SAFETY_METRICS.has(component.shortName)));
      // CVSS 4.0's impact metrics are named by system, as the specification names them ("Confidentiality Impact to the Subsequent System").
      const system = /^((?:Vulnerable|Subsequent) System) Impact$/.exec(component.subCategory ?? '')?.[1];
      metrics.set(component.shortName, { name: system ? `${component.name} Impact to the ${system}` : component.name, base, values });
    }
  }
  return metrics;
}

function baseOrderOf(metrics: ReadonlyMap<string, MetricRule>): string[] {
  return [...metrics].filter(([, rule]) => rule.base).map(([abbreviation]) => abbreviation);
}

function rules3(version: '3.0' | '3.1', make: (vector?: string) => Cvss3P0 | Cvss3P1): VersionRules {
  const metrics = metricsOf(make(), version);
  return {
    metrics,
    baseOrder: baseOrderOf(metrics),
    // `overall` is what FIRST's 3.x calculator reports last: the environmental score when an
    // environmental metric is defined, else the temporal score when a temporal one is, else the base.
    score: (baseVector, wholeVector) => ({ base: make(baseVector).calculateScores().overall, whole: make(wholeVector).calculateScores().overall }),
  };
}

function rules4(): VersionRules {
  const metrics = metricsOf(new Cvss4P0(), '4.0');
  const order = [...new Cvss4P0().getVectorStringOrderProperties().values()].flat().map((component) => component.shortName);
  return {
    metrics,
    baseOrder: baseOrderOf(metrics),
    order,
    // Only the base metrics go to the calculator for the base score: with threat or environmental
    // metrics its "base" is the adjusted score. Supplemental metrics change no score.
    score: (baseVector, wholeVector) => {
      const whole = new Cvss4P0(wholeVector);
      return {
        base: new Cvss4P0(baseVector).calculateScores().overall,
        whole: whole.calculateScores().overall,
        nomenclature: whole.getNomenclature() as CvssNomenclature,
      };
    },
  };
}

const RULES: Record<CvssVersion, VersionRules> = {
  '3.0': rules3('3.0', (v) => new Cvss3P0(v)),
  '3.1': rules3('3.1', (v) => new Cvss3P1(v)),
  '4.0': rules4(),
};

const PREFIX = /^CVSS:(\d+\.\d+)\//;

function isVersion(s: string): s is CvssVersion {
  return Object.prototype.hasOwnProperty.call(RULES, s);
}

// Scoring parses the whole vector; intake validates and then scores the same one, and reporters
// of one vulnerability send the same vector. A small memo of recent answers (pure, so safe).
const recentScores = new Map<string, CvssResult>();

/**
 * Scores a CVSS 3.0/3.1/4.0 vector (`CVSS:x.y/`, every base metric once, the optional metrics of
 * its version; 3.x in any order, 4.0 in the specification's) with its base score and the whole
 * vector's score; an invalid one gives a message naming the metric at fault by abbreviation.
 */
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
  else Object.freeze(result.problem);
  return Object.freeze(result);
}

function refused(problem: CvssProblem, message: string, metric?: string): CvssResult {
  return { ok: false, ...(metric !== undefined ? { metric } : {}), message, problem };
}

function scoreUncached(vector: string): CvssResult {
  const prefix = PREFIX.exec(vector);
  if (!prefix || !isVersion(prefix[1] ?? '')) {
    return prefix
      ? refused(
          { code: 'version', version: prefix[1] ?? '' },
          `CVSS version ${prefix[1]} is not supported; the vector must start with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/.`,
          'CVSS',
        )
      : refused({ code: 'prefix' }, 'A CVSS vector must start with its version prefix CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/.', 'CVSS');
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
    return refused(
      { code: 'missing', metrics: missing, version },
      `The CVSS ${version} vector lacks the base metric${missing.length > 1 ? 's' : ''} ${list}.`,
      missing[0],
    );
  }
  const text = (metrics: Iterable<string>) => `CVSS:${version}/${[...metrics].map((m) => `${m}:${given.get(m)}`).join('/')}`;
  const scores = rules.score(text(rules.baseOrder), text(given.keys()));
  const baseScore = round1(scores.base);
  const score = round1(scores.whole);
  return {
    ok: true,
    score: {
      version,
      baseScore,
      baseSeverity: severityOf(baseScore),
      score,
      severity: severityOf(score),
      ...(scores.nomenclature ? { nomenclature: scores.nomenclature } : {}),
    },
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function checkPart(part: string, version: CvssVersion, rules: VersionRules, given: Map<string, string>): CvssResult | null {
  const colon = part.indexOf(':');
  if (colon < 0) {
    return part
      ? refused(
          { code: 'not-a-pair', part },
          `"${part}" in the CVSS vector is not a METRIC:VALUE pair such as AV:N.`,
          rules.metrics.has(part) ? part : undefined,
        )
      : refused({ code: 'empty-part' }, 'The CVSS vector has an empty part (a doubled or trailing "/").');
  }
  const metric = part.slice(0, colon);
  const value = part.slice(colon + 1);
  const rule = rules.metrics.get(metric);
  if (!rule) return refused({ code: 'unknown-metric', metric, version }, `CVSS ${version} has no metric ${metric}.`, metric);
  if (given.has(metric)) return refused({ code: 'repeated', metric }, `The metric ${metric} appears more than once in the CVSS vector.`, metric);
  if (!rule.values.includes(value)) {
    const values = rule.values;
    return value === SAFETY && version === '4.0' && rule.base && /^S[CIA]$/.test(metric)
      ? refused(
          { code: 'safety', metric, values },
          `"S" (Safety) is not a value of the metric ${metric} (${rule.name}): CVSS 4.0 allows it only in the environmental metrics MSI and MSA; use one of ${values.join(', ')}.`,
          metric,
        )
      : refused(
          { code: 'value', metric, value, values, version },
          `"${value}" is not a value of the metric ${metric} (${rule.name}) in CVSS ${version}; use one of ${values.join(', ')}.`,
          metric,
        );
  }
  const after = rules.order ? [...given.keys()].pop() : undefined;
  if (rules.order && after !== undefined && rules.order.indexOf(metric) < rules.order.indexOf(after)) {
    return refused(
      { code: 'order', metric, after },
      `In a CVSS 4.0 vector the metric ${metric} comes before ${after}: the specification fixes the metrics' order (${rules.order.slice(0, 4).join(', ')}, …).`,
      metric,
    );
  }
  given.set(metric, value);
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

/** A score as tickets stored before the whole vector was scored kept it: the base score only. */
export interface LegacyCvssScore {
  version: CvssVersion;
  baseScore: number;
  severity: CvssSeverity;
}

/**
 * A stored ticket's score with the whole vector's: a ticket written before it was scored (no
 * `score`) is scored again from its vector; one whose vector the check now refuses keeps its base
 * score as the whole one, as it was scored then.
 */
export function withWholeScore(stored: CvssScore | LegacyCvssScore, vector: string | null): CvssScore {
  if ('score' in stored) return stored;
  const again = vector === null ? null : scoreCvssVector(vector);
  if (again?.ok && again.score.version === stored.version && again.score.baseScore === stored.baseScore) return again.score;
  return {
    version: stored.version,
    baseScore: stored.baseScore,
    baseSeverity: stored.severity,
    score: stored.baseScore,
    severity: stored.severity,
    ...(stored.version === '4.0' ? { nomenclature: 'CVSS-B' as const } : {}),
  };
}

/** Whether the whole vector says more than its base: another score, or (4.0) threat or environmental metrics used. Then both are shown. */
export function beyondBase(cvss: CvssScore): boolean {
  return cvss.score !== cvss.baseScore || (cvss.nomenclature !== undefined && cvss.nomenclature !== 'CVSS-B');
}
