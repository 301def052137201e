import { describe, expect, it } from 'vitest';
import { pairPreviewsBySubject } from './preview-pairs';

const preview = (id: string, subject: string, seed: number) => ({ id, seed, subject: { id: `s-${subject}`, name: subject } });

describe('pairPreviewsBySubject', () => {
  it('puts the same subject and seed of both versions on one row, subjects by name and seeds ascending', () => {
    const older = [preview('o1', 'Mei', 7), preview('o2', 'Jun', 7), preview('o3', 'Mei', 3)];
    const newer = [preview('n1', 'Mei', 3), preview('n2', 'Mei', 7), preview('n3', 'Jun', 7)];
    const groups = pairPreviewsBySubject(older, newer);
    expect(groups.map((g) => g.subjectName)).toEqual(['Jun', 'Mei']);
    expect(groups[1]!.rows.map((row) => [row.seed, row.older?.id, row.newer?.id])).toEqual([
      [3, 'o3', 'n1'],
      [7, 'o1', 'n2'],
    ]);
  });

  it('leaves a side empty when only one version has that subject or seed', () => {
    const groups = pairPreviewsBySubject([preview('o1', 'Mei', 1)], [preview('n1', 'Mei', 2), preview('n2', 'Ana', 1)]);
    expect(groups).toEqual([
      { subjectId: 's-Ana', subjectName: 'Ana', rows: [{ seed: 1, older: null, newer: expect.objectContaining({ id: 'n2' }) }] },
      {
        subjectId: 's-Mei',
        subjectName: 'Mei',
        rows: [
          { seed: 1, older: expect.objectContaining({ id: 'o1' }), newer: null },
          { seed: 2, older: null, newer: expect.objectContaining({ id: 'n1' }) },
        ],
      },
    ]);
    expect(pairPreviewsBySubject([], [])).toEqual([]);
  });
});
