import { useId, useState, type FormEvent } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { AdminWorkerTokensDocument, IssueWorkerTokenDocument, RevokeWorkerTokenDocument } from '../../../gql/graphql';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import { useConfirmedAction } from '../../../lib/useConfirmedAction';
import { toFormErrors } from '../admin-errors';
import type { WorkerToken } from '../graphql/admin.graphql';
import { useAdminMutation } from '../hooks/useAdminMutation';
import { AdminPageHeader } from './AdminPageHeader';
import { AdminTableCard, LastUsedCell, RevocationBadge } from './AdminTableCard';
import { ConfirmDialog } from './ConfirmDialog';
import { SecretOnce } from './SecretOnce';
import '../admin.css';

/** Admin: tokens GPU workers authenticate with — list, issue (token shown once), revoke. */
export function WorkerTokensPage() {
  const { t, formatDate } = useI18n();
  const query = useGqlQuery(AdminWorkerTokensDocument, {});
  const issue = useAdminMutation(IssueWorkerTokenDocument, ['AdminWorkerTokens']);
  const revoke = useAdminMutation(RevokeWorkerTokenDocument, ['AdminWorkerTokens']);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const revoking = useConfirmedAction<WorkerToken>(async (token) => {
    await revoke.run({ id: token.id });
  });
  const nameId = useId();
  const tokens = query.data?.workerTokens ?? null;

  async function handleIssue(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    if (!name.trim()) {
      setNameError(t('admin.workerTokens.nameRequired'));
      return;
    }
    setNameError(null);
    try {
      const data = await issue.run({ name: name.trim() });
      setSecret(data.issueWorkerToken.token);
      setName('');
    } catch (error) {
      const split = toFormErrors(error, ['name'] as const, t);
      setNameError(split.fieldErrors.name ?? null);
      setFormError(split.formError);
    }
  }

  return (
    <main className="page">
      <AdminPageHeader title={t('admin.workerTokens.title')} subtitle={t('admin.workerTokens.subtitle')} onRefresh={query.reload} isLoading={query.isLoading} error={query.error} />

      <section className="card" aria-labelledby="issue-token-heading">
        <header className="card-header">
          <div>
            <h2 className="card-title" id="issue-token-heading">
              {t('admin.workerTokens.issueTitle')}
            </h2>
            <p className="card-subtitle">{t('admin.workerTokens.issueSubtitle')}</p>
          </div>
        </header>
        <div className="card-body">
          {secret && <SecretOnce title={t('admin.workerTokens.secretTitle')} note={t('admin.workerTokens.secretNote')} secret={secret} onDismiss={() => setSecret(null)} />}
          <form className="admin-form admin-form-inline" onSubmit={handleIssue} noValidate data-testid="issue-worker-token-form">
            <div className="field">
              <label className="field-label" htmlFor={nameId}>
                {t('admin.workerTokens.name')}
              </label>
              <input id={nameId} className="input" data-testid="worker-token-name" value={name} maxLength={100} autoComplete="off" placeholder={t('admin.workerTokens.namePlaceholder')} onChange={(e) => setName(e.target.value)} aria-invalid={nameError ? true : undefined} />
              {nameError && <p className="field-error">{nameError}</p>}
            </div>
            <div>
              <button type="submit" className="button button-primary" data-testid="issue-worker-token-submit" disabled={issue.isRunning}>
                {issue.isRunning ? t('admin.workerTokens.issuing') : t('admin.workerTokens.issue')}
              </button>
            </div>
          </form>
          {formError && (
            <p className="form-error" role="alert" data-testid="issue-worker-token-error">
              {formError}
            </p>
          )}
        </div>
      </section>

      <AdminTableCard
        id="tokens-heading"
        title={t('admin.workerTokens.listTitle')}
        rows={tokens}
        isFailed={!!query.error}
        emptyText={t('admin.workerTokens.empty')}
        columns={[{ label: t('admin.workerTokens.name') }, { label: t('admin.apiKeys.prefix') }, { label: t('admin.col.created') }, { label: t('admin.col.lastUsed') }, { label: t('admin.col.status') }]}
        hasActions
        renderRow={(token) => (
          <tr key={token.id} data-testid="worker-token-row" data-token-id={token.id}>
            <th scope="row" className="cell-title">
              {token.name}
            </th>
            <td>
              <code>{token.prefix}…</code>
            </td>
            <td>{formatDate(token.createdAt, { dateStyle: 'medium' })}</td>
            <LastUsedCell lastUsedAt={token.lastUsedAt} />
            <td data-testid="worker-token-status">
              <RevocationBadge revokedAt={token.revokedAt} />
            </td>
            <td className="cell-action">
              {!token.revokedAt && (
                <button
                  type="button"
                  className="button button-small"
                  data-testid="revoke-worker-token"
                  onClick={() => revoking.ask(token)}
                >
                  {t('admin.revoke')}
                </button>
              )}
            </td>
          </tr>
        )}
      />

      {revoking.target && (
        <ConfirmDialog title={t('admin.workerTokens.revokeTitle', { name: revoking.target.name })} confirmLabel={t('admin.revoke')} busy={revoking.isRunning} error={revoking.error} onConfirm={revoking.confirm} onCancel={revoking.cancel}>
          {t('admin.workerTokens.revokeText')}
        </ConfirmDialog>
      )}
    </main>
  );
}
