import { describe, expect, it } from 'vitest';
import { type CvssProblem, type CvssResult, scoreCvssVector } from '../../src/domain/cvss';
import { cvssProblemText, cvssScoreText } from '../../src/web/cvssWords';
import { MESSAGES } from '../../src/web/i18n';

const BASE_40 = 'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';

function scored(vector: string) {
  const result = scoreCvssVector(vector);
  if (!result.ok) throw new Error(result.message);
  return result.score;
}

function refused(vector: string): Extract<CvssResult, { ok: false }> {
  const result = scoreCvssVector(vector);
  if (result.ok) throw new Error(`${vector} was accepted`);
  return result;
}

describe('cvssScoreText', () => {
  it('gives the base score alone for a base vector', () => {
    expect(cvssScoreText(scored('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H'), MESSAGES.en)).toBe('Base score 10.0, severity Critical (CVSS 3.1)');
    expect(cvssScoreText(scored(BASE_40), MESSAGES.de)).toBe('Basiswert 7.7, Schweregrad Hoch (CVSS 4.0)');
  });

  it('gives the whole vector\u2019s score with the base beside it, and the 4.0 nomenclature', () => {
    const lowered = scored('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/IR:L/AR:L/MAV:L');
    expect(cvssScoreText(lowered, MESSAGES.en)).toBe('Overall score 6.6, severity Medium (CVSS 3.1); base score 9.8, severity Critical');
    const threat = scored(`${BASE_40}/E:U`);
    expect(cvssScoreText(threat, MESSAGES.en)).toBe('Overall score 5.2, severity Medium (CVSS 4.0, CVSS-BT); base score 7.7, severity High');
    expect(cvssScoreText(threat, MESSAGES.de)).toBe('Gesamtwert 5.2, Schweregrad Mittel (CVSS 4.0, CVSS-BT); Basiswert 7.7, Schweregrad Hoch');
  });

  it('names CVSS-BE even when the environmental metrics leave the score as it was', () => {
    expect(cvssScoreText(scored(`${BASE_40}/CR:H`), MESSAGES.en)).toBe('Overall score 7.7, severity High (CVSS 4.0, CVSS-BE); base score 7.7, severity High');
  });
});

describe('cvssProblemText', () => {
  it.each<[CvssProblem['code'], string, string]>([
    ['prefix', 'AV:N/AC:L', 'Ein CVSS-Vektor beginnt mit seiner Version: CVSS:3.0/, CVSS:3.1/ oder CVSS:4.0/.'],
    ['version', 'CVSS:2.0/AV:N', 'Die CVSS-Version 2.0 wird nicht unterstützt; der Vektor muss mit CVSS:3.0/, CVSS:3.1/ oder CVSS:4.0/ beginnen.'],
    ['empty-part', 'CVSS:3.1/AV:N//AC:L', 'Der CVSS-Vektor hat einen leeren Teil (ein doppeltes oder abschließendes „/“).'],
    ['not-a-pair', 'CVSS:3.1/AV/AC:L', '„AV“ im CVSS-Vektor ist kein Paar METRIK:WERT wie AV:N.'],
    ['unknown-metric', `${BASE_40}/RL:O`, 'CVSS 4.0 hat keine Metrik RL.'],
    ['repeated', `${BASE_40}/E:P/E:P`, 'Die Metrik E steht mehr als einmal im CVSS-Vektor.'],
    ['value', `${BASE_40}/E:F`, '„F“ ist kein Wert der Metrik E in CVSS 4.0; möglich sind X, A, P, U.'],
    [
      'safety',
      'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:S/SI:N/SA:N',
      '„S“ (Safety) ist kein Wert der Metrik SC: CVSS 4.0 erlaubt ihn nur in den Umgebungsmetriken MSI und MSA; möglich sind H, L, N.',
    ],
    [
      'order',
      'CVSS:4.0/AC:H/AV:P/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      'In einem CVSS-4.0-Vektor steht die Metrik AV vor AC: Die Spezifikation legt die Reihenfolge der Metriken fest (AV, AC, AT, PR, …).',
    ],
    ['missing', 'CVSS:3.1/AV:N/PR:N/UI:N/S:C/C:H/I:H/A:H', 'Dem CVSS-3.1-Vektor fehlt die Basismetrik AC.'],
    ['missing', 'CVSS:3.1/AV:N/PR:N/UI:N/S:C/C:H/I:H', 'Dem CVSS-3.1-Vektor fehlen die Basismetriken AC, A.'],
  ])('words %s in German (%s), and keeps the scorer\u2019s English', (code, vector, german) => {
    const result = refused(vector);
    expect(result.problem.code).toBe(code);
    expect(cvssProblemText(result, 'de')).toBe(german);
    expect(cvssProblemText(result, 'en')).toBe(result.message);
  });
});
