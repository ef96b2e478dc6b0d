// The live CVSS score under the vector field. The scoring is the server's own (src/domain/cvss.ts,
// with ae-cvss-calculator), so the live verdict and the server's answer cannot differ.

import { scoreCvssVector } from '../../src/domain/cvss';
import type { Locale } from '../../src/domain/ticket';
import { fill, type Messages, severityKey } from '../../src/web/i18n';

/** Shows the score and severity of `vector`, or what is wrong with it, in the output element. */
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
    const { version, baseScore, severity } = result.score;
    const badge = document.createElement('span');
    badge.className = `badge sev-${severity}`;
    badge.textContent = t[severityKey(severity)];
    const [before = '', after = ''] = fill(t['cvss.live.score'], { score: baseScore.toFixed(1), version }).split('{severity}');
    output.className = 'cvss-live valid';
    output.replaceChildren(before, badge, after);
    return;
  }
  const detail = document.createElement('span');
  // The scorer's messages are English; say so, so a German screen reader voice reads them right.
  if (locale !== 'en') detail.lang = 'en';
  detail.textContent = result.message;
  const [before = '', after = ''] = t['cvss.live.invalid'].split('{message}');
  const parts: (string | Node)[] = [before, detail, after];
  // 'CVSS' stands for a missing or unknown version prefix, which the message itself explains.
  if (result.metric && result.metric !== 'CVSS') parts.push(' ', fill(t['cvss.live.metric'], { metric: result.metric }));
  output.className = 'cvss-live invalid';
  output.replaceChildren(...parts);
}
