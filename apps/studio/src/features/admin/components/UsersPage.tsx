import { useId, useState, type FormEvent } from 'react';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import { AdminUsersDocument, CreateUserDocument, SetUserDisabledDocument } from '../../../gql/graphql';
import { usePagedList } from '../../../lib/usePagedList';
import { toFormErrors, type FieldErrors } from '../admin-errors';
import type { AdminUser } from '../graphql/admin.graphql';
import { useAdminMutation } from '../hooks/useAdminMutation';
import { useConfirmedAction } from '../hooks/useConfirmedAction';
import { AdminPageHeader } from './AdminPageHeader';
import { ConfirmDialog } from './ConfirmDialog';

type Role = 'DESIGNER' | 'REVIEWER' | 'ADMIN';
const ROLES: Role[] = ['DESIGNER', 'REVIEWER', 'ADMIN'];
const FIELDS = ['email', 'displayName', 'password', 'roles'] as const;
type Field = (typeof FIELDS)[number];
const MIN_PASSWORD = 10;
const PAGE_SIZE = 50;

/**
 * Admin: every account (newest first, paged) and a form to create one; a created user joins the top of
 * the list. Each account but the admin's own can be disabled (its sessions end at once) or enabled again.
 */
export function UsersPage({ currentUserId }: { currentUserId: string }) {
  const { t, tn, formatDate } = useI18n();
  const list = usePagedList(
    AdminUsersDocument,
    'all',
    (after) => ({ first: PAGE_SIZE, ...(after ? { after } : {}) }),
    (data) => data.users,
  );
  // Every page shown loads again after a change, so the rows are the API's, paging included.
  const create = useAdminMutation(CreateUserDocument, ['AdminUsers']);
  const setDisabled = useAdminMutation(SetUserDisabledDocument, ['AdminUsers']);
  // The last change made here, worded at render time so it follows a language switch.
  const [lastChange, setLastChange] = useState<{ name: string; disabled: boolean } | null>(null);
  const toggling = useConfirmedAction<AdminUser>(async (target) => {
    const data = await setDisabled.run({ userId: target.id, disabled: !target.disabled });
    const user = data.setUserDisabled;
    setLastChange({ name: user.displayName, disabled: Boolean(user.disabled) });
  });
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>(['DESIGNER']);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  // Accounts created here since the last Refresh: on top, marked new.
  const [createdIds, setCreatedIds] = useState<ReadonlySet<string>>(() => new Set());
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
      list.prependItem(data.createUser);
      setCreatedIds((prev) => new Set(prev).add(data.createUser.id));
      setEmail('');
      setDisplayName('');
      setPassword('');
    } catch (error) {
      const split = toFormErrors(error, FIELDS, t);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    }
  }

  function refresh() {
    setCreatedIds(new Set());
    setLastChange(null);
    list.reload();
  }

  const listError = list.failedRequest === 'first-page' ? list.error : null;
  const moreError = list.failedRequest === 'next-page' ? list.error : null;
  // Null until the first page is in (or when it failed): "loading" rather than "no accounts".
  const users = (list.isLoading && list.items.length === 0) || listError ? null : list.items;
  const { totalCount, isLoadingMore } = list;
  const hasNextPage = list.pageInfo.hasNextPage;

  return (
    <main className="page">
      <AdminPageHeader title={t('admin.users.title')} subtitle={t('admin.users.subtitle')} onRefresh={refresh} isLoading={list.isLoading} error={listError} />
      {lastChange && (
        <div className="banner banner-success" role="status" data-testid="user-status-changed">
          {t(lastChange.disabled ? 'admin.users.disabledDone' : 'admin.users.enabledDone', { name: lastChange.name })}
        </div>
      )}
      <section className="card" aria-labelledby="create-user-heading">
        <header className="card-header">
          <div>
            <h2 className="card-title" id="create-user-heading">
              {t('admin.users.createTitle')}
            </h2>
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
      <section className="card" aria-labelledby="users-list-heading">
        <header className="card-header">
          <div>
            <h2 className="card-title" id="users-list-heading">
              {t('admin.users.listTitle')}
            </h2>
            {users && <p className="card-subtitle">{tn('admin.users.count', totalCount)}</p>}
          </div>
        </header>
        {!users ? (
          !listError && <p className="card-empty">{t('common.loading')}</p>
        ) : users.length === 0 ? (
          <p className="card-empty">{t('admin.users.empty')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" data-testid="users-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.users.displayName')}</th>
                  <th scope="col">{t('admin.users.email')}</th>
                  <th scope="col">{t('admin.users.roles')}</th>
                  <th scope="col">{t('admin.col.status')}</th>
                  <th scope="col">{t('admin.col.created')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('admin.col.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.map((user) => (
                  <tr key={user.id} data-testid="user-row" data-user-id={user.id} data-disabled={String(Boolean(user.disabled))}>
                    <th scope="row" className="cell-title">
                      {user.displayName}
                      {createdIds.has(user.id) && (
                        <span className="badge badge-success users-new-badge" data-testid="user-new-badge">
                          {t('admin.users.new')}
                        </span>
                      )}
                      {user.id === currentUserId && (
                        <span className="badge users-you-badge" data-testid="user-you-badge">
                          {t('admin.users.you')}
                        </span>
                      )}
                    </th>
                    <td>{user.email}</td>
                    <td>{user.roles.map((role) => t(`admin.users.role.${role}`)).join(', ')}</td>
                    <td data-testid="user-status">
                      {user.disabled ? <span className="badge badge-danger">{t('admin.users.status.disabled')}</span> : <span className="badge badge-success">{t('admin.users.status.active')}</span>}
                    </td>
                    <td>{formatDate(user.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                    <td className="cell-action">
                      {/* Admins cannot disable themselves (the API refuses); another admin can. */}
                      {user.id !== currentUserId && (
                        <button
                          type="button"
                          className="button button-small"
                          data-testid={user.disabled ? 'enable-user' : 'disable-user'}
                          aria-label={t(user.disabled ? 'admin.users.enableLabel' : 'admin.users.disableLabel', { name: user.displayName })}
                          onClick={() => {
                            setLastChange(null);
                            toggling.ask(user);
                          }}
                        >
                          {user.disabled ? t('admin.users.enable') : t('admin.users.disable')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {Boolean(moreError) && (
          <div className="banner banner-error" role="alert">
            <span>{describeError(moreError, t)}</span>
          </div>
        )}
        {users && hasNextPage && (
          <div className="users-more">
            <button type="button" className="button" data-testid="users-load-more" onClick={list.loadMore} disabled={isLoadingMore}>
              {isLoadingMore ? t('common.loading') : t('admin.users.loadMore')}
            </button>
          </div>
        )}
      </section>

      {toggling.target &&
        (toggling.target.disabled ? (
          <ConfirmDialog
            title={t('admin.users.enableTitle', { name: toggling.target.displayName })}
            confirmLabel={t('admin.users.enableConfirm')}
            confirmTone="primary"
            busy={toggling.isRunning}
            error={toggling.error}
            onConfirm={toggling.confirm}
            onCancel={toggling.cancel}
          >
            <p>{t('admin.users.enableText', { name: toggling.target.displayName })}</p>
          </ConfirmDialog>
        ) : (
          <ConfirmDialog
            title={t('admin.users.disableTitle', { name: toggling.target.displayName })}
            confirmLabel={t('admin.users.disableConfirm')}
            busy={toggling.isRunning}
            error={toggling.error}
            onConfirm={toggling.confirm}
            onCancel={toggling.cancel}
          >
            <p className="dialog-warning">{t('admin.users.disableText', { name: toggling.target.displayName })}</p>
            <p>{t('admin.users.disableMore')}</p>
          </ConfirmDialog>
        ))}
    </main>
  );
}
