// The live CVSS score under the vector field. The scoring is the server's own (src/domain/cvss.ts,
// with ae-cvss-calculator), so the live verdict and the server's answer cannot differ; the words
// are the pages' own (src/web/cvssWords.ts), in the page's language.

import { scoreCvssVector } from '../../src/domain/cvss';
import type { Locale } from '../../src/domain/ticket';
import { cvssProblemText, cvssScorePieces } from '../../src/web/cvssWords';
import { fill, type Messages, severityKey } from '../../src/web/i18n';

/** Shows the score and severity of `vector` (the whole vector's beside the base), or what is wrong with it, in the output element. */
export function showCvss(output: HTMLOutputElement, vector: string, t: Messages, locale: Locale): void {
  const trimmed = vector.trim();
  if (!trimmed) {
    output.hidden = true;
    output.replaceChildren();
    output.className = 'cvss-live';
    return;
  }
  const result = scoreCvssVector(trimmed);
  output.hidden = false;
  if (result.ok) {
    const pieces = cvssScorePieces(result.score, t).map((piece) => {
      if (typeof piece === 'string') return piece;
      const badge = document.createElement('span');
      badge.className = `badge sev-${piece.severity}`;
      badge.textContent = t[severityKey(piece.severity)];
      return badge;
    });
    output.className = 'cvss-live valid';
    output.replaceChildren(...pieces);
    return;
  }
  const [before = '', after = ''] = t['cvss.live.invalid'].split('{message}');
  const parts: (string | Node)[] = [before, cvssProblemText(result, locale), after];
  // 'CVSS' stands for a missing or unknown version prefix, which the message itself explains.
  if (result.metric && result.metric !== 'CVSS') parts.push(' ', fill(t['cvss.live.metric'], { metric: result.metric }));
  output.className = 'cvss-live invalid';
  output.replaceChildren(...parts);
}
