import { useState } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { AdminPreviewSubjectsDocument, RetirePreviewSubjectDocument } from '../../../gql/graphql';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import type { PreviewSubject } from '../graphql/admin.graphql';
import { useAdminMutation } from '../hooks/useAdminMutation';
import { useConfirmedAction } from '../hooks/useConfirmedAction';
import { AdminPageHeader } from './AdminPageHeader';
import { AdminTableCard } from './AdminTableCard';
import { ConfirmDialog } from './ConfirmDialog';

/** Admin: the consenting people previews are rendered with; retiring one purges their identity LoRA and previews. */
export function PreviewSubjectsPage() {
  const { t, formatDate } = useI18n();
  const query = useGqlQuery(AdminPreviewSubjectsDocument, {});
  const retire = useAdminMutation(RetirePreviewSubjectDocument, ['AdminPreviewSubjects']);
  const [retiredMessage, setRetiredMessage] = useState<string | null>(null);
  const subjects = query.data?.previewSubjects ?? null;
  const date = (value: string | null | undefined) => (value ? formatDate(value, { dateStyle: 'medium' }) : '—');

  const retiring = useConfirmedAction<PreviewSubject>(async (subject) => {
    const data = await retire.run({ id: subject.id });
    const retired = data.retirePreviewSubject;
    setRetiredMessage(t('admin.subjects.retired', { name: retired.name }));
  });

  function statusOf(subject: PreviewSubject) {
    if (!subject.active) return <span className="badge badge-danger">{t('admin.subjects.status.retired')}</span>;
    if (!subject.usable) return <span className="badge badge-warning">{t('admin.subjects.status.expired')}</span>;
    return <span className="badge badge-success">{t('admin.subjects.status.usable')}</span>;
  }

  return (
    <main className="page">
      <AdminPageHeader title={t('admin.subjects.title')} subtitle={t('admin.subjects.subtitle')} onRefresh={query.reload} isLoading={query.isLoading} error={query.error} />
      {retiredMessage && (
        <div className="banner banner-success" role="status" data-testid="subject-retired">
          {retiredMessage}
        </div>
      )}
      <AdminTableCard
        id="subjects-heading"
        title={t('admin.subjects.listTitle')}
        subtitle={t('admin.subjects.listSubtitle')}
        rows={subjects}
        isFailed={!!query.error}
        emptyText={t('admin.subjects.empty')}
        columns={[
          { label: t('admin.subjects.name') },
          { label: t('admin.col.status') },
          { label: t('admin.subjects.consentExpires') },
          { label: t('admin.subjects.retiredAt') },
          { label: t('admin.subjects.purgedAt') },
        ]}
        hasActions
        renderRow={(subject) => (
          <tr key={subject.id} data-testid="subject-row" data-subject-id={subject.id} data-active={String(subject.active)}>
            <th scope="row" className="cell-title">
              {subject.name}
            </th>
            <td data-testid="subject-status">{statusOf(subject)}</td>
            <td>{date(subject.consentExpiresAt)}</td>
            <td>{date(subject.retiredAt)}</td>
            <td data-testid="subject-purged">{subject.purgedAt ? date(subject.purgedAt) : subject.retiredAt ? <span className="muted">{t('admin.subjects.purgePending')}</span> : '—'}</td>
            <td className="cell-action">
              {subject.active && (
                <button
                  type="button"
                  className="button button-small"
                  data-testid="retire-subject"
                  onClick={() => {
                    setRetiredMessage(null);
                    retiring.ask(subject);
                  }}
                >
                  {t('admin.subjects.retire')}
                </button>
              )}
            </td>
          </tr>
        )}
      />

      {retiring.target && (
        <ConfirmDialog title={t('admin.subjects.retireTitle', { name: retiring.target.name })} confirmLabel={t('admin.subjects.retireConfirm')} busy={retiring.isRunning} error={retiring.error} onConfirm={retiring.confirm} onCancel={retiring.cancel}>
          <p>{t('admin.subjects.retireText')}</p>
          <p className="dialog-warning">{t('admin.subjects.retireWarning')}</p>
        </ConfirmDialog>
      )}
    </main>
  );
}
