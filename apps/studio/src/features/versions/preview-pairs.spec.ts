import { describe, expect, it } from '@jest/globals';
import { pairPreviewsBySubject } from './preview-pairs';

const preview = (id: string, subject: string, seed: number) => ({ id, seed, subject: { id: `s-${subject}`, name: subject } });
const ids = (rows: ReturnType<typeof pairPreviewsBySubject<ReturnType<typeof preview>>>[number]['rows']) => rows.map((row) => [row.older?.id ?? null, row.newer?.id ?? null, row.isSameSeed]);

describe('pairPreviewsBySubject', () => {
  it('puts the same subject and seed of both versions on one row, subjects by name and seeds ascending', () => {
    const older = [preview('o1', 'Mei', 7), preview('o2', 'Jun', 7), preview('o3', 'Mei', 3)];
    const newer = [preview('n1', 'Mei', 3), preview('n2', 'Mei', 7), preview('n3', 'Jun', 7)];
    const groups = pairPreviewsBySubject(older, newer);
    expect(groups.map((g) => g.subjectName)).toEqual(['Jun', 'Mei']);
    expect(ids(groups[1]!.rows)).toEqual([
      ['o3', 'n1', true],
      ['o1', 'n2', true],
    ]);
  });

  it('pairs the remaining previews of a face in seed order when the versions rendered other seeds', () => {
    const older = [preview('o-90', 'Mei', 90), preview('o-10', 'Mei', 10), preview('o-50', 'Mei', 50)];
    const newer = [preview('n-70', 'Mei', 70), preview('n-50', 'Mei', 50), preview('n-20', 'Mei', 20)];
    expect(ids(pairPreviewsBySubject(older, newer)[0]!.rows)).toEqual([
      ['o-50', 'n-50', true],
      ['o-10', 'n-20', false],
      ['o-90', 'n-70', false],
    ]);
  });

  it('leaves a side empty when only one version has a preview of that face', () => {
    const groups = pairPreviewsBySubject([preview('o1', 'Mei', 1)], [preview('n1', 'Mei', 2), preview('n3', 'Mei', 3), preview('n2', 'Ana', 1)]);
    expect(groups.map((g) => [g.subjectName, ids(g.rows)])).toEqual([
      ['Ana', [[null, 'n2', false]]],
      [
        'Mei',
        [
          ['o1', 'n1', false],
          [null, 'n3', false],
        ],
      ],
    ]);
    expect(pairPreviewsBySubject([], [])).toEqual([]);
  });
});
