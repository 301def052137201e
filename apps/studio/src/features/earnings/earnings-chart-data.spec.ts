import { describe, expect, it } from '@jest/globals';
import { makeEarningsRow } from '../../test/factories';
import { OTHER_SERIES_KEY, currenciesOf, niceTicks, shapeEarningsChart } from './earnings-chart-data';

const golden = { templateId: 'golden', templateTitle: 'Golden Hour Film' };
const hanfu = { templateId: 'hanfu', templateTitle: 'Hanfu Garden' };

describe('shapeEarningsChart', () => {
  it('gives every month of the range a bar, empty months included, oldest first', () => {
    const data = shapeEarningsChart([makeEarningsRow({ ...golden, month: '2026-09', shareMinor: 300 })], { from: '2026-08', to: '2026-11', currency: 'CNY' });
    expect(data.bars.map((b) => b.month)).toEqual(['2026-08', '2026-09', '2026-10', '2026-11']);
    expect(data.bars.map((b) => b.totalNetMinor)).toEqual([0, 300, 0, 0]);
    expect(data.bars[0]!.segments).toEqual([]);
    expect(data.hasData).toBe(true);
  });

  it('stacks each month by template, biggest earner first, and totals the range', () => {
    const rows = [
      makeEarningsRow({ ...hanfu, month: '2026-10', uses: 1, grossMinor: 2000, shareMinor: 600 }),
      makeEarningsRow({ ...golden, month: '2026-10', uses: 3, grossMinor: 3000, shareMinor: 900 }),
      makeEarningsRow({ ...golden, month: '2026-11', uses: 2, grossMinor: 2000, shareMinor: 600, refundsMinor: 150 }),
    ];
    const data = shapeEarningsChart(rows, { from: '2026-10', to: '2026-11', currency: 'CNY' });

    expect(data.series.map((s) => [s.key, s.title, s.colorIndex, s.totalNetMinor])).toEqual([
      ['golden', 'Golden Hour Film', 0, 1350],
      ['hanfu', 'Hanfu Garden', 1, 600],
    ]);
    expect(data.bars[0]!.segments).toEqual([
      { seriesKey: 'golden', netMinor: 900, startMinor: 0, endMinor: 900 },
      { seriesKey: 'hanfu', netMinor: 600, startMinor: 900, endMinor: 1500 },
    ]);
    expect(data.bars[1]).toMatchObject({ totalNetMinor: 450, netBySeries: { golden: 450 } });
    expect(data.totals).toEqual({ uses: 6, grossMinor: 7000, shareMinor: 2100, refundsMinor: 150, netMinor: 1950 });
    expect([data.minMinor, data.maxMinor]).toEqual([0, 1500]);
  });

  it('draws a month where refunds exceed the share below zero, without hiding the positive part', () => {
    const rows = [
      makeEarningsRow({ ...golden, month: '2026-10', shareMinor: 0, refundsMinor: 200 }),
      makeEarningsRow({ ...hanfu, month: '2026-10', shareMinor: 500 }),
    ];
    const data = shapeEarningsChart(rows, { from: '2026-10', to: '2026-10', currency: 'CNY' });
    expect(data.bars[0]!.segments).toEqual([
      { seriesKey: 'hanfu', netMinor: 500, startMinor: 0, endMinor: 500 },
      { seriesKey: 'golden', netMinor: -200, startMinor: 0, endMinor: -200 },
    ]);
    expect(data.bars[0]!.totalNetMinor).toBe(300);
    expect([data.minMinor, data.maxMinor]).toEqual([-200, 500]);
  });

  it('folds templates past the limit into one "other" series', () => {
    const rows = ['a', 'b', 'c', 'd'].map((id, i) => makeEarningsRow({ templateId: id, templateTitle: id.toUpperCase(), shareMinor: 400 - i * 100 }));
    const data = shapeEarningsChart(rows, { from: '2026-10', to: '2026-10', currency: 'CNY', maxSeries: 3 });
    expect(data.series.map((s) => [s.key, s.isOther, s.totalNetMinor])).toEqual([
      ['a', false, 400],
      ['b', false, 300],
      [OTHER_SERIES_KEY, true, 300],
    ]);
    expect(data.bars[0]!.netBySeries).toEqual({ a: 400, b: 300, [OTHER_SERIES_KEY]: 300 });
  });

  it('leaves out other currencies and months outside the range', () => {
    const rows = [
      makeEarningsRow({ ...golden, month: '2026-10', currency: 'USD', shareMinor: 999 }),
      makeEarningsRow({ ...golden, month: '2026-01', shareMinor: 999 }),
    ];
    const data = shapeEarningsChart(rows, { from: '2026-09', to: '2026-10', currency: 'CNY' });
    expect(data.hasData).toBe(false);
    expect(data.series).toEqual([]);
    expect(data.totals.netMinor).toBe(0);
    expect(currenciesOf(rows)).toEqual(['CNY', 'USD']);
    expect(currenciesOf([])).toEqual(['CNY']);
  });
});

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 x 10^n minor units and covers the domain with 0 included', () => {
    expect(niceTicks(0, 1500)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(0, 2550)).toEqual([0, 1000, 2000, 3000]);
    expect(niceTicks(-200, 500)).toEqual([-200, 0, 200, 400, 600]);
    expect(niceTicks(0, 0)).toEqual([0]);
    expect(niceTicks(0, 1)).toEqual([0, 1]);
  });
});
