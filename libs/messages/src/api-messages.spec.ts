import { describe, expect, it } from '@jest/globals';
import { API_MESSAGES, apiMessage, formatMessage, isApiMessageKey, placeholdersOf } from './index.js';

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
});
