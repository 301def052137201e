import { useId } from 'react';
import { addMonths, countMonths, isMonth } from '../../../lib/calendar-month';
import { useI18n } from '../../../i18n/useI18n';
import '../earnings.css';

export interface MonthRange {
  from: string;
  to: string;
}

export const MAX_RANGE_MONTHS = 36;
const PRESETS = [6, 12, 24] as const;

/** The last `months` months, the current one included. */
export function lastMonths(months: number, current: string): MonthRange {
  return { from: addMonths(current, -(months - 1)), to: current };
}

export type MonthRangeProblem = 'invalid' | 'reversed' | 'too-long' | null;

export function checkMonthRange({ from, to }: MonthRange): MonthRangeProblem {
  if (!isMonth(from) || !isMonth(to)) return 'invalid';
  const months = countMonths(from, to);
  if (months < 1) return 'reversed';
  if (months > MAX_RANGE_MONTHS) return 'too-long';
  return null;
}

interface MonthRangePickerProps {
  value: MonthRange;
  onChange: (range: MonthRange) => void;
  currentMonth: string;
}

/** Presets (last 6, 12, 24 months) and free from/to months. */
export function MonthRangePicker({ value, onChange, currentMonth }: MonthRangePickerProps) {
  const { t } = useI18n();
  const ids = { from: useId(), to: useId() };
  const activePreset = PRESETS.find((n) => {
    const preset = lastMonths(n, currentMonth);
    return preset.from === value.from && preset.to === value.to;
  });

  return (
    <div className="range-picker">
      <div className="segmented-buttons" role="group" aria-label={t('earnings.range.presets')}>
        {PRESETS.map((n) => (
          <button
            key={n}
            type="button"
            className="segmented-button"
            aria-pressed={activePreset === n}
            data-testid={`range-preset-${n}`}
            onClick={() => onChange(lastMonths(n, currentMonth))}
          >
            {t('earnings.range.lastMonths', { count: n })}
          </button>
        ))}
      </div>
      <div className="range-inputs">
        <label className="visually-hidden" htmlFor={ids.from}>
          {t('earnings.range.from')}
        </label>
        <input
          id={ids.from}
          data-testid="earnings-from"
          className="input input-month"
          type="month"
          value={value.from}
          max={currentMonth}
          onChange={(e) => onChange({ ...value, from: e.target.value })}
        />
        <span className="range-separator" aria-hidden="true">
          –
        </span>
        <label className="visually-hidden" htmlFor={ids.to}>
          {t('earnings.range.to')}
        </label>
        <input
          id={ids.to}
          data-testid="earnings-to"
          className="input input-month"
          type="month"
          value={value.to}
          max={currentMonth}
          onChange={(e) => onChange({ ...value, to: e.target.value })}
        />
      </div>
    </div>
  );
}
