import { describe, expect, it } from '@jest/globals';
import { expectLabelled } from '../../../../testing/expect-labelled.js';
import { en } from './en';
import { CATALOGUES } from './translator';
import { LOCALES } from './types';
import { zhCN } from './zh-CN';

const placeholdersOf = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

// zh-CN.ts is also checked by the compiler (`satisfies Catalogue`); this catches a catalogue that
// was cast or loaded around the type check, and placeholders that drifted apart.
describe('message catalogues', () => {
  it('has exactly the same keys in every language', () => {
    const english = Object.keys(en).sort();
    for (const locale of LOCALES) {
      const keys = Object.keys(CATALOGUES[locale]).sort();
      expect({ locale, missing: english.filter((k) => !keys.includes(k)), extra: keys.filter((k) => !english.includes(k)) }).toEqual({
        locale,
        missing: [],
        extra: [],
      });
    }
    expect(Object.keys(zhCN).sort()).toEqual(english);
  });

  it('uses the same placeholders in every language and leaves no message empty', () => {
    for (const locale of LOCALES) {
      const catalogue = CATALOGUES[locale] as Record<string, string>;
      for (const [key, message] of Object.entries(en)) {
        expectLabelled(catalogue[key]?.trim(), `${locale} ${key}`).toBeTruthy();
        expectLabelled(placeholdersOf(catalogue[key] ?? ''), `${locale} ${key}`).toEqual(placeholdersOf(message));
      }
    }
  });

  it('keeps plural keys in _one/_other pairs', () => {
    const keys = Object.keys(en);
    for (const key of keys.filter((k) => k.endsWith('_one'))) expect(keys).toContain(key.replace(/_one$/, '_other'));
  });

  it('translates rather than copies: the Chinese catalogue is mostly Chinese', () => {
    const han = Object.values(zhCN).filter((message) => /\p{Script=Han}/u.test(message)).length;
    expect(han / Object.keys(zhCN).length).toBeGreaterThan(0.9);
  });
});
