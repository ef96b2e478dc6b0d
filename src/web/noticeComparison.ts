// A readable comparison between two versions of the customer notice: which words were kept, which
// removed and which added (jsdiff's word diff), and that comparison as HTML that does not rely on
// colour: removed words are struck through and added ones underlined, each run also named in words
// for screen readers ("removed:", "added:"). Pure: no DOM, no I/O; the status page uses it and the
// operators' console can too.

import { diffWords } from 'diff';
import { escapeHtml } from './html';

/** One run of the comparison: text both versions have, or text only the older (removed) or the newer (added) has. */
export interface ComparisonPart {
  kind: 'kept' | 'removed' | 'added';
  text: string;
}

// A word diff costs time with the square of how much changed: beyond this many edits the two
// texts count as rewritten (the older removed, the newer added), which a reader sees at once anyway.
const MAX_EDITS = 1_000;

/** The word-by-word comparison of `older` with `newer`, in reading order; a removal comes before the addition that replaces it. */
export function compareVersions(older: string, newer: string): ComparisonPart[] {
  if (older === newer) return older === '' ? [] : [{ kind: 'kept', text: older }];
  const changes = diffWords(older, newer, { maxEditLength: MAX_EDITS });
  if (!changes) {
    return [...(older ? [{ kind: 'removed' as const, text: older }] : []), ...(newer ? [{ kind: 'added' as const, text: newer }] : [])];
  }
  const parts: ComparisonPart[] = [];
  for (const change of changes) {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'kept';
    const last = parts.at(-1);
    if (last && last.kind === kind) last.text += change.value;
    else if (change.value !== '') parts.push({ kind, text: change.value });
  }
  return parts;
}

/** How many words a comparison adds and removes (a word: a run of characters between spaces). */
export function comparisonCounts(parts: readonly ComparisonPart[]): { added: number; removed: number } {
  const words = (text: string): number => text.split(/\s+/u).filter((w) => w !== '').length;
  let added = 0;
  let removed = 0;
  for (const part of parts) {
    if (part.kind === 'added') added += words(part.text);
    else if (part.kind === 'removed') removed += words(part.text);
  }
  return { added, removed };
}

/** The words that name a change for a reader who does not see the marks. */
export interface ComparisonWords {
  /** said before a removed run ("Removed:") */
  removed: string;
  added: string;
  /** said after a removed run, where it ends ("End of removal.") */
  endRemoved: string;
  endAdded: string;
}

/**
 * The comparison as inline HTML (for an element with `white-space: pre-wrap`): kept text as it is,
 * removed text in `<del>`, added text in `<ins>`, each opened and closed by visually hidden words.
 * Every text is escaped.
 */
export function renderComparison(parts: readonly ComparisonPart[], words: ComparisonWords): string {
  return parts
    .map((part) => {
      const text = escapeHtml(part.text);
      if (part.kind === 'kept') return text;
      const tag = part.kind === 'added' ? 'ins' : 'del';
      const [start, end] = part.kind === 'added' ? [words.added, words.endAdded] : [words.removed, words.endRemoved];
      return `<${tag}><span class="visually-hidden">${escapeHtml(start)} </span>${text}<span class="visually-hidden"> ${escapeHtml(end)}</span></${tag}>`;
    })
    .join('');
}
