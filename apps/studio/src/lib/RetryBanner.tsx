import { describeError } from '../i18n/describe-error';
import { useI18n } from '../i18n/useI18n';

/** A request that failed, said in the person's language, with "Try again" (which repeats it). */
export function RetryBanner({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <div className="banner banner-error" role="alert">
      <span>{describeError(error, t)}</span>
      <button type="button" className="button button-small" onClick={onRetry}>
        {t('common.tryAgain')}
      </button>
    </div>
  );
}
