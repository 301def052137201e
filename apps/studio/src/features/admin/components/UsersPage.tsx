import { useEffect, useId, useState, type FormEvent } from 'react';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import { AdminUsersDocument, InviteUserDocument, ResetUserPasswordDocument, SetUserDisabledDocument, SetUserRolesDocument, type UserStatus } from '../../../gql/graphql';
import { setPasswordLink } from '../../../app/routes';
import { useDebouncedValue } from '../../../lib/useDebouncedValue';
import { useHashQuery } from '../../../lib/useHashQuery';
import { SecretOnce } from './SecretOnce';
import '../users.css';
import { PagedListFooter } from '../../../lib/PagedListFooter';
import { usePagedList } from '../../../lib/usePagedList';
import { useConfirmedAction } from '../../../lib/useConfirmedAction';
import { toFormErrors, type FieldErrors } from '../admin-errors';
import type { AdminUser } from '../graphql/admin.graphql';
import { useAdminMutation } from '../hooks/useAdminMutation';
import { AdminPageHeader } from './AdminPageHeader';
import { ConfirmDialog } from './ConfirmDialog';
import '../admin.css';

type Role = 'DESIGNER' | 'REVIEWER' | 'ADMIN';
const ROLES: Role[] = ['DESIGNER', 'REVIEWER', 'ADMIN'];
const STATUSES: UserStatus[] = ['ACTIVE', 'INVITED', 'DISABLED'];
const FIELDS = ['email', 'displayName', 'roles'] as const;
type Field = (typeof FIELDS)[number];
const PAGE_SIZE = 50;

// What was just handed out for a person, shown once: their set-password link or temporary password.
type Handout = { name: string; kind: 'invite-link' | 'reset-link'; secret: string; expiresAt: string | null } | { name: string; kind: 'temporary-password'; secret: string; expiresAt: null };

/**
 * Admin: the people of the studio (newest first, paged; search by name or e-mail, filter by role and
 * status, all kept in the address), inviting someone (a one-time set-password link or a temporary
 * password, shown once), changing roles, a password reset link, disabling and enabling.
 */
export function UsersPage({ currentUserId }: { currentUserId: string }) {
  const { t, tn, formatDate } = useI18n();
  const [query, setQuery] = useHashQuery();
  const [search, setSearch] = useState(() => query.get('q') ?? '');
  // A link or Back/Forward changes the address: the search box follows it.
  const searchInAddress = query.get('q') ?? '';
  useEffect(() => {
    setSearch((typed) => (typed.trim() === searchInAddress ? typed : searchInAddress));
  }, [searchInAddress]);
  const debouncedSearch = useDebouncedValue(search.trim(), 250);
  const role = (ROLES as string[]).includes(query.get('role') ?? '') ? (query.get('role') as Role) : null;
  const status = (STATUSES as string[]).includes(query.get('status') ?? '') ? (query.get('status') as UserStatus) : null;
  const filter = { ...(debouncedSearch ? { search: debouncedSearch } : {}), ...(role ? { role } : {}), ...(status ? { status } : {}) };
  const list = usePagedList(
    AdminUsersDocument,
    JSON.stringify(filter),
    (after) => ({ first: PAGE_SIZE, ...(after ? { after } : {}), ...(Object.keys(filter).length ? { filter } : {}) }),
    (data) => data.users,
  );
  // Every page shown loads again after a change, so the rows are the API's, paging included.
  const create = useAdminMutation(InviteUserDocument, ['AdminUsers']);
  const setDisabled = useAdminMutation(SetUserDisabledDocument, ['AdminUsers']);
  const setRolesOf = useAdminMutation(SetUserRolesDocument, ['AdminUsers']);
  const resetPassword = useAdminMutation(ResetUserPasswordDocument, ['AdminUsers']);
  const [handout, setHandout] = useState<Handout | null>(null);
  const [method, setMethod] = useState<'LINK' | 'TEMPORARY_PASSWORD'>('LINK');
  const [editingRoles, setEditingRoles] = useState<{ user: AdminUser; roles: Role[] } | null>(null);
  const [rolesError, setRolesError] = useState<string | null>(null);
  async function saveRoles() {
    if (!editingRoles) return;
    setRolesError(null);
    try {
      await setRolesOf.run({ userId: editingRoles.user.id, roles: editingRoles.roles });
      setEditingRoles(null);
    } catch (error) {
      setRolesError(describeError(error, t));
    }
  }
  const resetting = useConfirmedAction<AdminUser>(async (target) => {
    const data = await resetPassword.run({ userId: target.id });
    setHandout({ name: target.displayName, kind: 'reset-link', secret: setPasswordLink(data.resetUserPassword.setPasswordToken), expiresAt: data.resetUserPassword.expiresAt });
  });
  // The last change made here, worded at render time so it follows a language switch.
  const [lastChange, setLastChange] = useState<{ name: string; disabled: boolean } | null>(null);
  const toggling = useConfirmedAction<AdminUser>(async (target) => {
    const data = await setDisabled.run({ userId: target.id, disabled: !target.disabled });
    const user = data.setUserDisabled;
    setLastChange({ name: user.displayName, disabled: Boolean(user.disabled) });
  });
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['DESIGNER']);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  // Accounts created here since the last Refresh: on top, marked new.
  const [createdIds, setCreatedIds] = useState<ReadonlySet<string>>(() => new Set());
  const ids = { email: useId(), name: useId(), method: useId(), search: useId(), role: useId(), status: useId() };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: FieldErrors<Field> = {};
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) next.email = t('admin.users.emailInvalid');
    if (!displayName.trim()) next.displayName = t('admin.users.nameRequired');
    if (roles.length === 0) next.roles = t('admin.users.rolesRequired');
    setFieldErrors(next);
    setFormError(null);
    if (Object.keys(next).length > 0) return;
    try {
      const data = await create.run({ input: { email: email.trim(), displayName: displayName.trim(), roles, method } });
      const invited = data.inviteUser;
      list.prependItem(invited.user);
      setCreatedIds((prev) => new Set(prev).add(invited.user.id));
      setHandout(
        invited.temporaryPassword
          ? { name: invited.user.displayName, kind: 'temporary-password', secret: invited.temporaryPassword, expiresAt: null }
          : { name: invited.user.displayName, kind: 'invite-link', secret: setPasswordLink(invited.setPasswordToken!), expiresAt: invited.expiresAt },
      );
      setEmail('');
      setDisplayName('');
    } catch (error) {
      const split = toFormErrors(error, FIELDS, t);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    }
  }

  function refresh() {
    setCreatedIds(new Set());
    setHandout(null);
    setLastChange(null);
    list.reload();
  }

  const listError = list.failedRequest === 'first-page' ? list.error : null;
  // Null until the first page is in (or when it failed): "loading" rather than "no accounts".
  const users = (list.isLoading && list.items.length === 0) || listError ? null : list.items;
  const { totalCount } = list;

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
              {t('admin.users.inviteTitle')}
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
                <label className="field-label" htmlFor={ids.method}>
                  {t('admin.users.method')}
                </label>
                <select id={ids.method} className="input input-select" data-testid="user-invite-method" value={method} onChange={(e) => setMethod(e.target.value as 'LINK' | 'TEMPORARY_PASSWORD')}>
                  <option value="LINK">{t('admin.users.method.LINK')}</option>
                  <option value="TEMPORARY_PASSWORD">{t('admin.users.method.TEMPORARY_PASSWORD')}</option>
                </select>
                <p className="field-hint">{t(`admin.users.methodHint.${method}`)}</p>
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
                {create.isRunning ? t('admin.users.inviting') : t('admin.users.invite')}
              </button>
            </div>
          </form>
        </div>
      </section>
      {handout && (
        <SecretOnce
          title={t(`admin.users.handout.${handout.kind}`, { name: handout.name })}
          secret={handout.secret}
          note={handout.expiresAt ? t('admin.users.handout.linkNote', { date: formatDate(handout.expiresAt, { dateStyle: 'medium', timeStyle: 'short' }) }) : t('admin.users.handout.passwordNote')}
          onDismiss={() => setHandout(null)}
        />
      )}
      <section className="card" aria-labelledby="users-list-heading">
        <header className="card-header">
          <div>
            <h2 className="card-title" id="users-list-heading">
              {t('admin.users.listTitle')}
            </h2>
            {users && <p className="card-subtitle">{tn('admin.users.count', totalCount)}</p>}
          </div>
        </header>
        <div className="users-filters" role="search">
          <div className="field">
            <label className="field-label" htmlFor={ids.search}>
              {t('admin.users.search')}
            </label>
            <input
              id={ids.search}
              className="input"
              type="search"
              data-testid="users-search"
              value={search}
              placeholder={t('admin.users.searchPlaceholder')}
              onChange={(e) => {
                setSearch(e.target.value);
                setQuery({ q: e.target.value.trim() || null });
              }}
            />
          </div>
          <div className="field">
            <label className="field-label" htmlFor={ids.role}>
              {t('admin.users.roles')}
            </label>
            <select id={ids.role} className="input input-select" data-testid="users-role-filter" value={role ?? ''} onChange={(e) => setQuery({ role: e.target.value || null })}>
              <option value="">{t('admin.users.anyRole')}</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`admin.users.role.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor={ids.status}>
              {t('admin.col.status')}
            </label>
            <select id={ids.status} className="input input-select" data-testid="users-status-filter" value={status ?? ''} onChange={(e) => setQuery({ status: e.target.value || null })}>
              <option value="">{t('admin.users.anyStatus')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`admin.users.status.${s}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
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
                      <span className={`badge ${user.status === 'DISABLED' ? 'badge-danger' : user.status === 'INVITED' ? 'badge-warning' : 'badge-success'}`}>{t(`admin.users.status.${user.status ?? (user.disabled ? 'DISABLED' : 'ACTIVE')}`)}</span>
                    </td>
                    <td>{formatDate(user.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                    <td className="cell-action">
                      <button type="button" className="button button-small" data-testid="edit-roles" aria-label={t('admin.users.rolesLabel', { name: user.displayName })} onClick={() => setEditingRoles({ user, roles: [...user.roles] as Role[] })}>
                        {t('admin.users.editRoles')}
                      </button>
                      {!user.disabled && (
                        <button type="button" className="button button-small" data-testid="reset-password" aria-label={t('admin.users.resetLabel', { name: user.displayName })} onClick={() => resetting.ask(user)}>
                          {t(user.status === 'INVITED' ? 'admin.users.newInviteLink' : 'admin.users.resetPassword')}
                        </button>
                      )}
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
        <PagedListFooter list={list} loadMoreLabel={t('admin.users.loadMore')} testId="users-load-more" />
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
      {editingRoles && (
        <ConfirmDialog
          testId="roles-dialog"
          title={t('admin.users.rolesTitle', { name: editingRoles.user.displayName })}
          confirmLabel={t('admin.users.rolesSave')}
          confirmTone="primary"
          busy={setRolesOf.isRunning}
          error={rolesError}
          onConfirm={() => void saveRoles()}
          onCancel={() => (setEditingRoles(null), setRolesError(null))}
        >
          <div className="admin-checks">
            {ROLES.map((r) => (
              <label key={r} className="admin-check">
                <input
                  type="checkbox"
                  data-testid={`edit-role-${r}`}
                  checked={editingRoles.roles.includes(r)}
                  onChange={(e) => setEditingRoles((prev) => prev && { ...prev, roles: e.target.checked ? [...prev.roles, r] : prev.roles.filter((x) => x !== r) })}
                />
                <span>
                  <span className="admin-check-label">{t(`admin.users.role.${r}`)}</span>
                  <span className="field-hint">{t(`admin.users.roleHint.${r}`)}</span>
                </span>
              </label>
            ))}
          </div>
        </ConfirmDialog>
      )}
      {resetting.target && (
        <ConfirmDialog
          testId="reset-dialog"
          title={t('admin.users.resetTitle', { name: resetting.target.displayName })}
          confirmLabel={t('admin.users.resetConfirm')}
          confirmTone="primary"
          busy={resetting.isRunning}
          error={resetting.error}
          onConfirm={resetting.confirm}
          onCancel={resetting.cancel}
        >
          <p>{t('admin.users.resetText', { name: resetting.target.displayName })}</p>
        </ConfirmDialog>
      )}
    </main>
  );
}
