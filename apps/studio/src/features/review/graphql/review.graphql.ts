// graphql-codegen's input: the studio sends the typed documents generated from these (src/gql/graphql.ts).
import type { ReviewQueueQuery, ReviewVersionDetailQuery, TemplateReviewsQuery } from '../../../gql/graphql';
import { TEMPLATE_METADATA_FIELDS } from '../../metadata/graphql/metadata.graphql';

// Versions waiting for review, oldest first (reviewers and admins), each with its template's title.
export const REVIEW_QUEUE_QUERY = /* GraphQL */ `
  query ReviewQueue($first: Int, $after: String) {
    reviewQueue(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          number
          state
          templateId
          template {
            id
            title
          }
          submittedAt
          author {
            id
            displayName
          }
        }
      }
    }
  }
`;
export type ReviewQueueVersion = ReviewQueueQuery['reviewQueue']['edges'][number]['node'];

// The review rules the API enforces in this deployment (REVIEW_SCORE_BAR and the fixed limits).
export const REVIEW_POLICY_QUERY = /* GraphQL */ `
  query ReviewPolicy {
    reviewPolicy {
      scoreBar
      scoreMin
      scoreMax
      commentMaxLength
    }
  }
`;

// The same review fields for the reviewer's page and the designer's feedback panel.
const REVIEW_FIELDS = /* GraphQL */ `
  fragment ReviewFields on Review {
    id
    decision
    reviewerId
    reviewer {
      id
      displayName
    }
    createdAt
    scores {
      subjectId
      real
      like
      beautiful
    }
    comments {
      body
      previewJobId
      x
      y
    }
  }
`;

// A preview as the review page shows it, at either likeness end.
const REVIEW_PREVIEW_FIELDS = /* GraphQL */ `
  fragment ReviewPreviewFields on PreviewJob {
    id
    state
    seed
    likeness
    likenessEnd
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

// One version as the review page and the designer's feedback panel see it: spec, previews, reviews.
export const REVIEW_VERSION_DETAIL_QUERY = /* GraphQL */ `
  query ReviewVersionDetail($id: ID!) {
    templateVersion(id: $id) {
      id
      number
      state
      templateId
      template {
        id
        title
      }
      metadata {
        ...TemplateMetadataFields
      }
      previousVersion {
        id
        number
        metadata {
          ...TemplateMetadataFields
        }
      }
      spec
      submittedAt
      decidedAt
      author {
        id
        displayName
      }
      previews {
        ...ReviewPreviewFields
      }
      # The same faces rendered at the likeness max (a batch adds one per face), shown beside the default
      # ones; 16 keeps the whole query under the API's cost limit (each listed preview counts).
      maxPreviews: previews(likenessEnd: MAX, first: 16) {
        ...ReviewPreviewFields
      }
      reviews {
        ...ReviewFields
      }
    }
  }
  ${REVIEW_FIELDS}
  ${REVIEW_PREVIEW_FIELDS}
  ${TEMPLATE_METADATA_FIELDS}
`;
export type ReviewVersionDetail = NonNullable<ReviewVersionDetailQuery['templateVersion']>;
export type ReviewPreview = ReviewVersionDetail['previews'][number];
export type ReviewRecord = ReviewVersionDetail['reviews'][number];
export type ReviewCommentRecord = ReviewRecord['comments'][number];

export const REVIEW_VERSION_MUTATION = /* GraphQL */ `
  mutation ReviewVersion($input: ReviewVersionInput!) {
    reviewVersion(input: $input) {
      id
      number
      state
      decidedAt
    }
  }
`;

// The designer's side: every version of the template with its decisions, newest first (light: the
// query cost limit counts each list ten times; the chosen version's details come separately).
export const TEMPLATE_REVIEWS_QUERY = /* GraphQL */ `
  query TemplateReviews($id: ID!) {
    template(id: $id) {
      id
      headRevision
      versions {
        id
        number
        state
        decidedAt
        reviews {
          id
          decision
          createdAt
        }
      }
    }
  }
`;
export type TemplateReviewsVersion = NonNullable<TemplateReviewsQuery['template']>['versions'][number];
