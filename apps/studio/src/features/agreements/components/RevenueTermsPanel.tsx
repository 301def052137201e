import { FULL_SHARE_BPS } from '@atelier/revenue-share';
import { useMemo } from 'react';
import { AgreementDesignersDocument, RevenueAgreementsDocument } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/useI18n';
import { isGraphQLRequestError } from '../../../lib/graphql-client';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import type { RevenueAgreementRow } from '../graphql/agreements.graphql';
import { placeAgreementsInTime, type AgreementTimeline } from '../revenue-terms';
import { AgreementForm } from './AgreementForm';
import { RetryBanner } from '../../../lib/RetryBanner';
import '../agreements.css';

const NO_VARIABLES = {};

export interface RevenueTermsPanelProps {
  templateId: string;
  /** Named in the terms by name; unknown (a co-author's own page) leaves other designers by id. */
  owner?: { id: string; displayName: string };
  viewer: { id: string; roles: readonly string[]; displayName?: string };
  /** On its own page, a refusal says so instead of hiding the panel. */
  standalone?: boolean;
}

/**
 * The template's revenue terms: the agreement in force, scheduled and earlier ones, for its authors and
 * admins (anyone else is refused by the API and sees nothing); admins also set new terms here.
 */
export function RevenueTermsPanel({ templateId, owner, viewer, standalone = false }: RevenueTermsPanelProps) {
  const { t } = useI18n();
  const isAdmin = viewer.roles.includes('ADMIN');
  const agreements = useGqlQuery(RevenueAgreementsDocument, { templateId });
  const designers = useGqlQuery(AgreementDesignersDocument, isAdmin ? NO_VARIABLES : null);
  const designerList = useMemo(() => (designers.data?.users.edges ?? []).map((edge) => edge.node), [designers.data]);
  const names = useMemo(() => {
    const byId = new Map<string, string>(designerList.map((d) => [d.id, d.displayName]));
    // Co-authors named by the API (every viewer who may read the terms sees who shares them).
    for (const agreement of agreements.data?.revenueAgreements ?? []) for (const author of agreement.coAuthors) if (author.displayName) byId.set(author.designerId, author.displayName);
    if (viewer.displayName) byId.set(viewer.id, viewer.displayName);
    if (owner) byId.set(owner.id, owner.displayName);
    return byId;
  }, [designerList, agreements.data, owner, viewer.id, viewer.displayName]);

  // Not an author: the terms are none of this viewer's business, and the page says nothing about them.
  if (isGraphQLRequestError(agreements.error, 'FORBIDDEN') && !agreements.data && !standalone) return null;

  // One reading of the clock for the whole card: the list and the form agree on the terms in force.
  const timeline = agreements.data ? placeAgreementsInTime(agreements.data.revenueAgreements, new Date()) : null;

  const nameOf = (designerId: string) => {
    const name = names.get(designerId) ?? t('agreements.unknownDesigner', { id: designerId.slice(0, 8) });
    return designerId === viewer.id ? t('agreements.you', { name }) : name;
  };

  return (
    <section className="card agreements-panel" data-testid="agreements-panel" aria-labelledby="agreements-title">
      <header className="agreements-header">
        <h2 className="agreements-title" id="agreements-title">
          {t('agreements.title')}
        </h2>
        <p className="muted">{t('agreements.subtitle')}</p>
      </header>
      {agreements.error && !agreements.data ? (
        <RetryBanner error={agreements.error} onRetry={agreements.reload} />
      ) : !agreements.data ? (
        <p className="muted" aria-busy="true">
          {t('agreements.loading')}
        </p>
      ) : (
        <AgreementTimelineView timeline={timeline!} nameOf={nameOf} />
      )}
      {isAdmin && agreements.data && (
        <AgreementForm
          templateId={templateId}
          inForce={timeline!.inForce}
          designers={designerList}
          nameOf={nameOf}
        />
      )}
    </section>
  );
}

function AgreementTimelineView({ timeline, nameOf }: { timeline: AgreementTimeline<RevenueAgreementRow>; nameOf: (id: string) => string }) {
  const { t, formatNumber } = useI18n();
  const { inForce, upcoming, earlier } = timeline;
  const percent = (bps: number) => formatNumber(bps / FULL_SHARE_BPS, { style: 'percent', maximumFractionDigits: 2 });
  return (
    <div className="agreements-timeline">
      {inForce && (
        <div className="agreements-in-force" data-testid="agreements-in-force" data-agreement-id={inForce.id}>
          <p className="agreements-label">
            <strong>{t('agreements.inForce')}</strong> · <AgreementSince agreement={inForce} />
          </p>
          <p data-testid="agreements-share">{t('agreements.designerShare', { percent: percent(inForce.designerShareBps), platform: percent(FULL_SHARE_BPS - inForce.designerShareBps) })}</p>
          <h3 className="agreements-subtitle">{t('agreements.coAuthors')}</h3>
          <ul className="agreements-authors">
            {inForce.coAuthors.map((author) => (
              <li key={author.designerId} data-testid="agreements-author" data-designer-id={author.designerId}>
                <span>{nameOf(author.designerId)}</span>
                <span className="muted">{t('agreements.coAuthorShare', { percent: percent(author.shareBps) })}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {[
        { key: 'upcoming', title: t('agreements.upcoming'), list: upcoming },
        { key: 'earlier', title: t('agreements.earlier'), list: earlier },
      ].map(
        ({ key, title, list }) =>
          list.length > 0 && (
            <div key={key} className="agreements-other" data-testid={`agreements-${key}`}>
              <h3 className="agreements-subtitle">{title}</h3>
              <ul className="agreements-list">
                {list.map((agreement) => (
                  <li key={agreement.id} data-testid="agreements-row" data-agreement-id={agreement.id}>
                    <AgreementSince agreement={agreement} />
                    <span className="muted">
                      {' · '}
                      {t('agreements.summary', {
                        percent: percent(agreement.designerShareBps),
                        authors: agreement.coAuthors.map((a) => `${nameOf(a.designerId)} ${percent(a.shareBps)}`).join(', '),
                      })}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ),
      )}
    </div>
  );
}

function AgreementSince({ agreement }: { agreement: { effectiveFrom?: string | null } }) {
  const { t, formatDate } = useI18n();
  if (!agreement.effectiveFrom) return <span>{t('agreements.sinceCreation')}</span>;
  return <time dateTime={agreement.effectiveFrom}>{t('agreements.since', { date: formatDate(agreement.effectiveFrom, { dateStyle: 'medium', timeStyle: 'short' }) })}</time>;
}
