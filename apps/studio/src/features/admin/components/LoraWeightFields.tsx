import { useId } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import type { FieldErrors } from '../admin-errors';
import type { GqlOperationName } from '../../../lib/query-client';

export type LoraWeights = { minWeight: string; defaultWeight: string; maxWeight: string };

/** The lists that show LoRAs: the admin page, the editor's picker and the names in version diffs. */
export const LORA_QUERIES = ['AdminLoras', 'EditorLoras', 'HistoryLoras'] as const satisfies readonly GqlOperationName[];

/** The typed weights as numbers, or null when one is not a number or they are not min ≤ default ≤ max. */
export function parseLoraWeights(weights: LoraWeights): { minWeight: number; defaultWeight: number; maxWeight: number } | null {
  const [min, def, max] = [Number(weights.minWeight), Number(weights.defaultWeight), Number(weights.maxWeight)];
  return [min, def, max].every((n) => Number.isFinite(n)) && min <= def && def <= max ? { minWeight: min, defaultWeight: def, maxWeight: max } : null;
}

/** "film, grain，warm" -> ["film", "grain", "warm"] (ASCII or full-width commas). */
export function splitTriggerWords(text: string): string[] {
  return text
    .split(/[,，]/)
    .map((w) => w.trim())
    .filter(Boolean);
}

/** The minimum, default and maximum weight of a LoRA, as typed, each with its error (registering and editing). */
export function LoraWeightFields({ weights, onChange, errors, testIdPrefix }: { weights: LoraWeights; onChange: (next: LoraWeights) => void; errors: FieldErrors<keyof LoraWeights>; testIdPrefix?: string }) {
  const { t } = useI18n();
  const ids = { minWeight: useId(), defaultWeight: useId(), maxWeight: useId() };
  const labels = { minWeight: t('admin.loras.form.minWeight'), defaultWeight: t('admin.loras.form.defaultWeight'), maxWeight: t('admin.loras.form.maxWeight') };
  return (
    <div className="admin-form-grid">
      {(['minWeight', 'defaultWeight', 'maxWeight'] as const).map((key) => (
        <div className="field" key={key}>
          <label className="field-label" htmlFor={ids[key]}>
            {labels[key]}
          </label>
          <input
            id={ids[key]}
            className="input"
            type="number"
            step="0.05"
            data-testid={testIdPrefix ? `${testIdPrefix}-${key}` : undefined}
            value={weights[key]}
            onChange={(e) => onChange({ ...weights, [key]: e.target.value })}
            aria-invalid={errors[key] ? true : undefined}
          />
          {errors[key] && <p className="field-error">{errors[key]}</p>}
        </div>
      ))}
    </div>
  );
}
