import { useId, useState, type FormEvent } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { useAccountSessions } from '../hooks/useAccountSessions';
import { checkPasswordForm, describePasswordError, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type PasswordField, type PasswordForm } from '../password-rules';
import '../account.css';

const EMPTY_FORM: PasswordForm = { currentPassword: '', newPassword: '', confirmPassword: '' };

/** Current, new and repeated new password; the API ends every other session and this browser keeps going. */
export function ChangePasswordCard() {
  const { t } = useI18n();
  const { changePassword } = useAccountSessions();
  const [form, setForm] = useState<PasswordForm>(EMPTY_FORM);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<PasswordField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isChanging, setIsChanging] = useState(false);
  const [isChanged, setIsChanged] = useState(false);
  const baseId = useId();
  const idOf = (field: PasswordField) => `${baseId}-${field}`;
  const headingId = `${baseId}-heading`;

  function update(field: PasswordField, value: string) {
    setForm((prev) => ({ ...prev, [field]: value }));
    setIsChanged(false);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isChanging) return;
    const errors = checkPasswordForm(form, t);
    setFieldErrors(errors);
    setFormError(null);
    setIsChanged(false);
    if (Object.keys(errors).length > 0) return;
    setIsChanging(true);
    try {
      await changePassword(form.currentPassword, form.newPassword);
      setForm(EMPTY_FORM);
      setIsChanged(true);
    } catch (error) {
      const described = describePasswordError(error, t);
      setFieldErrors(described.fieldErrors);
      setFormError(described.formError);
    } finally {
      setIsChanging(false);
    }
  }

  function renderField(field: PasswordField, label: string, autoComplete: string, hint?: string) {
    const error = fieldErrors[field];
    const testId = { currentPassword: 'current-password', newPassword: 'new-password', confirmPassword: 'confirm-password' }[field];
    return (
      <div className="field">
        <label className="field-label" htmlFor={idOf(field)}>
          {label}
        </label>
        <input
          id={idOf(field)}
          className="input"
          type="password"
          data-testid={testId}
          autoComplete={autoComplete}
          value={form[field]}
          onChange={(e) => update(field, e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error || hint ? `${idOf(field)}-note` : undefined}
        />
        {(error || hint) && (
          <p id={`${idOf(field)}-note`} className={error ? 'field-error' : 'field-hint'} data-testid={error ? 'field-error' : undefined} data-path={error ? field : undefined}>
            {error ?? hint}
          </p>
        )}
      </div>
    );
  }

  return (
    <section className="card" aria-labelledby={headingId}>
      <header className="card-header">
        <div>
          <h2 className="card-title" id={headingId}>
            {t('account.password.title')}
          </h2>
          <p className="card-subtitle">{t('account.password.subtitle')}</p>
        </div>
      </header>
      <div className="card-body">
        {isChanged && (
          <div className="banner banner-success" role="status" data-testid="password-changed">
            {t('account.password.changed')}
          </div>
        )}
        <form className="admin-form account-form" onSubmit={handleSubmit} noValidate data-testid="change-password-form">
          {renderField('currentPassword', t('account.password.current'), 'current-password')}
          {renderField('newPassword', t('account.password.new'), 'new-password', t('account.password.newHint', { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH }))}
          {renderField('confirmPassword', t('account.password.confirm'), 'new-password')}
          {formError && (
            <p className="form-error" role="alert" data-testid="change-password-error">
              {formError}
            </p>
          )}
          <div>
            <button type="submit" className="button button-primary" data-testid="change-password-submit" disabled={isChanging}>
              {isChanging ? t('account.password.submitting') : t('account.password.submit')}
            </button>
          </div>
        </form>
      </div>
    </section>
  );
}
