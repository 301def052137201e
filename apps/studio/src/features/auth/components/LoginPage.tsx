import { useId, useState, type FormEvent } from 'react';
import { describeError } from '../../../i18n/describe-error';
import { LanguageSwitch } from '../../../i18n/LanguageSwitch';
import { useI18n } from '../../../i18n/useI18n';
import { useSession } from '../hooks/useSession';
import { describeSessionEndedReason } from '../session-ended-reason';
import '../auth.css';

const DEMO_EMAIL = 'designer@atelier.local';
const DEMO_PASSWORD = 'atelier-dev';

export function LoginPage() {
  const { signIn, session } = useSession();
  // Why the API ended the last session (signed out everywhere, account disabled, expired), until they try again.
  const endedReason = session.status === 'signed-out' ? session.endedReason : null;
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [errorMessage, setErrorMessage] = useState<string | null>(null);
  const errorId = useId();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSubmitting) return;
    setIsSubmitting(true);
    setErrorMessage(null);
    try {
      await signIn(email.trim(), password);
      // On success the provider swaps this page out; nothing else to do here.
    } catch (error) {
      setErrorMessage(describeError(error, t));
      setIsSubmitting(false);
    }
  }

  return (
    <main className="login-page">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <div className="login-card">
        <div className="login-brand">
          <span className="wordmark">Atelier</span>
          <span className="login-brand-sub">{t('app.product')}</span>
        </div>
        <h1 className="login-title">{t('login.title')}</h1>
        <p className="login-lede">{t('login.lede')}</p>

        {endedReason && !errorMessage && (
          <div className="banner banner-warning" role="status" data-testid="session-ended">
            <span>
              <strong>{t('login.sessionEnded')}</strong> {describeSessionEndedReason(endedReason, t)}
            </span>
          </div>
        )}

        <form className="form-stack" onSubmit={handleSubmit}>
          <div className="field">
            <label className="field-label" htmlFor="login-email">
              {t('login.email')}
            </label>
            <input
              id="login-email"
              data-testid="login-email"
              className="input"
              type="email"
              name="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-describedby={errorMessage ? errorId : undefined}
            />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="login-password">
              {t('login.password')}
            </label>
            <input
              id="login-password"
              data-testid="login-password"
              className="input"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-describedby={errorMessage ? errorId : undefined}
            />
          </div>

          {errorMessage && (
            <p id={errorId} className="form-error" role="alert" data-testid="login-error">
              {errorMessage}
            </p>
          )}

          <button
            type="submit"
            className="button button-primary button-block"
            data-testid="login-submit"
            disabled={isSubmitting}
          >
            {isSubmitting ? t('login.submitting') : t('login.submit')}
          </button>
        </form>

        <p className="login-hint">
          {t('login.demoHint')} <code>{DEMO_EMAIL}</code> / <code>{DEMO_PASSWORD}</code>
        </p>
      </div>
    </main>
  );
}
