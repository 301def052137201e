import { useId, useState, type FormEvent } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { AdminApiKeysDocument, CreateApiKeyDocument, RevokeApiKeyDocument } from '../../../gql/graphql';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import { useConfirmedAction } from '../../../lib/useConfirmedAction';
import { toFormErrors, type FieldErrors } from '../admin-errors';
import type { ApiKey } from '../graphql/admin.graphql';
import { useAdminMutation } from '../hooks/useAdminMutation';
import { AdminPageHeader } from './AdminPageHeader';
import { AdminTableCard, LastUsedCell, RevocationBadge } from './AdminTableCard';
import { ApiKeyRateLimitDialog, RATE_LIMIT_RANGE, describeRateLimit, parseRateLimit } from './ApiKeyRateLimitDialog';
import { ConfirmDialog } from './ConfirmDialog';
import { SecretOnce } from './SecretOnce';
import '../admin.css';

type Scope = 'CATALOG_READ' | 'USAGE_WRITE' | 'RENDER';
const SCOPES: Scope[] = ['CATALOG_READ', 'USAGE_WRITE', 'RENDER'];
const FIELDS = ['name', 'scopes', 'consumerApp', 'rateLimitPerMinute'] as const;
type Field = (typeof FIELDS)[number];

/** Admin: consumer apps' API keys — list, create (secret shown once), change a key's rate limit, revoke. */
export function ApiKeysPage() {
  const { t, formatDate } = useI18n();
  const query = useGqlQuery(AdminApiKeysDocument, {});
  const create = useAdminMutation(CreateApiKeyDocument, ['AdminApiKeys']);
  const revoke = useAdminMutation(RevokeApiKeyDocument, ['AdminApiKeys']);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['CATALOG_READ']);
  const [consumerApp, setConsumerApp] = useState('');
  const [rateLimit, setRateLimit] = useState('');
  const [limiting, setLimiting] = useState<ApiKey | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  // A key that renders also gets the secret its webhooks are signed with, shown once too.
  const [webhookSecret, setWebhookSecret] = useState<string | null>(null);
  const revoking = useConfirmedAction<ApiKey>(async (key) => {
    await revoke.run({ id: key.id });
  });
  const ids = { name: useId(), app: useId(), rateLimit: useId() };
  const keys = query.data?.apiKeys ?? null;
  // Usage is counted per app, and end users' identities belong to the app: both name it.
  const needsApp = scopes.includes('USAGE_WRITE') || scopes.includes('RENDER');

  async function handleCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: FieldErrors<Field> = {};
    if (!name.trim()) next.name = t('admin.apiKeys.nameRequired');
    if (scopes.length === 0) next.scopes = t('admin.apiKeys.scopesRequired');
    if (needsApp && !consumerApp.trim()) next.consumerApp = t(scopes.includes('USAGE_WRITE') ? 'admin.apiKeys.appRequired' : 'admin.apiKeys.appRequiredForRender');
    const rateLimitPerMinute = parseRateLimit(rateLimit);
    if (rateLimitPerMinute === 'invalid') next.rateLimitPerMinute = t('admin.apiKeys.rateLimitInvalid', RATE_LIMIT_RANGE);
    setFieldErrors(next);
    setFormError(null);
    if (Object.keys(next).length > 0 || rateLimitPerMinute === 'invalid') return;
    try {
      const data = await create.run({ input: { name: name.trim(), scopes, ...(needsApp ? { consumerApp: consumerApp.trim() } : {}), ...(rateLimitPerMinute !== null ? { rateLimitPerMinute } : {}) } });
      setSecret(data.createApiKey.key);
      setWebhookSecret(data.createApiKey.webhookSecret ?? null);
      setName('');
      setConsumerApp('');
      setRateLimit('');
    } catch (error) {
      const split = toFormErrors(error, FIELDS, t);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    }
  }

  return (
    <main className="page">
      <AdminPageHeader title={t('admin.apiKeys.title')} subtitle={t('admin.apiKeys.subtitle')} onRefresh={query.reload} isLoading={query.isLoading} error={query.error} />

      <section className="card" aria-labelledby="create-key-heading">
        <header className="card-header">
          <div>
            <h2 className="card-title" id="create-key-heading">
              {t('admin.apiKeys.createTitle')}
            </h2>
            <p className="card-subtitle">{t('admin.apiKeys.createSubtitle')}</p>
          </div>
        </header>
        <div className="card-body">
          {secret && <SecretOnce title={t('admin.apiKeys.secretTitle')} note={t('admin.apiKeys.secretNote')} secret={secret} onDismiss={() => setSecret(null)} />}
          {webhookSecret && (
            <SecretOnce testId="webhook-secret" title={t('admin.apiKeys.webhookSecretTitle')} note={t('admin.apiKeys.webhookSecretNote')} secret={webhookSecret} onDismiss={() => setWebhookSecret(null)} />
          )}
          <form className="admin-form" onSubmit={handleCreate} noValidate data-testid="create-api-key-form">
            <div className="field">
              <label className="field-label" htmlFor={ids.name}>
                {t('admin.apiKeys.name')}
              </label>
              <input id={ids.name} className="input" data-testid="api-key-name" value={name} maxLength={100} autoComplete="off" placeholder={t('admin.apiKeys.namePlaceholder')} onChange={(e) => setName(e.target.value)} aria-invalid={fieldErrors.name ? true : undefined} />
              {fieldErrors.name && <p className="field-error">{fieldErrors.name}</p>}
            </div>
            <fieldset className="field admin-fieldset">
              <legend className="field-label">{t('admin.apiKeys.scopes')}</legend>
              <div className="admin-checks">
                {SCOPES.map((scope) => (
                  <label key={scope} className="admin-check">
                    <input
                      type="checkbox"
                      data-testid={`api-key-scope-${scope}`}
                      checked={scopes.includes(scope)}
                      onChange={(e) => setScopes((prev) => (e.target.checked ? [...prev, scope] : prev.filter((s) => s !== scope)))}
                    />
                    <span>
                      <span className="admin-check-label">{t(`admin.apiKeys.scope.${scope}`)}</span>
                      <span className="field-hint">{t(`admin.apiKeys.scopeHint.${scope}`)}</span>
                    </span>
                  </label>
                ))}
              </div>
              {fieldErrors.scopes && <p className="field-error">{fieldErrors.scopes}</p>}
            </fieldset>
            <div className="field">
              <label className="field-label" htmlFor={ids.app}>
                {t('admin.apiKeys.consumerApp')}
                {!needsApp && <span className="field-optional"> · {t('common.optional')}</span>}
              </label>
              <input
                id={ids.app}
                className="input"
                data-testid="api-key-consumer-app"
                value={consumerApp}
                maxLength={100}
                autoComplete="off"
                disabled={!needsApp}
                placeholder={t('admin.apiKeys.consumerAppPlaceholder')}
                onChange={(e) => setConsumerApp(e.target.value)}
                aria-invalid={fieldErrors.consumerApp ? true : undefined}
              />
              <p className={fieldErrors.consumerApp ? 'field-error' : 'field-hint'}>{fieldErrors.consumerApp ?? t('admin.apiKeys.consumerAppHint')}</p>
            </div>
            <div className="field">
              <label className="field-label" htmlFor={ids.rateLimit}>
                {t('admin.apiKeys.rateLimit')}
                <span className="field-optional"> · {t('common.optional')}</span>
              </label>
              <input
                id={ids.rateLimit}
                className="input"
                data-testid="api-key-rate-limit"
                inputMode="numeric"
                value={rateLimit}
                autoComplete="off"
                placeholder={t('admin.apiKeys.rateLimitPlaceholder')}
                onChange={(e) => setRateLimit(e.target.value)}
                aria-invalid={fieldErrors.rateLimitPerMinute ? true : undefined}
              />
              <p className={fieldErrors.rateLimitPerMinute ? 'field-error' : 'field-hint'}>{fieldErrors.rateLimitPerMinute ?? t('admin.apiKeys.rateLimitHint')}</p>
            </div>
            {formError && (
              <p className="form-error" role="alert" data-testid="create-api-key-error">
                {formError}
              </p>
            )}
            <div>
              <button type="submit" className="button button-primary" data-testid="create-api-key-submit" disabled={create.isRunning}>
                {create.isRunning ? t('admin.apiKeys.creating') : t('admin.apiKeys.create')}
              </button>
            </div>
          </form>
        </div>
      </section>

      <AdminTableCard
        id="keys-heading"
        title={t('admin.apiKeys.listTitle')}
        rows={keys}
        isFailed={!!query.error}
        emptyText={t('admin.apiKeys.empty')}
        columns={[
          { label: t('admin.apiKeys.name') },
          { label: t('admin.apiKeys.prefix') },
          { label: t('admin.apiKeys.scopes') },
          { label: t('admin.apiKeys.rateLimit') },
          { label: t('admin.col.created') },
          { label: t('admin.col.lastUsed') },
          { label: t('admin.col.status') },
        ]}
        hasActions
        renderRow={(key) => (
          <tr key={key.id} data-testid="api-key-row" data-key-id={key.id}>
            <th scope="row" className="cell-title">
              {key.name}
            </th>
            <td>
              <code data-testid="api-key-prefix">{key.prefix}…</code>
            </td>
            <td>{key.scopes.map((scope) => t(`admin.apiKeys.scope.${scope}`)).join(', ')}</td>
            <td>
              {/* The value over its button: the table then fits a 1280 px window with the revoke button in view. */}
              <div className="api-key-rate-limit-cell">
                <span data-testid="api-key-rate-limit-value">{describeRateLimit(key, t)}</span>
                {!key.revokedAt && (
                  <button type="button" className="button button-small" data-testid="change-api-key-rate-limit" aria-label={`${t('admin.apiKeys.rateLimitChange')} · ${key.name}`} onClick={() => setLimiting(key)}>
                    {t('admin.apiKeys.rateLimitChange')}
                  </button>
                )}
              </div>
            </td>
            <td>{formatDate(key.createdAt, { dateStyle: 'medium' })}</td>
            <LastUsedCell lastUsedAt={key.lastUsedAt} />
            <td data-testid="api-key-status">
              <RevocationBadge revokedAt={key.revokedAt} />
            </td>
            <td className="cell-action">
              {!key.revokedAt && (
                <button
                  type="button"
                  className="button button-small"
                  data-testid="revoke-api-key"
                  onClick={() => revoking.ask(key)}
                >
                  {t('admin.revoke')}
                </button>
              )}
            </td>
          </tr>
        )}
      />

      {limiting && <ApiKeyRateLimitDialog apiKey={limiting} onDone={() => setLimiting(null)} />}

      {revoking.target && (
        <ConfirmDialog title={t('admin.apiKeys.revokeTitle', { name: revoking.target.name })} confirmLabel={t('admin.revoke')} busy={revoking.isRunning} error={revoking.error} onConfirm={revoking.confirm} onCancel={revoking.cancel}>
          {t('admin.apiKeys.revokeText', { prefix: revoking.target.prefix })}
        </ConfirmDialog>
      )}
    </main>
  );
}
