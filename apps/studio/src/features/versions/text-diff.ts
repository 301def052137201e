// A word-level diff of two prompts: longest common subsequence over tokens (words, Han characters,
// punctuation and runs of whitespace), so a moved comma or one new word shows as exactly that.

export type TextDiffOp = 'equal' | 'insert' | 'delete';

export interface TextDiffSegment {
  op: TextDiffOp;
  text: string;
}

// Han characters one by one (Chinese has no spaces between words); other letters and digits as words.
const TOKEN = /\p{Script=Han}|[\p{L}\p{N}_'’-]+|\s+|[^\s\p{L}\p{N}_]/gu;

/** A text -> its tokens; joining them gives the text back. */
export function tokenizeForDiff(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Older and newer text -> segments that rebuild the older (equal + delete) and the newer (equal + insert). */
export function diffWords(before: string, after: string): TextDiffSegment[] {
  const a = tokenizeForDiff(before);
  const b = tokenizeForDiff(after);
  // The shared start and end need no table; prompts usually change in the middle.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }

  const ops: Array<{ op: TextDiffOp; token: string }> = a.slice(0, start).map((token) => ({ op: 'equal', token }));
  ops.push(...diffMiddle(a.slice(start, endA), b.slice(start, endB)));
  ops.push(...a.slice(endA).map((token) => ({ op: 'equal' as const, token })));
  return mergeSegments(ops);
}

// lengths[i][j] = LCS of x[i..] and y[j..]; then walk it, deletions before insertions at each change.
function diffMiddle(x: readonly string[], y: readonly string[]): Array<{ op: TextDiffOp; token: string }> {
  const width = y.length + 1;
  const lengths = new Uint32Array((x.length + 1) * width);
  for (let i = x.length - 1; i >= 0; i -= 1) {
    for (let j = y.length - 1; j >= 0; j -= 1) {
      lengths[i * width + j] = x[i] === y[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const ops: Array<{ op: TextDiffOp; token: string }> = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      ops.push({ op: 'equal', token: x[i]! });
      i += 1;
      j += 1;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      ops.push({ op: 'delete', token: x[i]! });
      i += 1;
    } else {
      ops.push({ op: 'insert', token: y[j]! });
      j += 1;
    }
  }
  for (; i < x.length; i += 1) ops.push({ op: 'delete', token: x[i]! });
  for (; j < y.length; j += 1) ops.push({ op: 'insert', token: y[j]! });
  return ops;
}

function mergeSegments(ops: ReadonlyArray<{ op: TextDiffOp; token: string }>): TextDiffSegment[] {
  const segments: TextDiffSegment[] = [];
  for (const { op, token } of ops) {
    const last = segments.at(-1);
    if (last && last.op === op) last.text += token;
    else segments.push({ op, text: token });
  }
  return segments;
}

/** True when the diff changes anything. */
export function hasTextChanges(segments: readonly TextDiffSegment[]): boolean {
  return segments.some((segment) => segment.op !== 'equal');
}
