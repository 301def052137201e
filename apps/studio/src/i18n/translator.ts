import { en } from './en';
import type { Catalogue, Locale, MessageKey, MessageParams, PluralKey } from './types';
import { zhCN } from './zh-CN';

export const CATALOGUES: Record<Locale, Catalogue> = { en, 'zh-CN': zhCN };

export interface MoneyFormatOptions {
  /** Drop the minor digits (axis labels); the amount is rounded. */
  wholeUnits?: boolean;
  signDisplay?: Intl.NumberFormatOptions['signDisplay'];
}

export interface Translator {
  locale: Locale;
  /** The message for `key` with `{name}` placeholders filled in. */
  t: (key: MessageKey, params?: MessageParams) => string;
  /** Picks `<base>_one` or `<base>_other` for `count` by the locale's plural rules; `{count}` is filled in. */
  tn: (base: PluralKey, count: number, params?: MessageParams) => string;
  /** Integer minor units (fen) -> "¥1,234.50" (zh-CN) or "CN¥1,234.50" (en). */
  formatMoney: (minor: number, currency: string, options?: MoneyFormatOptions) => string;
  formatNumber: (value: number, options?: Intl.NumberFormatOptions) => string;
  /** ISO timestamp or Date -> local date (and time, by default); "" when missing or invalid. */
  formatDate: (value: string | Date | null | undefined, options?: Intl.DateTimeFormatOptions) => string;
  /** "2026-10" -> "Oct 2026" / "2026年10月" (`long`: "October 2026" / "2026年10月"). */
  formatMonth: (month: string, style?: 'short' | 'long') => string;
}

const formatterCache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>(key: string, make: () => T): T {
  let formatter = formatterCache.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    formatterCache.set(key, formatter);
  }
  return formatter;
}

/** How many minor units make one major unit's decimals: 2 for CNY and USD, 0 for JPY. */
export function currencyFractionDigits(currency: string): number {
  const format = cached(`digits:${currency}`, () => new Intl.NumberFormat('en', { style: 'currency', currency }));
  return format.resolvedOptions().maximumFractionDigits ?? 2;
}

/** Fills `{name}` placeholders; unknown placeholders are left as they are so a bad key shows. */
export function interpolate(message: string, params: MessageParams | undefined, formatNumber: (n: number) => string): string {
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

export function createTranslator(locale: Locale): Translator {
  const catalogue = CATALOGUES[locale];

  const formatNumber = (value: number, options?: Intl.NumberFormatOptions) =>
    cached(`number:${locale}:${JSON.stringify(options ?? {})}`, () => new Intl.NumberFormat(locale, options)).format(value);

  const t = (key: MessageKey, params?: MessageParams) => interpolate(catalogue[key] ?? en[key] ?? key, params, (n) => formatNumber(n));

  const tn = (base: PluralKey, count: number, params?: MessageParams) => {
    const rule = cached(`plural:${locale}`, () => new Intl.PluralRules(locale)).select(count);
    const key = (rule === 'one' ? `${base}_one` : `${base}_other`) as MessageKey;
    return t(key in catalogue ? key : (`${base}_other` as MessageKey), { count, ...params });
  };

  const formatMoney = (minor: number, currency: string, options: MoneyFormatOptions = {}) => {
    const digits = currencyFractionDigits(currency);
    const major = minor / 10 ** digits;
    const shown = options.wholeUnits ? 0 : digits;
    const format = cached(
      `money:${locale}:${currency}:${shown}:${options.signDisplay ?? 'auto'}`,
      () =>
        new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          minimumFractionDigits: shown,
          maximumFractionDigits: shown,
          signDisplay: options.signDisplay ?? 'auto',
        }),
    );
    return format.format(major);
  };

  const formatDate = (value: string | Date | null | undefined, options?: Intl.DateTimeFormatOptions) => {
    if (!value) return '';
    const date = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(date.getTime())) return '';
    const resolved = options ?? { dateStyle: 'medium', timeStyle: 'short' };
    return cached(`date:${locale}:${JSON.stringify(resolved)}`, () => new Intl.DateTimeFormat(locale, resolved)).format(date);
  };

  const formatMonth = (month: string, style: 'short' | 'long' = 'short') => {
    const match = /^(\d{4})-(\d{2})$/.exec(month);
    if (!match) return month;
    // Months are calendar months (China time on the API side); format the label in UTC so no offset moves it.
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
    return cached(
      `month:${locale}:${style}`,
      () => new Intl.DateTimeFormat(locale, { year: 'numeric', month: style, timeZone: 'UTC' }),
    ).format(date);
  };

  return { locale, t, tn, formatMoney, formatNumber, formatDate, formatMonth };
}
