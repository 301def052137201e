import { useState } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { AdminLorasDocument } from '../../../gql/graphql';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import { AdminPageHeader } from './AdminPageHeader';
import { LoraThumbnail } from '../../../lib/LoraThumbnail';
import { AdminTableCard } from './AdminTableCard';
import { RegisterLoraForm } from './RegisterLoraForm';

/** Admin: registered LoRAs with their base model, weight range, trigger words and status; registers new ones. */
export function LorasPage() {
  const { t, formatNumber, formatDate } = useI18n();
  const query = useGqlQuery(AdminLorasDocument, {});
  const loras = query.data?.loras ?? null;
  const [registered, setRegistered] = useState<string | null>(null);
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
              {registered}
            </div>
          )}
          <RegisterLoraForm
            onRegistered={(lora) => {
              setRegistered(t('admin.loras.form.done', { name: lora.name }));
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
              <span className={lora.status === 'READY' ? 'badge badge-success' : 'badge'}>{lora.status === 'READY' || lora.status === 'DISABLED' ? t(`admin.loras.status.${lora.status}`) : lora.status}</span>
            </td>
            <td>{formatDate(lora.createdAt, { dateStyle: 'medium' })}</td>
          </tr>
        )}
      />
    </main>
  );
}
