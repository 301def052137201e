import { useState } from 'react';
import type { MessageKey } from '../../../i18n/types';
import { useI18n } from '../../../i18n/useI18n';
import { AdminLorasDocument, SetLoraStatusDocument, type LoraStatus } from '../../../gql/graphql';
import type { Lora } from '../graphql/admin.graphql';
import { useAdminMutation } from '../hooks/useAdminMutation';
import { ConfirmDialog } from './ConfirmDialog';
import { LoraEditDialog } from './LoraEditDialog';
import { LORA_QUERIES } from './LoraWeightFields';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import { AdminPageHeader } from './AdminPageHeader';
import { LoraThumbnail } from '../../../lib/LoraThumbnail';
import { useConfirmedAction } from '../../../lib/useConfirmedAction';
import { AdminTableCard } from './AdminTableCard';
import { RegisterLoraForm } from './RegisterLoraForm';

/**
 * Admin: registered LoRAs with their base model, weight range, trigger words and status; registers new
 * ones, edits them, and deprecates or disables one after showing which templates use it.
 */
export function LorasPage() {
  const { t, formatNumber, formatDate } = useI18n();
  const query = useGqlQuery(AdminLorasDocument, {});
  const loras = query.data?.loras ?? null;
  // The last change made here, worded at render time so the banner follows a language switch.
  const [registered, setRegistered] = useState<{ key: MessageKey; name: string } | null>(null);
  const [editing, setEditing] = useState<Lora | null>(null);
  const setStatus = useAdminMutation(SetLoraStatusDocument, LORA_QUERIES);
  const statusChange = useConfirmedAction<{ lora: Lora; status: LoraStatus }>(async ({ lora, status }) => {
    await setStatus.run({ id: lora.id, status });
    setRegistered({ key: `admin.loras.statusDone.${status}`, name: lora.name });
  });
  const weight = (value: number) => formatNumber(value, { minimumFractionDigits: 1, maximumFractionDigits: 2 });

  return (
    <main className="page">
      <AdminPageHeader title={t('admin.loras.title')} subtitle={t('admin.loras.subtitle')} onRefresh={query.reload} isLoading={query.isLoading} error={query.error} />
      <section className="card" aria-labelledby="register-lora-heading">
        <header className="card-header">
          <div>
            <h2 className="card-title" id="register-lora-heading">
              {t('admin.loras.form.title')}
            </h2>
            <p className="card-subtitle">{t('admin.loras.form.subtitle')}</p>
          </div>
        </header>
        <div className="card-body">
          {registered && (
            <div className="banner banner-success" role="status" data-testid="lora-registered">
              {t(registered.key, { name: registered.name })}
            </div>
          )}
          <RegisterLoraForm
            onRegistered={(lora) => {
              setRegistered({ key: 'admin.loras.form.done', name: lora.name });
            }}
          />
        </div>
      </section>
      <AdminTableCard
        id="loras-heading"
        title={t('admin.loras.listTitle')}
        subtitle={t('admin.loras.listSubtitle')}
        rows={loras}
        isFailed={!!query.error}
        emptyText={t('admin.loras.empty')}
        columns={[
          { label: t('admin.loras.name') },
          { label: t('admin.loras.baseModel') },
          { label: t('admin.loras.weights') },
          { label: t('admin.loras.triggerWords') },
          { label: t('admin.col.status') },
          { label: t('admin.col.created') },
        ]}
        hasActions
        renderRow={(lora) => (
          <tr key={lora.id} data-testid="lora-row">
            <th scope="row" className="cell-title">
              <span className="lora-row-name">
                <LoraThumbnail name={lora.name} url={lora.thumbnailUrl ?? null} />
                {lora.name}
              </span>
            </th>
            <td>{lora.baseModel}</td>
            <td data-testid="lora-weights">{t('admin.loras.weightRange', { min: weight(lora.minWeight), max: weight(lora.maxWeight), default: weight(lora.defaultWeight) })}</td>
            <td>
              {lora.triggerWords.length === 0 ? (
                <span className="muted">—</span>
              ) : (
                <span className="tag-list">
                  {lora.triggerWords.map((word) => (
                    <span key={word} className="tag">
                      {word}
                    </span>
                  ))}
                </span>
              )}
            </td>
            <td>
              <span data-testid="lora-status" className={lora.status === 'READY' ? 'badge badge-success' : lora.status === 'DEPRECATED' ? 'badge badge-warning' : 'badge badge-danger'}>
                {lora.status === 'READY' || lora.status === 'DISABLED' || lora.status === 'DEPRECATED' ? t(`admin.loras.status.${lora.status}`) : lora.status}
              </span>
            </td>
            <td>{formatDate(lora.createdAt, { dateStyle: 'medium' })}</td>
            <td className="cell-action">
              <button type="button" className="button button-small" data-testid="edit-lora" aria-label={t('admin.loras.edit.label', { name: lora.name })} onClick={() => (setRegistered(null), setEditing(lora))}>
                {t('admin.loras.edit.open')}
              </button>
              <select
                className="input input-select input-small"
                data-testid="lora-status-select"
                aria-label={t('admin.loras.statusLabel', { name: lora.name })}
                value={lora.status}
                onChange={(e) => {
                  setRegistered(null);
                  statusChange.ask({ lora, status: e.target.value as LoraStatus });
                }}
              >
                {(['READY', 'DEPRECATED', 'DISABLED'] as const).map((status) => (
                  <option key={status} value={status}>
                    {t(`admin.loras.status.${status}`)}
                  </option>
                ))}
              </select>
            </td>
          </tr>
        )}
      />
      {editing && (
        <LoraEditDialog
          lora={editing}
          onCancel={() => setEditing(null)}
          onSaved={(name) => {
            setEditing(null);
            setRegistered({ key: 'admin.loras.edit.done', name });
          }}
        />
      )}
      {statusChange.target && (
        <ConfirmDialog
          testId="lora-status-dialog"
          title={t(`admin.loras.statusTitle.${statusChange.target.status}`, { name: statusChange.target.lora.name })}
          confirmLabel={t(`admin.loras.statusConfirm.${statusChange.target.status}`)}
          confirmTone={statusChange.target.status === 'READY' ? 'primary' : 'danger'}
          busy={statusChange.isRunning}
          error={statusChange.error}
          onConfirm={statusChange.confirm}
          onCancel={statusChange.cancel}
        >
          <p>{t(`admin.loras.statusText.${statusChange.target.status}`)}</p>
          {(statusChange.target.lora.usedBy?.length ?? 0) > 0 ? (
            <>
              <p>{t('admin.loras.usedBy')}</p>
              <ul data-testid="lora-used-by">
                {statusChange.target.lora.usedBy!.map((use) => (
                  <li key={use.templateId}>
                    {use.title}
                    {' — '}
                    {[use.inDraft ? t('admin.loras.use.draft') : null, use.inPublished ? t('admin.loras.use.published') : null].filter(Boolean).join(', ')}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p data-testid="lora-used-by-none">{t('admin.loras.usedByNone')}</p>
          )}
        </ConfirmDialog>
      )}
    </main>
  );
}
