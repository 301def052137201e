import { useId, useState, type FormEvent } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { toFormErrors, type FieldErrors } from '../admin-errors';
import { CREATE_USER_MUTATION, type CreateUserMutation, type CreateUserMutationVariables } from '../graphql/admin.graphql';
import { useAdminMutation } from '../hooks/useAdminMutation';

type Role = 'DESIGNER' | 'REVIEWER' | 'ADMIN';
const ROLES: Role[] = ['DESIGNER', 'REVIEWER', 'ADMIN'];
const FIELDS = ['email', 'displayName', 'password', 'roles'] as const;
type Field = (typeof FIELDS)[number];
const MIN_PASSWORD = 10;

/** Admin: create a user with roles. The API has no query listing users, so there is no list here. */
export function UsersPage() {
  const { t } = useI18n();
  const create = useAdminMutation<CreateUserMutation, CreateUserMutationVariables>(CREATE_USER_MUTATION);
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>(['DESIGNER']);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreateUserMutation['createUser'][]>([]);
  const ids = { email: useId(), name: useId(), password: useId() };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: FieldErrors<Field> = {};
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) next.email = t('admin.users.emailInvalid');
    if (!displayName.trim()) next.displayName = t('admin.users.nameRequired');
    if (password.length < MIN_PASSWORD) next.password = t('admin.users.passwordShort', { count: MIN_PASSWORD });
    if (roles.length === 0) next.roles = t('admin.users.rolesRequired');
    setFieldErrors(next);
    setFormError(null);
    if (Object.keys(next).length > 0) return;
    try {
      const data = await create.run({ input: { email: email.trim(), displayName: displayName.trim(), password, roles } });
      setCreated((prev) => [data.createUser, ...prev]);
      setEmail('');
      setDisplayName('');
      setPassword('');
    } catch (error) {
      const split = toFormErrors(error, FIELDS, t);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    }
  }

  return (
    <main className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('admin.users.title')}</h1>
          <p className="page-subtitle">{t('admin.users.subtitle')}</p>
        </div>
      </header>
      <section className="card" aria-labelledby="create-user-heading">
        <header className="card-header">
          <div>
            <h2 className="card-title" id="create-user-heading">
              {t('admin.users.createTitle')}
            </h2>
            <p className="card-subtitle">{t('admin.users.noList')}</p>
          </div>
        </header>
        <div className="card-body">
          <form className="admin-form" onSubmit={handleSubmit} noValidate data-testid="create-user-form">
            <div className="admin-form-grid">
              <div className="field">
                <label className="field-label" htmlFor={ids.email}>
                  {t('admin.users.email')}
                </label>
                <input id={ids.email} className="input" type="email" data-testid="user-email" value={email} autoComplete="off" onChange={(e) => setEmail(e.target.value)} aria-invalid={fieldErrors.email ? true : undefined} />
                {fieldErrors.email && <p className="field-error">{fieldErrors.email}</p>}
              </div>
              <div className="field">
                <label className="field-label" htmlFor={ids.name}>
                  {t('admin.users.displayName')}
                </label>
                <input id={ids.name} className="input" data-testid="user-display-name" value={displayName} maxLength={100} autoComplete="off" onChange={(e) => setDisplayName(e.target.value)} aria-invalid={fieldErrors.displayName ? true : undefined} />
                {fieldErrors.displayName && <p className="field-error">{fieldErrors.displayName}</p>}
              </div>
              <div className="field">
                <label className="field-label" htmlFor={ids.password}>
                  {t('admin.users.password')}
                </label>
                <input id={ids.password} className="input" type="password" data-testid="user-password" value={password} autoComplete="new-password" onChange={(e) => setPassword(e.target.value)} aria-invalid={fieldErrors.password ? true : undefined} />
                <p className={fieldErrors.password ? 'field-error' : 'field-hint'}>{fieldErrors.password ?? t('admin.users.passwordHint', { count: MIN_PASSWORD })}</p>
              </div>
            </div>
            <fieldset className="field admin-fieldset">
              <legend className="field-label">{t('admin.users.roles')}</legend>
              <div className="admin-checks">
                {ROLES.map((role) => (
                  <label key={role} className="admin-check">
                    <input type="checkbox" data-testid={`user-role-${role}`} checked={roles.includes(role)} onChange={(e) => setRoles((prev) => (e.target.checked ? [...prev, role] : prev.filter((r) => r !== role)))} />
                    <span>
                      <span className="admin-check-label">{t(`admin.users.role.${role}`)}</span>
                      <span className="field-hint">{t(`admin.users.roleHint.${role}`)}</span>
                    </span>
                  </label>
                ))}
              </div>
              {fieldErrors.roles && <p className="field-error">{fieldErrors.roles}</p>}
            </fieldset>
            {formError && (
              <p className="form-error" role="alert" data-testid="create-user-error">
                {formError}
              </p>
            )}
            <div>
              <button type="submit" className="button button-primary" data-testid="create-user-submit" disabled={create.isRunning}>
                {create.isRunning ? t('admin.users.creating') : t('admin.users.create')}
              </button>
            </div>
          </form>
        </div>
      </section>
      {created.length > 0 && (
        <section className="card" aria-labelledby="created-users-heading">
          <header className="card-header">
            <div>
              <h2 className="card-title" id="created-users-heading">
                {t('admin.users.createdTitle')}
              </h2>
            </div>
          </header>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.users.displayName')}</th>
                  <th scope="col">{t('admin.users.email')}</th>
                  <th scope="col">{t('admin.users.roles')}</th>
                </tr>
              </thead>
              <tbody>
                {created.map((user) => (
                  <tr key={user.id} data-testid="created-user-row">
                    <th scope="row" className="cell-title">
                      {user.displayName}
                    </th>
                    <td>{user.email}</td>
                    <td>{user.roles.map((role) => t(`admin.users.role.${role}`)).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </main>
  );
}
