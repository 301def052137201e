// Two versions' previews side by side: one group per subject, one row per seed, so the same face and
// seed sit next to each other and only the template's changes differ.

export interface PairablePreview {
  seed: number;
  subject: { id: string; name: string };
}

export interface PreviewPairRow<P> {
  seed: number;
  older: P | null;
  newer: P | null;
}

export interface PreviewPairGroup<P> {
  subjectId: string;
  subjectName: string;
  rows: PreviewPairRow<P>[];
}

/** Older and newer version's previews -> groups by subject name, rows by seed; a side without that seed is null. */
export function pairPreviewsBySubject<P extends PairablePreview>(older: readonly P[], newer: readonly P[], locale = 'en'): PreviewPairGroup<P>[] {
  const groups = new Map<string, { subjectName: string; rows: Map<number, PreviewPairRow<P>> }>();
  const place = (preview: P, side: 'older' | 'newer') => {
    let group = groups.get(preview.subject.id);
    if (!group) {
      group = { subjectName: preview.subject.name, rows: new Map() };
      groups.set(preview.subject.id, group);
    }
    let row = group.rows.get(preview.seed);
    if (!row) {
      row = { seed: preview.seed, older: null, newer: null };
      group.rows.set(preview.seed, row);
    }
    // The API answers one preview per subject and seed; should two arrive, the first one stays.
    row[side] ??= preview;
  };
  older.forEach((preview) => place(preview, 'older'));
  newer.forEach((preview) => place(preview, 'newer'));
  const collator = new Intl.Collator(locale);
  return [...groups]
    .map(([subjectId, group]) => ({ subjectId, subjectName: group.subjectName, rows: [...group.rows.values()].sort((a, b) => a.seed - b.seed) }))
    .sort((a, b) => collator.compare(a.subjectName, b.subjectName) || a.subjectId.localeCompare(b.subjectId));
}
