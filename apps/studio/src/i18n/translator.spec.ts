import { describe, expect, it } from '@jest/globals';
import { detectLocale } from './locale-storage';
import { createTranslator, currencyFractionDigits } from './translator';

const en = createTranslator('en');
const zh = createTranslator('zh-CN');

describe('formatMoney', () => {
  it('formats integer fen as yuan in each locale: CN¥ in English, ¥ in Chinese', () => {
    expect(en.formatMoney(123456, 'CNY')).toBe('CN¥1,234.56');
    expect(zh.formatMoney(123456, 'CNY')).toBe('¥1,234.56');
    expect(en.formatMoney(0, 'CNY')).toBe('CN¥0.00');
    expect(zh.formatMoney(5, 'CNY')).toBe('¥0.05');
  });

  it('shows refunds and other negative amounts with a minus sign', () => {
    expect(en.formatMoney(-150, 'CNY')).toBe('-CN¥1.50');
    expect(zh.formatMoney(-150, 'CNY')).toBe('-¥1.50');
  });

  it("uses the currency's own minor unit, and can drop it for axis labels", () => {
    expect(currencyFractionDigits('CNY')).toBe(2);
    expect(currencyFractionDigits('JPY')).toBe(0);
    expect(en.formatMoney(1500, 'JPY')).toBe('¥1,500');
    expect(en.formatMoney(199, 'USD')).toBe('$1.99');
    expect(zh.formatMoney(1500, 'CNY', { wholeUnits: true })).toBe('¥15');
  });

  it('keeps whole yuan exact for large sums', () => {
    expect(zh.formatMoney(1_234_567_890_12, 'CNY')).toBe('¥1,234,567,890.12');
  });
});

describe('translator', () => {
  it('fills placeholders and formats numbers for the locale', () => {
    expect(en.t('earnings.range.tooLong', { max: 36 })).toBe('Choose at most 36 months at a time.');
    expect(zh.t('earnings.range.tooLong', { max: 36 })).toBe('一次最多选择 36 个月。');
    expect(en.t('templates.noMatchTitle', { search: 'film' })).toBe('No templates match “film”');
  });

  it('picks plural forms by the locale rules', () => {
    expect(en.tn('templates.count', 1)).toBe('1 template');
    expect(en.tn('templates.count', 1200)).toBe('1,200 templates');
    expect(zh.tn('templates.count', 1)).toBe('1 个模板');
  });

  it('formats months and dates for the locale', () => {
    expect(en.formatMonth('2026-10')).toBe('Oct 2026');
    expect(en.formatMonth('2026-10', 'long')).toBe('October 2026');
    expect(zh.formatMonth('2026-10')).toBe('2026年10月');
    expect(en.formatDate('2026-10-15T04:00:00Z', { dateStyle: 'medium', timeZone: 'UTC' })).toBe('Oct 15, 2026');
    expect(zh.formatDate('2026-10-15T04:00:00Z', { dateStyle: 'medium', timeZone: 'UTC' })).toBe('2026年10月15日');
    expect(en.formatDate('not a date')).toBe('');
    expect(zh.formatNumber(1234567)).toBe('1,234,567');
  });
});

describe('detectLocale', () => {
  it('takes any Chinese browser language as zh-CN and everything else as English', () => {
    expect(detectLocale(['zh-TW', 'en'])).toBe('zh-CN');
    expect(detectLocale(['zh'])).toBe('zh-CN');
    expect(detectLocale(['en-GB', 'zh-CN'])).toBe('en');
    expect(detectLocale(['fr-FR', 'zh-CN'])).toBe('zh-CN');
    expect(detectLocale(['de-DE'])).toBe('en');
    expect(detectLocale([])).toBe('en');
  });
});
