import { editorHref, routeHref } from '../../../app/routes';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import { ConfirmDialog } from '../../admin/components/ConfirmDialog';
import { RevenueTermsPanel } from '../../agreements/components/RevenueTermsPanel';
import { RenderStatsPanel } from '../../render-stats/components/RenderStatsPanel';
import type { HistoryTemplate, HistoryVersion } from '../graphql/versions.graphql';
import { usePublishing, type PublishingOutcome, type PublishingRequest } from '../hooks/usePublishing';
import { useVersionHistory } from '../hooks/useVersionHistory';
import { canManagePublishing, canUnpublish, findVersionAction, orderPair, pickDefaultPair, type VersionPair } from '../version-actions';
import { useHashQuery } from '../../../lib/useHashQuery';
import { VersionCompare } from './VersionCompare';
import { VersionList } from './VersionList';
import { RetryBanner } from '../../../lib/RetryBanner';
import '../versions.css';

/** `#/templates/<id>/history`: every version of a template, diffs between two, publish / unpublish / roll back. */
export function HistoryPage({ templateId }: { templateId: string }) {
  const { t } = useI18n();
  const { history, loraNames } = useVersionHistory(templateId);
  const template = history.data?.template;

  if (history.error && !template) {
    return (
      <HistoryMessage templateId={templateId}>
        <RetryBanner error={history.error} onRetry={history.reload} />
      </HistoryMessage>
    );
  }
  if (!history.data) {
    return (
      <HistoryMessage templateId={templateId}>
        <div className="loading-state" aria-busy="true">
          {t('versions.loading')}
        </div>
      </HistoryMessage>
    );
  }
  if (!template) {
    return (
      <HistoryMessage templateId={templateId}>
        <p data-testid="history-not-found">{t('versions.notFound')}</p>
      </HistoryMessage>
    );
  }
  return <HistoryScreen template={template} viewer={history.data.me} loraNames={loraNames} />;
}

interface HistoryScreenProps {
  template: HistoryTemplate;
  viewer: { id: string; roles: readonly string[] };
  loraNames: ReadonlyMap<string, string>;
}

function HistoryScreen({ template, viewer, loraNames }: HistoryScreenProps) {
  const { t, formatDate } = useI18n();
  const publishing = usePublishing(template.id);
  const { versions } = template;
  // The compared pair lives in the address (`?compare=3..5`), so "v3 against v5" can be sent as a link.
  const [query, setQuery] = useHashQuery();
  const byNumber = new Map(versions.map((version) => [version.number, version]));
  const [numberA, numberB] = (query.get('compare') ?? '').split('..').map(Number);
  const fromAddress = numberA !== undefined && numberB !== undefined ? { a: byNumber.get(numberA), b: byNumber.get(numberB) } : null;
  const picked: VersionPair | null = fromAddress?.a && fromAddress.b ? { olderId: fromAddress.a.id, newerId: fromAddress.b.id } : null;
  const setPicked = (next: VersionPair) => {
    const [a, b] = [versions.find((v) => v.id === next.olderId), versions.find((v) => v.id === next.newerId)];
    if (a && b) setQuery({ compare: `${a.number}..${b.number}` });
  };
  const publishedVersionId = template.publishedVersion?.id ?? null;
  const canManage = canManagePublishing(viewer, template.owner.id);

  const byId = new Map(versions.map((version) => [version.id, version]));
  const pair = picked && byId.has(picked.olderId) && byId.has(picked.newerId) ? picked : pickDefaultPair(versions);
  const chosenA = pair ? byId.get(pair.olderId) : undefined;
  const chosenB = pair ? byId.get(pair.newerId) : undefined;
  const ordered = chosenA && chosenB && chosenA.id !== chosenB.id ? orderPair(chosenA, chosenB) : null;

  const onAction = (version: HistoryVersion, action: 'publish' | 'rollback') => publishing.ask({ kind: action, versionId: version.id, number: version.number });

  return (
    <main className="page history-page" data-testid="history-page" data-template-id={template.id}>
      <nav className="history-breadcrumbs">
        <a className="back-link" href={routeHref('templates')} data-testid="history-back">
          ← {t('versions.allTemplates')}
        </a>
        <span className="muted" aria-hidden="true">
          /
        </span>
        <a className="back-link" href={editorHref(template.id)} data-testid="history-open-editor">
          {t('versions.backToEditor')}
        </a>
      </nav>
      <header className="page-header history-header">
        <div>
          <h1 className="page-title">{t('versions.title')}</h1>
          <p className="page-subtitle" data-testid="history-template-title">
            {template.title}
          </p>
        </div>
        <div className="history-live" data-testid="history-live" data-live-version={template.publishedVersion?.number ?? ''}>
          {template.publishedVersion ? (
            <>
              <span className="history-live-dot" aria-hidden="true" />
              <span>
                <strong>{t('versions.live', { number: template.publishedVersion.number })}</strong>
                {template.publishedAt && <span className="muted"> · {t('versions.liveSince', { date: formatDate(template.publishedAt) })}</span>}
              </span>
            </>
          ) : (
            <span className="muted">{t('versions.notLive')}</span>
          )}
          {canUnpublish(publishedVersionId, canManage) && (
            <button type="button" className="button button-small button-ghost" onClick={() => publishing.ask({ kind: 'unpublish', number: template.publishedVersion!.number })} data-testid="history-unpublish">
              {t('versions.unpublish')}
            </button>
          )}
        </div>
      </header>

      {publishing.outcome && <OutcomeBanner outcome={publishing.outcome} onDismiss={publishing.dismissOutcome} />}

      <div className="history-layout">
        <VersionList
          versions={versions}
          publishedVersionId={publishedVersionId}
          comparedIds={ordered ? [ordered.older.id, ordered.newer.id] : []}
          actionFor={(version) => findVersionAction(version, publishedVersionId, canManage)}
          onAction={onAction}
          onCompareWithPrevious={(version, previous) => setPicked({ olderId: previous.id, newerId: version.id })}
        />
        <div className="history-compare">
          {versions.length < 2 ? (
            <div className="card empty-state" data-testid="history-only-one">
              <p className="empty-state-text">{t('versions.onlyOne')}</p>
            </div>
          ) : (
            <>
              <div className="history-pickers card">
                <span className="history-pickers-label">{t('versions.compareWith')}</span>
                <VersionPicker label={t('versions.pickA')} versions={versions} value={chosenA?.id ?? ''} onChange={(id) => setPicked({ olderId: id, newerId: chosenB?.id ?? id })} testId="history-pick-a" />
                <span aria-hidden="true">→</span>
                <VersionPicker label={t('versions.pickB')} versions={versions} value={chosenB?.id ?? ''} onChange={(id) => setPicked({ olderId: chosenA?.id ?? id, newerId: id })} testId="history-pick-b" />
              </div>
              {ordered ? (
                <VersionCompare older={ordered.older} newer={ordered.newer} loraNames={loraNames} />
              ) : (
                <div className="card empty-state" data-testid="history-same-version">
                  <p className="empty-state-text">{t('versions.sameVersion')}</p>
                </div>
              )}
            </>
          )}
        </div>
      </div>

      <RenderStatsPanel templateId={template.id} publishedVersionId={publishedVersionId} />

      <RevenueTermsPanel templateId={template.id} owner={template.owner} viewer={viewer} />

      {publishing.pending && (
        <PublishingDialog
          request={publishing.pending}
          liveNumber={template.publishedVersion?.number ?? null}
          busy={publishing.isBusy}
          error={publishing.error ? describeError(publishing.error, t) : null}
          onConfirm={() => void publishing.confirm()}
          onCancel={publishing.cancel}
        />
      )}
    </main>
  );
}

function VersionPicker({ label, versions, value, onChange, testId }: { label: string; versions: readonly HistoryVersion[]; value: string; onChange: (id: string) => void; testId: string }) {
  const { t } = useI18n();
  return (
    <label className="history-picker">
      <span className="history-picker-label">{label}</span>
      <select className="input input-select" value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId}>
        {versions.map((version) => (
          <option key={version.id} value={version.id}>
            {t('versions.option', { number: version.number, state: t(`templates.state.${version.state}`) })}
          </option>
        ))}
      </select>
    </label>
  );
}

function PublishingDialog({ request, liveNumber, busy, error, onConfirm, onCancel }: { request: PublishingRequest; liveNumber: number | null; busy: boolean; error: string | null; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const replaces = liveNumber !== null && request.kind !== 'unpublish' ? t('versions.confirmPublish.replaces', { live: liveNumber }) : null;
  const copy =
    request.kind === 'publish'
      ? { title: t('versions.confirmPublish.title', { number: request.number }), text: t('versions.confirmPublish.text', { number: request.number }), confirm: t('versions.publish') }
      : request.kind === 'rollback'
        ? { title: t('versions.confirmRollback.title', { number: request.number }), text: t('versions.confirmRollback.text', { number: request.number }), confirm: t('versions.rollback') }
        : { title: t('versions.confirmUnpublish.title'), text: t('versions.confirmUnpublish.text', { number: request.number }), confirm: t('versions.unpublish') };
  return (
    <ConfirmDialog title={copy.title} confirmLabel={copy.confirm} busy={busy} error={error} onConfirm={onConfirm} onCancel={onCancel} testId="history-confirm" confirmTone={request.kind === 'unpublish' ? 'danger' : 'primary'}>
      <p>{copy.text}</p>
      {replaces && <p>{replaces}</p>}
    </ConfirmDialog>
  );
}

function OutcomeBanner({ outcome, onDismiss }: { outcome: PublishingOutcome; onDismiss: () => void }) {
  const { t } = useI18n();
  const text =
    outcome.kind === 'published'
      ? t('versions.done.published', { number: outcome.number })
      : outcome.kind === 'rolledBack'
        ? t('versions.done.rolledBack', { number: outcome.number })
        : t('versions.done.unpublished');
  return (
    <div className="banner banner-success" role="status" data-testid="history-outcome" data-outcome={outcome.kind}>
      <span>{text}</span>
      <button type="button" className="button button-small button-ghost" onClick={onDismiss}>
        {t('common.close')}
      </button>
    </div>
  );
}

function HistoryMessage({ templateId, children }: { templateId: string; children: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <main className="page" data-testid="history-page" data-template-id={templateId}>
      <a className="back-link" href={routeHref('templates')} data-testid="history-back">
        ← {t('versions.allTemplates')}
      </a>
      <div className="empty-state">{children}</div>
    </main>
  );
}
