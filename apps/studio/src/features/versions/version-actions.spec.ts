import { describe, expect, it } from '@jest/globals';
import { canManagePublishing, canUnpublish, findVersionAction, orderPair, pickDefaultPair } from './version-actions';

const owner = { id: 'u-owner', roles: ['DESIGNER'] };

describe('canManagePublishing', () => {
  it('lets the owning designer and any admin manage publishing, and nobody else', () => {
    expect(canManagePublishing(owner, 'u-owner')).toBe(true);
    expect(canManagePublishing({ id: 'u-admin', roles: ['ADMIN'] }, 'u-owner')).toBe(true);
    expect(canManagePublishing({ id: 'u-other', roles: ['DESIGNER'] }, 'u-owner')).toBe(false);
    expect(canManagePublishing({ id: 'u-rev', roles: ['REVIEWER'] }, 'u-owner')).toBe(false);
    // The resolver's guard wants DESIGNER or ADMIN even from the owner.
    expect(canManagePublishing({ id: 'u-owner', roles: ['REVIEWER'] }, 'u-owner')).toBe(false);
  });
});

describe('findVersionAction', () => {
  it('offers publish for an approved version and roll back for a superseded one', () => {
    expect(findVersionAction({ id: 'v3', state: 'APPROVED' }, 'v2', true)).toBe('publish');
    expect(findVersionAction({ id: 'v1', state: 'SUPERSEDED' }, 'v2', true)).toBe('rollback');
    expect(findVersionAction({ id: 'v1', state: 'SUPERSEDED' }, null, true)).toBe('rollback');
  });

  it('offers nothing for the live version, versions that cannot be published, or a viewer who may not', () => {
    expect(findVersionAction({ id: 'v2', state: 'PUBLISHED' }, 'v2', true)).toBeNull();
    for (const state of ['DRAFT', 'SUBMITTED', 'CHANGES_REQUESTED', 'REJECTED'] as const) {
      expect(findVersionAction({ id: 'v9', state }, 'v2', true)).toBeNull();
    }
    expect(findVersionAction({ id: 'v3', state: 'APPROVED' }, 'v2', false)).toBeNull();
  });
});

describe('canUnpublish', () => {
  it('needs a live version and the right to manage', () => {
    expect(canUnpublish('v2', true)).toBe(true);
    expect(canUnpublish(null, true)).toBe(false);
    expect(canUnpublish('v2', false)).toBe(false);
  });
});

describe('pickDefaultPair and orderPair', () => {
  it('compares the newest with the one before, and needs two versions', () => {
    expect(pickDefaultPair([{ id: 'v3' }, { id: 'v2' }, { id: 'v1' }])).toEqual({ olderId: 'v2', newerId: 'v3' });
    expect(pickDefaultPair([{ id: 'v1' }])).toBeNull();
  });

  it('orders any two versions by number', () => {
    const a = { id: 'a', number: 4 };
    const b = { id: 'b', number: 2 };
    expect(orderPair(a, b)).toEqual({ older: b, newer: a });
    expect(orderPair(b, a)).toEqual({ older: b, newer: a });
  });
});
