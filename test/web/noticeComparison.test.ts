import { describe, expect, it } from 'vitest';
import { compareVersions, comparisonCounts, renderComparison } from '../../src/web/noticeComparison';

const WORDS = { removed: 'Removed:', added: 'Added:', endRemoved: 'End of removal.', endAdded: 'End of addition.' };

describe('the comparison between two versions', () => {
  it('keeps what both have and names removed and added words in reading order', () => {
    const parts = compareVersions('Please update the appliance soon.', 'Please update the appliance today, before noon.');
    expect(parts.map((p) => p.kind)).toEqual(['kept', 'removed', 'added', 'kept']);
    expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text)).toEqual(['soon']);
    expect(
      parts
        .filter((p) => p.kind !== 'removed')
        .map((p) => p.text)
        .join(''),
    ).toBe('Please update the appliance today, before noon.');
    expect(
      parts
        .filter((p) => p.kind !== 'added')
        .map((p) => p.text)
        .join(''),
    ).toBe('Please update the appliance soon.');
    expect(comparisonCounts(parts)).toEqual({ added: 3, removed: 1 });
  });

  it('is one kept run for equal texts and nothing for two empty ones', () => {
    expect(compareVersions('Same.', 'Same.')).toEqual([{ kind: 'kept', text: 'Same.' }]);
    expect(compareVersions('', '')).toEqual([]);
  });

  it('treats two wholly different long texts as rewritten rather than spending seconds on them', () => {
    const older = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
    const newer = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
    expect(compareVersions(older, newer)).toEqual([
      { kind: 'removed', text: older },
      { kind: 'added', text: newer },
    ]);
  });

  it('renders del and ins with words for screen readers, every text escaped', () => {
    const html = renderComparison(compareVersions('Hi there', 'Hi <script>alert("x")</script> & you'), WORDS);
    expect(html).not.toMatch(/<(b|script)>/);
    expect(html).toContain('<del><span class="visually-hidden">Removed: </span>there<span class="visually-hidden"> End of removal.</span></del>');
    expect(html).toContain('<span class="visually-hidden"> End of addition.</span></ins>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; you');
  });
});
