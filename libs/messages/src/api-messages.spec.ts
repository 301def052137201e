import { describe, expect, it } from '@jest/globals';
import { API_MESSAGES, API_TERMS, apiMessage, englishTerm, formatMessage, isApiMessageKey, placeholdersOf, wordTerms } from './index.js';

describe('API messages', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('Tag "{tag}" must be up to {max} letters.', { tag: 'x!', max: 40 })).toBe('Tag "x!" must be up to 40 letters.');
    expect(formatMessage('At most {max} tags.', {})).toBe('At most {max} tags.');
    expect(apiMessage('template.titleLength', { min: 1, max: 120 })).toBe('Title must be 1 to 120 characters.');
  });

  it('knows its own reasons and nothing else', () => {
    expect(isApiMessageKey('template.titleLength')).toBe(true);
    expect(isApiMessageKey('toString')).toBe(false);
    expect(isApiMessageKey(42)).toBe(false);
  });

  it('words every reason as a sentence with named placeholders', () => {
    for (const [reason, message] of Object.entries(API_MESSAGES)) {
      expect({ reason, ok: /^[A-Z{"]/.test(message) && /[.?!)]$/.test(message) }).toEqual({ reason, ok: true });
      expect({ reason, placeholders: placeholdersOf(message).every((p) => /^[a-z][A-Za-z]*$/.test(p)) }).toEqual({ reason, placeholders: true });
    }
  });

  it('words term parameters, and leaves a code it has no words for as it is', () => {
    expect(wordTerms({ versionState: 'CHANGES_REQUESTED', versionAction: 'PUBLISH', max: 3 }, englishTerm)).toEqual({ versionState: 'changes requested', versionAction: 'published', max: 3 });
    expect(wordTerms({ versionState: 'FROM_THE_FUTURE' }, englishTerm)).toEqual({ versionState: 'FROM_THE_FUTURE' });
  });

  it('names a template spec field by its path, items counted from 1 and keypoints by name', () => {
    const field = (path: string) => wordTerms({ field: path }, englishTerm)['field'];
    expect(field('canvas.width')).toBe('Canvas width');
    expect(field('lighting.lights.1.intensity')).toBe('Light 2 intensity');
    expect(field('pose.keypoints.3')).toBe('Right elbow (keypoint 3)');
    expect(field('pose.keypoints.17.1')).toBe('Left ear (keypoint 17) y');
    expect(field('')).toBe('Template spec');
    expect(field('canvas.depth')).toBe('canvas.depth');
  });

  it('words every term without placeholders other than the ones a field label may use', () => {
    for (const [key, words] of Object.entries(API_TERMS)) {
      expect({ key, placeholders: placeholdersOf(words).every((p) => ['n', 'index', 'joint', 'axis'].includes(p)) }).toEqual({ key, placeholders: true });
    }
  });
});
