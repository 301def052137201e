import { useId, useState } from 'react';
import { SetApiKeyRateLimitDocument } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/useI18n';
import type { Translator } from '../../../i18n/translator';
import { toFormErrors, type FieldErrors } from '../admin-errors';
import type { ApiKey } from '../graphql/admin.graphql';
import { useAdminMutation } from '../hooks/useAdminMutation';
import { ConfirmDialog } from './ConfirmDialog';

export const RATE_LIMIT_RANGE = { min: 1, max: 1_000_000 } as const;

/** A typed rate limit: null for the default (empty), a number, or 'invalid'. */
export function parseRateLimit(text: string): number | null | 'invalid' {
  const trimmed = text.trim().replace(/[,\s]/g, '');
  if (!trimmed) return null;
  if (!/^\d+$/.test(trimmed)) return 'invalid';
  const value = Number(trimmed);
  return value >= RATE_LIMIT_RANGE.min && value <= RATE_LIMIT_RANGE.max ? value : 'invalid';
}

/** What the keys list says of a key's limit: its own, or the default's value. */
export function describeRateLimit(key: Pick<ApiKey, 'rateLimitPerMinute' | 'effectiveRateLimitPerMinute'>, t: Translator['t']): string {
  return key.rateLimitPerMinute === null ? t('admin.apiKeys.rateLimitDefault', { count: key.effectiveRateLimitPerMinute }) : t('admin.apiKeys.rateLimitOwn', { count: key.rateLimitPerMinute });
}

const FIELDS = ['perMinute'] as const;

/** Changes a key's requests per minute (empty: the default); every API process applies it at once. */
export function ApiKeyRateLimitDialog({ apiKey, onDone }: { apiKey: ApiKey; onDone: () => void }) {
  const { t } = useI18n();
  const save = useAdminMutation(SetApiKeyRateLimitDocument, ['AdminApiKeys']);
  const [text, setText] = useState(apiKey.rateLimitPerMinute === null ? '' : String(apiKey.rateLimitPerMinute));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<(typeof FIELDS)[number]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const inputId = useId();

  async function submit() {
    const perMinute = parseRateLimit(text);
    setFormError(null);
    if (perMinute === 'invalid') {
      setFieldErrors({ perMinute: t('admin.apiKeys.rateLimitInvalid', RATE_LIMIT_RANGE) });
      return;
    }
    setFieldErrors({});
    try {
      await save.run({ id: apiKey.id, perMinute });
      onDone();
    } catch (error) {
      const split = toFormErrors(error, FIELDS, t);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    }
  }

  return (
    <ConfirmDialog
      testId="api-key-rate-limit-dialog"
      title={t('admin.apiKeys.rateLimitTitle', { name: apiKey.name })}
      confirmLabel={t('admin.apiKeys.rateLimitSave')}
      confirmTone="primary"
      busy={save.isRunning}
      error={formError}
      onConfirm={() => void submit()}
      onCancel={onDone}
    >
      <p>{t('admin.apiKeys.rateLimitText')}</p>
      <div className="field">
        <label className="field-label" htmlFor={inputId}>
          {t('admin.apiKeys.rateLimit')}
        </label>
        <input
          id={inputId}
          className="input"
          data-testid="api-key-rate-limit-input"
          inputMode="numeric"
          value={text}
          autoComplete="off"
          placeholder={t('admin.apiKeys.rateLimitPlaceholder')}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={fieldErrors.perMinute ? true : undefined}
        />
        <p className={fieldErrors.perMinute ? 'field-error' : 'field-hint'}>{fieldErrors.perMinute ?? t('admin.apiKeys.rateLimitHint')}</p>
      </div>
    </ConfirmDialog>
  );
}
