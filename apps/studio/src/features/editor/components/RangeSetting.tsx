import type { NumberRange } from '@atelier/editor-core';
import '../editor.css';

interface RangeSettingProps {
  label: string;
  value: number;
  range: NumberRange;
  step: number;
  testId: string;
  /** Messages shown under the control (validation issues for this field). */
  errors?: readonly string[];
  onChange: (value: number) => void;
  /** A slider drag is one undo step: opened on pointer down, closed on pointer up. */
  onGestureStart: () => void;
  onGestureEnd: () => void;
}

/** A slider with a number box, both clamped to `range`; shows its field's issues underneath. */
export function RangeSetting({ label, value, range, step, testId, errors = [], onChange, onGestureStart, onGestureEnd }: RangeSettingProps) {
  const commit = (raw: string) => {
    const parsed = Number(raw);
    if (raw.trim() !== '' && Number.isFinite(parsed)) onChange(Math.min(range.max, Math.max(range.min, parsed)));
  };
  const decimals = step < 0.1 ? 2 : step < 1 ? 1 : 0;
  return (
    <div className="number-setting">
      <span className="number-setting-label">{label}</span>
      <span className="number-setting-controls">
        <input
          type="range"
          min={range.min}
          max={range.max}
          step={step}
          value={value}
          aria-label={label}
          onPointerDown={onGestureStart}
          onPointerUp={onGestureEnd}
          onBlur={onGestureEnd}
          onChange={(e) => commit(e.target.value)}
        />
        <input
          type="number"
          className="input input-compact"
          min={range.min}
          max={range.max}
          step={step}
          value={Number(value.toFixed(decimals))}
          aria-label={label}
          aria-invalid={errors.length > 0 || undefined}
          data-testid={testId}
          onChange={(e) => commit(e.target.value)}
        />
      </span>
      <FieldErrors messages={errors} path={testId} />
    </div>
  );
}

/** Validation messages for one field (`data-path` names the field for tests). */
export function FieldErrors({ messages, path }: { messages: readonly string[]; path: string }) {
  if (messages.length === 0) return null;
  return (
    <ul className="field-error" role="alert" data-testid="field-error" data-path={path} style={{ margin: '4px 0 0', paddingLeft: 16 }}>
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}
