import { describe, expect, it } from '@jest/globals';
import { assertValidSplitTerms, validateSplitTerms, type RevenueSplitTerms } from './split-terms.js';

const terms = (overrides: Partial<RevenueSplitTerms> = {}): RevenueSplitTerms => ({
  designerShareBps: 3000,
  coAuthors: [{ designerId: 'ana', shareBps: 10_000 }],
  ...overrides,
});

describe('validateSplitTerms', () => {
  it('accepts a sole author and co-authors that add up to 100%', () => {
    expect(validateSplitTerms(terms())).toEqual([]);
    expect(validateSplitTerms(terms({ designerShareBps: 0 }))).toEqual([]);
    expect(validateSplitTerms(terms({ designerShareBps: 10_000 }))).toEqual([]);
    const coAuthors = [
      { designerId: 'ana', shareBps: 3334 },
      { designerId: 'bo', shareBps: 3333 },
      { designerId: 'cy', shareBps: 3333 },
    ];
    expect(validateSplitTerms(terms({ coAuthors }))).toEqual([]);
  });

  it('says what the co-author shares add up to when it is not 100%', () => {
    const coAuthors = [
      { designerId: 'ana', shareBps: 6000 },
      { designerId: 'bo', shareBps: 3000 },
    ];
    expect(validateSplitTerms(terms({ coAuthors }))).toMatchObject([
      { path: 'coAuthors', message: 'Co-author shares must add up to 100% (they add up to 90%)' },
    ]);
    const over = [
      { designerId: 'ana', shareBps: 6000 },
      { designerId: 'bo', shareBps: 4001 },
    ];
    expect(validateSplitTerms(terms({ coAuthors: over }))).toMatchObject([
      { path: 'coAuthors', message: 'Co-author shares must add up to 100% (they add up to 100.01%)' },
    ]);
  });

  it('checks the designers share of gross', () => {
    expect(validateSplitTerms(terms({ designerShareBps: 10_001 }))).toMatchObject([
      { path: 'designerShareBps', message: "The designers' share cannot be more than 100% (it is 100.01%)" },
    ]);
    expect(validateSplitTerms(terms({ designerShareBps: -100 }))).toMatchObject([
      { path: 'designerShareBps', message: "The designers' share cannot be less than 0% (it is -1%)" },
    ]);
    expect(validateSplitTerms(terms({ designerShareBps: 2999.5 }))).toMatchObject([
      { path: 'designerShareBps', message: "The designers' share must be in steps of 0.01% (it is 29.995%)" },
    ]);
    expect(validateSplitTerms(terms({ designerShareBps: Number.NaN }))).toMatchObject([
      { path: 'designerShareBps', message: "The designers' share must be a number of basis points (got NaN)" },
    ]);
  });

  it('asks for at least one co-author', () => {
    expect(validateSplitTerms(terms({ coAuthors: [] }))).toMatchObject([{ path: 'coAuthors', message: 'Add at least one co-author' }]);
  });

  it('reports every co-author problem at once, with its path', () => {
    const coAuthors = [
      { designerId: 'ana', shareBps: 0 },
      { designerId: '', shareBps: 5000 },
      { designerId: 'ana', shareBps: 4000 },
      { designerId: 'bo', shareBps: 1000.5 },
    ];
    expect(validateSplitTerms(terms({ designerShareBps: 20_000, coAuthors }))).toMatchObject([
      { path: 'designerShareBps', message: "The designers' share cannot be more than 100% (it is 200%)" },
      { path: 'coAuthors.0.shareBps', message: "Co-author 1's share must be more than 0% (it is 0%)" },
      { path: 'coAuthors.1.designerId', message: 'Co-author 2 needs a designer' },
      { path: 'coAuthors.2.designerId', message: 'Designer ana is listed as a co-author more than once' },
      { path: 'coAuthors.3.shareBps', message: "Co-author 4's share must be in steps of 0.01% (it is 10.005%)" },
      { path: 'coAuthors', message: 'Co-author shares must add up to 100% (they add up to 100.005%)' },
    ]);
  });

  it('rejects a single co-author over 100% and says so', () => {
    expect(validateSplitTerms(terms({ coAuthors: [{ designerId: 'ana', shareBps: 12_000 }] }))).toMatchObject([
      { path: 'coAuthors.0.shareBps', message: "Co-author 1's share cannot be more than 100% (it is 120%)" },
      { path: 'coAuthors', message: 'Co-author shares must add up to 100% (they add up to 120%)' },
    ]);
  });

  it('copes with terms that did not come from TypeScript', () => {
    const fromJson = (value: unknown) => validateSplitTerms(value as RevenueSplitTerms);
    expect(fromJson(null)).toMatchObject([{ path: '', message: 'Revenue split terms must be an object (got null)' }]);
    expect(fromJson({ designerShareBps: '30', coAuthors: 'ana' })).toMatchObject([
      { path: 'designerShareBps', message: `The designers' share must be a number of basis points (got "30")` },
      { path: 'coAuthors', message: 'Co-authors must be a list' },
    ]);
    expect(fromJson({ designerShareBps: 3000, coAuthors: [null, { designerId: 'bo' }] })).toMatchObject([
      { path: 'coAuthors.0', message: 'Co-author 1 must be an object (got null)' },
      { path: 'coAuthors.1.shareBps', message: "Co-author 2's share must be a number of basis points (got undefined)" },
    ]);
  });

  it('gives each problem a stable code and the values its sentence names', () => {
    const coAuthors = [
      { designerId: 'ana', shareBps: 0 },
      { designerId: 'ana', shareBps: 9000.5 },
    ];
    expect(validateSplitTerms(terms({ designerShareBps: -100, coAuthors })).map(({ path, code, params }) => ({ path, code, params }))).toEqual([
      { path: 'designerShareBps', code: 'designerShare.negative', params: { percent: '-1%' } },
      { path: 'coAuthors.0.shareBps', code: 'coAuthorShare.notPositive', params: { index: 1, percent: '0%' } },
      { path: 'coAuthors.1.designerId', code: 'coAuthorRepeated', params: { designerId: 'ana' } },
      { path: 'coAuthors.1.shareBps', code: 'coAuthorShare.notStep', params: { index: 2, percent: '90.005%' } },
      { path: 'coAuthors', code: 'sharesSum', params: { percent: '90.005%' } },
    ]);
    expect(validateSplitTerms(terms({ coAuthors: [] }))).toEqual([{ path: 'coAuthors', code: 'noCoAuthors', params: {}, message: 'Add at least one co-author' }]);
  });
});

describe('assertValidSplitTerms', () => {
  it('throws a RangeError listing the problems', () => {
    expect(() => assertValidSplitTerms(terms({ coAuthors: [] }))).toThrow(
      new RangeError('Invalid revenue split terms: coAuthors: Add at least one co-author'),
    );
    expect(() => assertValidSplitTerms(terms())).not.toThrow();
  });
});
