import { describe, expect, it } from '@jest/globals';
import { diffWords, hasTextChanges, tokenizeForDiff } from './text-diff';

const rebuild = (segments: ReturnType<typeof diffWords>, side: 'before' | 'after') =>
  segments
    .filter((segment) => segment.op === 'equal' || segment.op === (side === 'before' ? 'delete' : 'insert'))
    .map((segment) => segment.text)
    .join('');

describe('diffWords', () => {
  it('marks one inserted word and keeps the rest equal', () => {
    expect(diffWords('portrait of {subject}, soft light', 'portrait of {subject}, soft rim light')).toEqual([
      { op: 'equal', text: 'portrait of {subject}, soft ' },
      { op: 'insert', text: 'rim ' },
      { op: 'equal', text: 'light' },
    ]);
  });

  it('shows a replaced word as a deletion then an insertion', () => {
    expect(diffWords('golden hour, film grain', 'blue hour, film grain')).toEqual([
      { op: 'delete', text: 'golden' },
      { op: 'insert', text: 'blue' },
      { op: 'equal', text: ' hour, film grain' },
    ]);
  });

  it('diffs whole words, not characters', () => {
    const segments = diffWords('cat', 'car');
    expect(segments).toEqual([
      { op: 'delete', text: 'cat' },
      { op: 'insert', text: 'car' },
    ]);
  });

  it('treats each Han character as a token', () => {
    expect(diffWords('柔和的光线', '柔和的逆光')).toEqual([
      { op: 'equal', text: '柔和的' },
      { op: 'insert', text: '逆' },
      { op: 'equal', text: '光' },
      { op: 'delete', text: '线' },
    ]);
  });

  it('answers one equal segment for equal texts and nothing for two empty ones', () => {
    expect(diffWords('same words', 'same words')).toEqual([{ op: 'equal', text: 'same words' }]);
    expect(diffWords('', '')).toEqual([]);
    expect(hasTextChanges(diffWords('a b', 'a b'))).toBe(false);
    expect(hasTextChanges(diffWords('a b', 'a c'))).toBe(true);
  });

  it('rebuilds both texts from the segments, whatever the edit', () => {
    const pairs: Array<[string, string]> = [
      ['', 'new prompt entirely'],
      ['old prompt', ''],
      ['a, b, c, d', 'd, c, b, a'],
      ['masterpiece, (best quality:1.2), {subject} in a garden', 'masterpiece, {subject} in a rose garden at dusk, (best quality:1.3)'],
      ['  spaced   out ', 'spaced out'],
    ];
    for (const [before, after] of pairs) {
      const segments = diffWords(before, after);
      expect(rebuild(segments, 'before')).toBe(before);
      expect(rebuild(segments, 'after')).toBe(after);
      // Adjacent segments never share an op (they are merged).
      segments.forEach((segment, index) => expect(segment.op).not.toBe(segments[index - 1]?.op));
    }
  });

  it('keeps as many tokens equal as a longest common subsequence allows', () => {
    const segments = diffWords('a b c d e', 'a x c y e');
    const equalWords = segments.filter((s) => s.op === 'equal').map((s) => s.text.trim()).join(' ').split(/\s+/).filter(Boolean);
    expect(equalWords).toEqual(['a', 'c', 'e']);
  });
});

describe('tokenizeForDiff', () => {
  it('splits words, punctuation and whitespace and joins back to the text', () => {
    expect(tokenizeForDiff("it's {subject}, 85mm")).toEqual(["it's", ' ', '{', 'subject', '}', ',', ' ', '85mm']);
  });
});
