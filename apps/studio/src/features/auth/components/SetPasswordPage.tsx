import { useId, useState, type FormEvent } from 'react';
import { PasswordLinkDocument, SetPasswordWithLinkDocument } from '../../../gql/graphql';
import { describeError } from '../../../i18n/describe-error';
import { LanguageSwitch } from '../../../i18n/LanguageSwitch';
import { useI18n } from '../../../i18n/useI18n';
import { gqlRequest, isGraphQLRequestError } from '../../../lib/graphql-client';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import { routeHref } from '../../../app/routes';
import { MIN_PASSWORD_LENGTH } from '../../account/password-rules';
import { useSession } from '../hooks/useSession';
import '../auth.css';


/**
 * What a one-time link from an admin opens: the invited (or reset) person chooses a password and is
 * signed in. A used or expired link says so and who to ask.
 */
export function SetPasswordPage({ token }: { token: string }) {
  const { t, formatDate } = useI18n();
  const { adoptNewSession } = useSession();
  const link = useGqlQuery(PasswordLinkDocument, token ? { token } : null);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { password: useId(), confirm: useId(), error: useId() };
  const info = link.data?.passwordLink ?? null;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (password.length < MIN_PASSWORD_LENGTH) return setError(t('setPassword.tooShort', { count: MIN_PASSWORD_LENGTH }));
    if (password !== confirm) return setError(t('setPassword.mismatch'));
    setBusy(true);
    setError(null);
    try {
      const { setPasswordWithLink } = await gqlRequest(SetPasswordWithLinkDocument, { token, newPassword: password });
      adoptNewSession(setPasswordWithLink);
      window.location.hash = routeHref('templates');
    } catch (caught) {
      setError(isGraphQLRequestError(caught, 'BAD_USER_INPUT') && caught.issues.some((i) => i.path.includes('token')) ? t('setPassword.linkGone') : describeError(caught, t));
      setBusy(false);
    }
  }

  const isGone = !token || (!link.isLoading && !link.error && !info);
  return (
    <main className="login-page">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <div className="login-card" data-testid="set-password-page">
        <div className="login-brand">
          <span className="wordmark">Atelier</span>
          <span className="login-brand-sub">{t('app.product')}</span>
        </div>
        {isGone ? (
          <>
            <h1 className="login-title">{t('setPassword.goneTitle')}</h1>
            <p className="login-lede" data-testid="set-password-gone">
              {t('setPassword.linkGone')}
            </p>
          </>
        ) : (
          <>
            <h1 className="login-title">{info?.purpose === 'RESET' ? t('setPassword.resetTitle') : t('setPassword.inviteTitle')}</h1>
            {info && (
              <p className="login-lede" data-testid="set-password-who">
                {t('setPassword.who', { name: info.displayName, email: info.email, date: formatDate(info.expiresAt, { dateStyle: 'medium', timeStyle: 'short' }) })}
              </p>
            )}
            {Boolean(link.error) && (
              <p className="form-error" role="alert">
                {describeError(link.error, t)}
              </p>
            )}
            <form className="form-stack" onSubmit={handleSubmit} noValidate>
              <div className="field">
                <label className="field-label" htmlFor={ids.password}>
                  {t('setPassword.password')}
                </label>
                <input id={ids.password} data-testid="set-password-new" className="input" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby={error ? ids.error : undefined} />
                <p className="field-hint">{t('setPassword.hint', { count: MIN_PASSWORD_LENGTH })}</p>
              </div>
              <div className="field">
                <label className="field-label" htmlFor={ids.confirm}>
                  {t('setPassword.confirm')}
                </label>
                <input id={ids.confirm} data-testid="set-password-confirm" className="input" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
              </div>
              {error && (
                <p id={ids.error} className="form-error" role="alert" data-testid="set-password-error">
                  {error}
                </p>
              )}
              <button type="submit" className="button button-primary button-block" data-testid="set-password-submit" disabled={busy || !info}>
                {busy ? t('setPassword.saving') : t('setPassword.submit')}
              </button>
            </form>
          </>
        )}
      </div>
    </main>
  );
}
