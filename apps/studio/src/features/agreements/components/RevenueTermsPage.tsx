import { routeHref } from '../../../app/routes';
import { useI18n } from '../../../i18n/useI18n';
import { RevenueTermsPanel } from './RevenueTermsPanel';

/**
 * `#/templates/<id>/terms` (from a template in "Recent usage" on the earnings page): the revenue terms on
 * their own, for co-authors, who cannot open the template or its history.
 */
export function RevenueTermsPage({ templateId, viewer }: { templateId: string; viewer: { id: string; roles: readonly string[]; displayName?: string } }) {
  const { t } = useI18n();
  return (
    <main className="page agreements-page" data-testid="terms-page" data-template-id={templateId}>
      <a className="back-link" href={routeHref('earnings')} data-testid="terms-back">
        ← {t('nav.earnings')}
      </a>
      <RevenueTermsPanel templateId={templateId} viewer={viewer} standalone />
    </main>
  );
}
