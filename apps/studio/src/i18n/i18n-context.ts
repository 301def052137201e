import { createContext } from 'react';
import { createTranslator, type Translator } from './translator';
import type { Locale } from './types';

export interface I18nContextValue extends Translator {
  setLocale: (locale: Locale) => void;
}

// Outside a provider (isolated component tests) the studio speaks English and cannot switch.
export const I18nContext = createContext<I18nContextValue>({ ...createTranslator('en'), setLocale: () => undefined });
