// graphql-codegen's input: the studio sends the typed documents generated from these (src/gql/graphql.ts).
import { TEMPLATE_METADATA_FIELDS } from '../../metadata/graphql/metadata.graphql';
import type { VersionHistoryQuery, VersionPreviewsQuery, VersionReviewsQuery } from '../../../gql/graphql';

// Every version with its spec (for diffs), times and review decisions, plus who is asking (for the buttons).
// Review scores and comments load per version (VersionReviews): nested under every version they would
// cost more than the API's query complexity limit allows.
export const VERSION_HISTORY_QUERY = /* GraphQL */ `
  query VersionHistory($id: ID!) {
    me {
      id
      roles
    }
    template(id: $id) {
      id
      title
      baseModel
      owner {
        id
        displayName
      }
      publishedAt
      publishedVersion {
        id
        number
      }
      versions {
        id
        number
        state
        spec
        metadata {
          ...TemplateMetadataFields
        }
        createdAt
        submittedAt
        decidedAt
        publishedAt
        author {
          id
          displayName
        }
        reviews {
          id
          decision
          createdAt
        }
      }
    }
  }
  ${TEMPLATE_METADATA_FIELDS}
`;
export type HistoryTemplate = NonNullable<VersionHistoryQuery['template']>;
export type HistoryVersion = HistoryTemplate['versions'][number];

// One version's reviews with scores and comments, for its summary in the list.
export const VERSION_REVIEWS_QUERY = /* GraphQL */ `
  query VersionReviews($id: ID!) {
    templateVersion(id: $id) {
      id
      reviews {
        id
        decision
        reviewer {
          id
          displayName
        }
        scores {
          subjectId
          real
          like
          beautiful
        }
        comments {
          body
        }
      }
    }
  }
`;
export type HistoryReview = NonNullable<VersionReviewsQuery['templateVersion']>['reviews'][number];

// The registry, to show style LoRAs by name in the diff.
export const HISTORY_LORAS_QUERY = /* GraphQL */ `
  query HistoryLoras {
    loras {
      id
      name
    }
  }
`;

const VERSION_PREVIEW_FIELDS = /* GraphQL */ `
  fragment VersionPreviewFields on PreviewJob {
    id
    state
    seed
    cached
    removed
    imageUrl
    thumbnailUrl
    subject {
      id
      name
    }
  }
`;

// The previews of the two versions being compared (one per subject and seed of each exact spec).
export const VERSION_PREVIEWS_QUERY = /* GraphQL */ `
  query VersionPreviews($olderId: ID!, $newerId: ID!) {
    older: templateVersion(id: $olderId) {
      id
      previews {
        ...VersionPreviewFields
      }
    }
    newer: templateVersion(id: $newerId) {
      id
      previews {
        ...VersionPreviewFields
      }
    }
  }
  ${VERSION_PREVIEW_FIELDS}
`;
export type VersionPreview = NonNullable<VersionPreviewsQuery['older']>['previews'][number];

export const PUBLISH_VERSION_MUTATION = /* GraphQL */ `
  mutation PublishVersion($versionId: ID!) {
    publishVersion(versionId: $versionId) {
      id
      number
      state
    }
  }
`;

export const UNPUBLISH_TEMPLATE_MUTATION = /* GraphQL */ `
  mutation UnpublishTemplate($templateId: ID!) {
    unpublishTemplate(templateId: $templateId) {
      id
      publishedVersion {
        id
      }
    }
  }
`;

export const ROLLBACK_TEMPLATE_MUTATION = /* GraphQL */ `
  mutation RollbackTemplate($templateId: ID!, $versionId: ID!) {
    rollbackTemplate(templateId: $templateId, versionId: $versionId) {
      id
      publishedVersion {
        id
        number
      }
    }
  }
`;
