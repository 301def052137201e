import { afterEach, describe, expect, it } from '@jest/globals';
import { act, renderHook } from '@testing-library/react';
import { useHashQuery } from './useHashQuery';

describe('useHashQuery', () => {
  afterEach(() => {
    window.location.hash = '';
  });

  it('reads the filters from the address and writes changes back without new history entries', () => {
    window.location.hash = '#/admin/users?role=ADMIN&q=li';
    const before = window.history.length;
    const { result } = renderHook(() => useHashQuery());
    expect([result.current[0].get('role'), result.current[0].get('q')]).toEqual(['ADMIN', 'li']);

    act(() => result.current[1]({ q: 'lin', status: 'INVITED', role: null }));
    expect(window.location.hash).toBe('#/admin/users?q=lin&status=INVITED');
    expect(result.current[0].get('status')).toBe('INVITED');
    expect(window.history.length).toBe(before);
  });
});
