// A CVSS score and a refused vector in the reader's language, for the form's live score, its
// confirmation and the status page. The score reads as the base score alone, or as the whole
// vector's score with the base beside it when the vector says more than its base. A refusal is
// the scorer's own English message on the English page (the API's problem says the same), and
// worded here from its problem's code on the German one. Pure: no DOM, no I/O.

import { beyondBase, type CvssProblem, type CvssResult, type CvssScore, type CvssSeverity } from '../domain/cvss';
import type { Locale } from '../domain/vocabulary';
import { type Messages, severityKey } from './i18n';

/** A piece of a score's sentence: text, or a severity the caller words (as text or as a badge). */
export type CvssScorePiece = string | { severity: CvssSeverity };

/** The sentence giving `cvss`, in pieces. */
export function cvssScorePieces(cvss: CvssScore, t: Messages): CvssScorePiece[] {
  const whole = beyondBase(cvss);
  const version = cvss.nomenclature && cvss.nomenclature !== 'CVSS-B' ? `${cvss.version}, ${cvss.nomenclature}` : cvss.version;
  const texts: Record<string, string> = { score: cvss.score.toFixed(1), baseScore: cvss.baseScore.toFixed(1), version };
  const severities: Record<string, CvssSeverity> = { severity: cvss.severity, baseSeverity: cvss.baseSeverity };
  return (whole ? t['cvss.live.whole'] : t['cvss.live.score'])
    .split(/(\{\w+\})/)
    .filter((part) => part !== '')
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1] ?? '';
      return severities[name] ? { severity: severities[name] } : (texts[name] ?? part);
    });
}

/** The sentence giving `cvss`, as text. */
export function cvssScoreText(cvss: CvssScore, t: Messages): string {
  return cvssScorePieces(cvss, t)
    .map((piece) => (typeof piece === 'string' ? piece : t[severityKey(piece.severity)]))
    .join('');
}

const list = (items: readonly string[]) => items.join(', ');

const GERMAN: { [C in CvssProblem['code']]: (p: Extract<CvssProblem, { code: C }>) => string } = {
  prefix: () => 'Ein CVSS-Vektor beginnt mit seiner Version: CVSS:3.0/, CVSS:3.1/ oder CVSS:4.0/.',
  version: (p) => `Die CVSS-Version ${p.version} wird nicht unterstützt; der Vektor muss mit CVSS:3.0/, CVSS:3.1/ oder CVSS:4.0/ beginnen.`,
  'empty-part': () => 'Der CVSS-Vektor hat einen leeren Teil (ein doppeltes oder abschließendes „/“).',
  'not-a-pair': (p) => `„${p.part}“ im CVSS-Vektor ist kein Paar METRIK:WERT wie AV:N.`,
  'unknown-metric': (p) => `CVSS ${p.version} hat keine Metrik ${p.metric}.`,
  repeated: (p) => `Die Metrik ${p.metric} steht mehr als einmal im CVSS-Vektor.`,
  value: (p) => `„${p.value}“ ist kein Wert der Metrik ${p.metric} in CVSS ${p.version}; möglich sind ${list(p.values)}.`,
  safety: (p) =>
    `„S“ (Safety) ist kein Wert der Metrik ${p.metric}: CVSS 4.0 erlaubt ihn nur in den Umgebungsmetriken MSI und MSA; möglich sind ${list(p.values)}.`,
  order: (p) =>
    `In einem CVSS-4.0-Vektor steht die Metrik ${p.metric} vor ${p.after}: Die Spezifikation legt die Reihenfolge der Metriken fest (AV, AC, AT, PR, …).`,
  missing: (p) =>
    p.metrics.length > 1
      ? `Dem CVSS-${p.version}-Vektor fehlen die Basismetriken ${list(p.metrics)}.`
      : `Dem CVSS-${p.version}-Vektor fehlt die Basismetrik ${list(p.metrics)}.`,
};

/** Why `result` was refused, in `locale`. */
export function cvssProblemText(result: Extract<CvssResult, { ok: false }>, locale: Locale): string {
  if (locale === 'en') return result.message;
  const word = GERMAN[result.problem.code] as (p: CvssProblem) => string;
  return word(result.problem);
}
