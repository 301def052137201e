// graphql-codegen's input: the studio sends the typed documents generated from these (src/gql/graphql.ts).
import type { TemplateRenderStatsQuery } from '../../../gql/graphql';

export type VersionRenderStats = TemplateRenderStatsQuery['templateRenderStats']['versions'][number];
export type RenderStatsDay = VersionRenderStats['days'][number];

export const TEMPLATE_RENDER_STATS_QUERY = /* GraphQL */ `
  query TemplateRenderStats($templateId: ID!, $from: String!, $to: String!) {
    templateRenderStats(templateId: $templateId, from: $from, to: $to) {
      templateId
      from
      to
      versions {
        versionId
        versionNumber
        renders
        succeeded
        failed
        cancelled
        paidUses
        refundedUses
        refundRate
        medianWaitSeconds
        p95WaitSeconds
        days {
          day
          renders
          failed
          paidUses
          p95WaitSeconds
        }
      }
    }
  }
`;
