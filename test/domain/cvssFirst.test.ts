// The scores against FIRST's own calculators on a sample of each version: the expected values were
// produced offline by FIRST's scripts (test/fixtures/cvss-first.json says which, and where FIRST's
// 4.0 calculator and the specification differ on exact ties).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CvssSeverity, scoreCvssVector } from '../../src/domain/cvss';

interface Table<Row> {
  columns: string[];
  rows: Row[];
}
type Row3 = [string, number, CvssSeverity, number, CvssSeverity, number, CvssSeverity];
type Row4 = [string, number, CvssSeverity, number, CvssSeverity, string, number | null, number | null];

const fixture = JSON.parse(readFileSync(new URL('../fixtures/cvss-first.json', import.meta.url), 'utf8')) as { v3: Table<Row3>; v4: Table<Row4> };

/** The metrics a 3.x vector defines (not X) beyond its base. */
function defines(vector: string, metrics: readonly string[]): boolean {
  return vector
    .split('/')
    .slice(1)
    .some((part) => {
      const [metric, value] = part.split(':');
      return metrics.includes(metric ?? '') && value !== 'X';
    });
}
const TEMPORAL = ['E', 'RL', 'RC'];
const ENVIRONMENTAL = ['CR', 'IR', 'AR', 'MAV', 'MAC', 'MPR', 'MUI', 'MS', 'MC', 'MI', 'MA'];

describe('scores as FIRST\u2019s calculators do', () => {
  it('has a sample of each version, with temporal, threat and environmental metrics and the 4.0 ties', () => {
    const versions = (rows: readonly (readonly [string, ...unknown[]])[]) => new Set(rows.map(([vector]) => vector.slice(5, 8)));
    expect(versions(fixture.v3.rows)).toEqual(new Set(['3.0', '3.1']));
    expect(versions(fixture.v4.rows)).toEqual(new Set(['4.0']));
    expect(fixture.v3.rows.filter(([v]) => defines(v, TEMPORAL)).length).toBeGreaterThan(50);
    expect(fixture.v3.rows.filter(([v]) => defines(v, ENVIRONMENTAL)).length).toBeGreaterThan(50);
    expect(new Set(fixture.v4.rows.map((row) => row[5]))).toEqual(new Set(['CVSS-B', 'CVSS-BT', 'CVSS-BE', 'CVSS-BTE']));
    expect(fixture.v4.rows.filter((row) => row[6] !== null || row[7] !== null).length).toBeGreaterThan(5);
  });

  // FIRST's 3.x calculator gives three scores; the whole vector's is the environmental one when an
  // environmental metric is defined, else the temporal one when a temporal metric is, else the base.
  it.each(fixture.v3.rows)('%s', (vector, base, baseSeverity, temporal, temporalSeverity, environmental, environmentalSeverity) => {
    const [score, severity] = defines(vector, ENVIRONMENTAL)
      ? [environmental, environmentalSeverity]
      : defines(vector, TEMPORAL)
        ? [temporal, temporalSeverity]
        : [base, baseSeverity];
    expect(scoreCvssVector(vector)).toEqual({ ok: true, score: { version: vector.slice(5, 8), baseScore: base, baseSeverity, score, severity } });
  });

  // Where FIRST's 4.0 calculator rounds an exact tie down (firstCalculator*), the specification's value is expected.
  it.each(fixture.v4.rows)('%s', (vector, base, baseSeverity, score, severity, nomenclature) => {
    expect(scoreCvssVector(vector)).toEqual({ ok: true, score: { version: '4.0', baseScore: base, baseSeverity, score, severity, nomenclature } });
  });
});
