import type { TemplateSpec } from '@atelier/template-spec';
import { historyHref, routeHref } from '../../../app/routes';
import { useI18n } from '../../../i18n/useI18n';
import { EditorTemplateDocument } from '../../../gql/graphql';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import { VersionDecisionView } from '../../review/components/VersionDecisionView';
import { TemplateEditor } from './TemplateEditor';
import { RetryBanner } from '../../../lib/RetryBanner';
import '../editor.css';

/** `#/templates/<id>`: loads the template and its draft, then hands them to the editor. */
export function EditorPage({ templateId }: { templateId: string }) {
  const { t } = useI18n();
  const query = useGqlQuery(EditorTemplateDocument, { id: templateId });
  const template = query.data?.template;

  if (query.error && !template) {
    return (
      <EditorMessage>
        <RetryBanner error={query.error} onRetry={query.reload} />
      </EditorMessage>
    );
  }
  if (!query.data) {
    return (
      <EditorMessage>
        <div className="loading-state" aria-busy="true">
          {t('editor.loading')}
        </div>
      </EditorMessage>
    );
  }
  if (!template) return <EditorMessage>{t('editor.notFound')}</EditorMessage>;
  if (!template.draft) {
    // Versions come newest first: just after "Submit for review" the newest is the submitted one.
    const newest = template.versions[0];
    if (newest?.state === 'SUBMITTED') {
      return (
        <EditorMessage>
          <div className="submitted-state" data-testid="version-submitted-page" data-version-number={newest.number}>
            <strong>{t('editor.submitted.title', { number: newest.number })}</strong>
            <p>{t('editor.submitted.text')}</p>
            <a className="button button-small" href={historyHref(template.id)} data-testid="submitted-history">
              {t('editor.submitted.history')}
            </a>
          </div>
        </EditorMessage>
      );
    }
    // Decided or published: the review's feedback and the way on (a new draft from the newest version).
    if (newest) {
      return <VersionDecisionView templateId={template.id} title={template.title} headRevision={template.headRevision} newest={newest} />;
    }
    return <EditorMessage>{t('editor.noDraft')}</EditorMessage>;
  }

  return (
    <TemplateEditor
      templateId={template.id}
      title={template.title}
      details={{ id: template.id, title: template.title, description: template.description, category: template.category ?? null, tags: template.tags }}
      baseModel={template.baseModel}
      initialSpec={template.draft.spec as TemplateSpec}
      initialRevision={template.draft.revision}
      draftId={template.draft.id}
      standing={template.standing}
    />
  );
}

function EditorMessage({ children }: { children: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <main className="page">
      <a className="back-link" href={routeHref('templates')} data-testid="editor-back">
        ← {t('editor.back')}
      </a>
      <div className="empty-state">{children}</div>
    </main>
  );
}
