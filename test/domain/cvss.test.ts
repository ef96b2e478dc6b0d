import { describe, expect, it } from 'vitest';
import { type CvssResult, scoreCvssVector, severityOf } from '../../src/domain/cvss';

function failure(result: CvssResult): Extract<CvssResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.score)}`);
  return result;
}

describe('scoreCvssVector scores known vectors', () => {
  it.each([
    // The three from the contract.
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', '3.1', 10.0, 'critical'],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', '3.0', 9.8, 'critical'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', '4.0', 9.3, 'critical'],
    // FIRST CVSS v3.1 examples document.
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', '3.1', 6.1, 'medium'], // CVE-2013-1937 phpMyAdmin XSS
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N', '3.1', 6.4, 'medium'], // CVE-2013-0375 MySQL
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', '3.1', 3.1, 'low'], // CVE-2014-3566 POODLE
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', '3.1', 9.9, 'critical'], // CVE-2012-1516 VMware
    ['CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L', '3.1', 4.2, 'medium'], // CVE-2009-0783 Tomcat
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', '3.1', 7.5, 'high'], // CVE-2014-0160 Heartbleed
    ['CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', '3.1', 7.8, 'high'], // CVE-2015-1098 iWork
    ['CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', '3.1', 1.6, 'low'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', '3.1', 0.0, 'none'],
    // FIRST CVSS v4.0 examples.
    ['CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', '4.0', 7.3, 'high'],
    ['CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', '4.0', 7.7, 'high'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N', '4.0', 6.9, 'medium'],
    ['CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N', '4.0', 4.6, 'medium'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', '4.0', 10.0, 'critical'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N', '4.0', 0.0, 'none'],
  ])('%s scores %s %d (%s)', (vector, version, baseScore, severity) => {
    // A base vector: the whole vector's score is the base score (CVSS-B for 4.0).
    expect(scoreCvssVector(vector)).toEqual({
      ok: true,
      score: { version, baseScore, baseSeverity: severity, score: baseScore, severity, ...(version === '4.0' ? { nomenclature: 'CVSS-B' } : {}) },
    });
  });

  it('scores the whole vector beside the base when temporal and environmental metrics are given (3.1)', () => {
    // FIRST's 3.1 calculator: base 10.0, temporal 9.0, environmental 8.4.
    const result = scoreCvssVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/E:P/RL:O/RC:C/CR:L/MAV:L');
    expect(result).toEqual({ ok: true, score: { version: '3.1', baseScore: 10.0, baseSeverity: 'critical', score: 8.4, severity: 'high' } });
  });

  it('scores the temporal metrics alone when no environmental metric is given (3.1)', () => {
    const result = scoreCvssVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/E:U/RL:X');
    expect(result).toEqual({ ok: true, score: { version: '3.1', baseScore: 10.0, baseSeverity: 'critical', score: 9.1, severity: 'critical' } });
  });

  it('lowers the score with the environmental metrics of a 3.1 vector', () => {
    // Low requirements on a network service the environment only reaches locally (FIRST's 3.1 calculator: 6.6).
    const result = scoreCvssVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/IR:L/AR:L/MAV:L');
    expect(result).toEqual({ ok: true, score: { version: '3.1', baseScore: 9.8, baseSeverity: 'critical', score: 6.6, severity: 'medium' } });
  });

  it('scores CVSS-BT with the threat metric E:U beside the base score (4.0)', () => {
    // With E:U the CVSS-BT score is 5.2; the base score stays 7.7. Supplemental metrics change nothing.
    const result = scoreCvssVector('CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U/AU:Y/U:Red');
    expect(result).toEqual({
      ok: true,
      score: { version: '4.0', baseScore: 7.7, baseSeverity: 'high', score: 5.2, severity: 'medium', nomenclature: 'CVSS-BT' },
    });
  });

  it.each([
    ['CVSS-B', '', 7.7],
    ['CVSS-B', '/E:X/CR:X/MAV:X', 7.7], // Not Defined is no metric used
    ['CVSS-B', '/S:P/AU:Y/R:I/V:C/RE:H/U:Red', 7.7], // supplemental metrics change no score
    ['CVSS-BT', '/E:P', 6.8],
    ['CVSS-BE', '/CR:L', 7.6],
    ['CVSS-BE', '/MSI:S', 9.4],
    ['CVSS-BTE', '/E:A/CR:L', 7.6],
    ['CVSS-BTE', '/E:P/MSI:S/S:P', 8.5],
  ])('names the nomenclature %s for the groups used (%s)', (nomenclature, rest, score) => {
    const result = scoreCvssVector(`CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N${rest}`);
    expect(result).toMatchObject({ ok: true, score: { baseScore: 7.7, score, severity: severityOf(score), nomenclature } });
  });

  it('accepts the metrics of a 3.x vector in any order', () => {
    expect(scoreCvssVector('CVSS:3.1/A:H/I:H/C:H/S:C/UI:N/PR:N/AC:L/AV:N')).toMatchObject({ ok: true, score: { baseScore: 10 } });
    expect(scoreCvssVector('CVSS:3.0/MAV:L/E:U/A:H/I:H/C:H/S:C/UI:N/PR:N/AC:L/AV:N')).toMatchObject({ ok: true, score: { baseScore: 10 } });
  });

  it('accepts Not Defined (X) for an optional metric', () => {
    expect(scoreCvssVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/E:X')).toMatchObject({ ok: true });
  });
});

describe('scoreCvssVector names the metric at fault', () => {
  it.each([
    ['a bad value', 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 'AV'],
    ['a missing mandatory metric', 'CVSS:3.1/AV:N/PR:N/UI:N/S:C/C:H/I:H/A:H', 'AC'],
    ['a duplicate metric', 'CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 'AV'],
    ['an unknown metric', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/XX:1', 'XX'],
    ['Not Defined in a base metric', 'CVSS:3.1/AV:N/AC:X/PR:N/UI:N/S:C/C:H/I:H/A:H', 'AC'],
    ['a 3.x metric in a 4.0 vector', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/RL:O', 'RL'],
    ['a 3.x value of a 4.0 metric', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:C', 'S'],
    ['a 4.0 metric missing', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N', 'SA'],
    ['a lower-case value', 'CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 'AV'],
    ['a metric without a value', 'CVSS:3.1/AV/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 'AV'],
    ['a bad value of an optional metric', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/E:Z', 'E'],
    ['a 3.x temporal metric in a 4.0 vector', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/RC:C', 'RC'],
    ['a 3.x exploit maturity value in a 4.0 vector', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:F', 'E'],
    ['a repeated optional metric (4.0)', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P/E:P', 'E'],
    ['an unknown value (4.0)', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:Purple', 'U'],
    ['S in SC (4.0)', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:S/SI:N/SA:N', 'SC'],
    ['S in SI (4.0)', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N', 'SI'],
    ['S in SA (4.0)', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:S', 'SA'],
    ['S in MSC (4.0)', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSC:S', 'MSC'],
    ['base metrics out of order (4.0)', 'CVSS:4.0/AC:H/AV:P/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'AV'],
    ['a threat metric before the base ends (4.0)', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/E:A/SC:N/SI:N/SA:N', 'SC'],
    ['supplemental before environmental (4.0)', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:P/CR:H', 'CR'],
    ['environmental before threat (4.0)', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MAV:L/E:A', 'E'],
    ['security requirements after modified metrics (4.0)', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MAV:L/CR:H', 'CR'],
  ])('%s', (_, vector, metric) => {
    const result = failure(scoreCvssVector(vector));
    expect(result.metric).toBe(metric);
    expect(result.message).toMatch(new RegExp(`\\b${metric}\\b`));
  });

  it('says where S belongs when it is given in SC, SI or SA', () => {
    const result = failure(scoreCvssVector('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N'));
    expect(result.message).toContain('MSI and MSA');
    expect(result.problem).toEqual({ code: 'safety', metric: 'SI', values: ['H', 'L', 'N'] });
  });

  it('accepts S in MSI and MSA, and the 4.0 metrics in the specification\u2019s order, each group optional', () => {
    const vector =
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/CR:H/IR:H/AR:H/MAV:N/MAC:L/MAT:N/MPR:N/MUI:N/MVC:H/MVI:H/MVA:H/MSC:H/MSI:S/MSA:S/S:P/AU:Y/R:I/V:C/RE:H/U:Red';
    expect(scoreCvssVector(vector)).toMatchObject({ ok: true, score: { baseScore: 9.3, score: 10, nomenclature: 'CVSS-BTE' } });
    expect(scoreCvssVector('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSA:S/U:Clear')).toMatchObject({ ok: true });
  });

  it('names the metric out of place and the one it follows', () => {
    const result = failure(scoreCvssVector('CVSS:4.0/AC:H/AV:P/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'));
    expect(result.problem).toEqual({ code: 'order', metric: 'AV', after: 'AC' });
    expect(result.message).toContain('AV comes before AC');
  });

  it('names every missing base metric, the first as the metric at fault', () => {
    const result = failure(scoreCvssVector('CVSS:3.1/AV:N/PR:N/UI:N/S:C/C:H/I:H'));
    expect(result.metric).toBe('AC');
    expect(result.message).toContain('AC (Attack Complexity)');
    expect(result.message).toContain('A (Availability Impact)');
  });

  it.each([
    ['no prefix', 'AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H'],
    ['CVSS 2', 'CVSS:2.0/AV:N/AC:L/Au:N/C:C/I:C/A:C'],
    ['a lower-case prefix', 'cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H'],
    ['an empty string', ''],
    ['leading space', ' CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H'],
  ])('names the prefix for %s', (_, vector) => {
    const result = failure(scoreCvssVector(vector));
    expect(result.metric).toBe('CVSS');
    expect(result.message).toContain('CVSS:3.1/');
  });

  it.each([
    ['a trailing slash', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/'],
    ['a doubled slash', 'CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H'],
    ['trailing space', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H '],
  ])('rejects %s', (_, vector) => {
    expect(scoreCvssVector(vector).ok).toBe(false);
  });
});

describe('severityOf follows the CVSS qualitative scale', () => {
  it.each([
    [0, 'none'],
    [0.1, 'low'],
    [3.9, 'low'],
    [4.0, 'medium'],
    [6.9, 'medium'],
    [7.0, 'high'],
    [8.9, 'high'],
    [9.0, 'critical'],
    [10, 'critical'],
  ])('%d is %s', (score, severity) => {
    expect(severityOf(score)).toBe(severity);
  });
});
