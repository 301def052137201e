import { useId } from 'react';
import { addMonths, isMonth } from '../../../lib/calendar-month';
import { useI18n } from '../../../i18n/useI18n';
import '../statements.css';

interface MonthStepperProps {
  label: string;
  value: string;
  onChange: (month: string) => void;
  /** The latest month that can be picked (YYYY-MM). */
  max?: string;
  testId?: string;
}

/** A month input with previous/next buttons. */
export function MonthStepper({ label, value, onChange, max, testId }: MonthStepperProps) {
  const { t } = useI18n();
  const id = useId();
  const isAtMax = max !== undefined && value >= max;
  return (
    <div className="month-stepper">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="month-stepper-controls">
        <button type="button" className="icon-button" aria-label={t('month.previous')} onClick={() => onChange(addMonths(value, -1))}>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M10 3.5 5.5 8l4.5 4.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
        <input
          id={id}
          data-testid={testId}
          className="input input-month"
          type="month"
          value={value}
          max={max}
          required
          onChange={(e) => {
            if (isMonth(e.target.value)) onChange(e.target.value);
          }}
        />
        <button
          type="button"
          className="icon-button"
          aria-label={t('month.next')}
          disabled={isAtMax}
          onClick={() => onChange(addMonths(value, 1))}
        >
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M6 3.5 10.5 8 6 12.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
      </div>
    </div>
  );
}
