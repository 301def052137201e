import { describe, expect, it } from '@jest/globals';
import { parseElementId, toJointElementId, toLightElementId } from './element-id.js';

describe('element ids', () => {
  it('names joints and lights and reads them back', () => {
    expect(toJointElementId(3)).toBe('joint:3');
    expect(toLightElementId('key')).toBe('light:key');
    expect(parseElementId('joint:17')).toEqual({ kind: 'joint', index: 17 });
    expect(parseElementId('light:rim-2')).toEqual({ kind: 'light', lightId: 'rim-2' });
    expect(parseElementId('light:a:b')).toEqual({ kind: 'light', lightId: 'a:b' });
    expect(parseElementId('reference')).toEqual({ kind: 'reference' });
    expect(parseElementId('subjectFrame')).toEqual({ kind: 'subjectFrame' });
  });

  it.each(['joint:', 'joint:01', 'joint:-1', 'joint:1.5', 'light:', 'frame', ''])('rejects %j', (id) => {
    expect(parseElementId(id)).toBeNull();
  });
});
