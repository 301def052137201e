import type { en } from './en';

/** Every UI string's key; `en.ts` is the source of truth for the set. */
export type MessageKey = keyof typeof en;

/** A full catalogue: exactly en's keys (checked with `satisfies Catalogue` on the object literal). */
export type Catalogue = { readonly [K in MessageKey]: string };

/** Base keys of plural pairs (`<base>_one` / `<base>_other`), for `tn(base, count)`. */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}_other` ? Base : never }[MessageKey];

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** Values interpolated into `{name}` placeholders; numbers are formatted for the locale. */
export type MessageParams = Record<string, string | number>;
