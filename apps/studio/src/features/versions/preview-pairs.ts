// Two versions' previews side by side: one group per subject; on each row the same seed of both
// versions when both have it, then the remaining previews in seed order (the API's default seeds come
// from the spec hash, so two versions usually rendered different seeds of the same face).

export interface PairablePreview {
  seed: number;
  subject: { id: string; name: string };
}

export interface PreviewPairRow<P> {
  key: string;
  older: P | null;
  newer: P | null;
  /** Both sides rendered the same seed: only the template's changes differ. */
  isSameSeed: boolean;
}

export interface PreviewPairGroup<P> {
  subjectId: string;
  subjectName: string;
  rows: PreviewPairRow<P>[];
}

/** Older and newer version's previews -> groups by subject name; rows with equal seeds first, then the rest paired in seed order. */
export function pairPreviewsBySubject<P extends PairablePreview>(older: readonly P[], newer: readonly P[], locale = 'en'): PreviewPairGroup<P>[] {
  const subjects = new Map<string, { subjectName: string; older: P[]; newer: P[] }>();
  const place = (preview: P, side: 'older' | 'newer') => {
    let entry = subjects.get(preview.subject.id);
    if (!entry) {
      entry = { subjectName: preview.subject.name, older: [], newer: [] };
      subjects.set(preview.subject.id, entry);
    }
    entry[side].push(preview);
  };
  older.forEach((preview) => place(preview, 'older'));
  newer.forEach((preview) => place(preview, 'newer'));

  const collator = new Intl.Collator(locale);
  return [...subjects]
    .map(([subjectId, entry]) => ({ subjectId, subjectName: entry.subjectName, rows: pairRows(entry.older, entry.newer) }))
    .sort((a, b) => collator.compare(a.subjectName, b.subjectName) || a.subjectId.localeCompare(b.subjectId));
}

function pairRows<P extends PairablePreview>(older: readonly P[], newer: readonly P[]): PreviewPairRow<P>[] {
  const bySeed = (a: P, b: P) => a.seed - b.seed;
  const olderLeft = [...older].sort(bySeed);
  const newerLeft = [...newer].sort(bySeed);
  const rows: PreviewPairRow<P>[] = [];
  for (const preview of [...olderLeft]) {
    const match = newerLeft.findIndex((candidate) => candidate.seed === preview.seed);
    if (match === -1) continue;
    rows.push({ key: `seed:${preview.seed}`, older: preview, newer: newerLeft[match]!, isSameSeed: true });
    newerLeft.splice(match, 1);
    olderLeft.splice(olderLeft.indexOf(preview), 1);
  }
  for (let index = 0; index < Math.max(olderLeft.length, newerLeft.length); index += 1) {
    const a = olderLeft[index] ?? null;
    const b = newerLeft[index] ?? null;
    rows.push({ key: `pair:${a?.seed ?? '-'}:${b?.seed ?? '-'}`, older: a, newer: b, isSameSeed: false });
  }
  return rows;
}
