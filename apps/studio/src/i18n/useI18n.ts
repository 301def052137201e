import { useContext } from 'react';
import { I18nContext, type I18nContextValue } from './i18n-context';

/** The active locale's `t`, `tn` and formatters, and `setLocale` (remembered in localStorage). */
export function useI18n(): I18nContextValue {
  return useContext(I18nContext);
}
