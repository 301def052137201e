// graphql-codegen's input: the studio sends the typed documents generated from these (src/gql/graphql.ts).
import type { PreviewBatchFieldsFragment } from '../../../gql/graphql';

// The same job fields in every operation, so a tile renders whichever one answered last.
const PREVIEW_JOB_FIELDS = /* GraphQL */ `
  fragment PreviewJobFields on PreviewJob {
    id
    state
    subject {
      id
      name
    }
    seed
    likeness
    likenessEnd
    cached
    imageUrl
    thumbnailUrl
    queuePosition
    etaSeconds
    waitingForWorker
    waitingReason
    progress
    error
    removed
  }
`;

const PREVIEW_BATCH_FIELDS = /* GraphQL */ `
  fragment PreviewBatchFields on PreviewBatch {
    id
    versionId
    specHash
    jobs {
      ...PreviewJobFields
    }
  }
  ${PREVIEW_JOB_FIELDS}
`;

export const REQUEST_PREVIEWS_MUTATION = /* GraphQL */ `
  mutation RequestPreviews($input: RequestPreviewsInput!) {
    requestPreviews(input: $input) {
      ...PreviewBatchFields
    }
  }
  ${PREVIEW_BATCH_FIELDS}
`;

// Polled every 2 s when the live socket is unavailable.
export const PREVIEW_BATCH_QUERY = /* GraphQL */ `
  query PreviewBatch($id: ID!) {
    previewBatch(id: $id) {
      ...PreviewBatchFields
    }
  }
  ${PREVIEW_BATCH_FIELDS}
`;

// The batch as it is now, then again whenever one of its jobs changes (graphql-ws on /graphql).
export const PREVIEW_BATCH_UPDATED_SUBSCRIPTION = /* GraphQL */ `
  subscription PreviewBatchUpdated($batchId: ID!) {
    previewBatchUpdated(batchId: $batchId) {
      ...PreviewBatchFields
    }
  }
  ${PREVIEW_BATCH_FIELDS}
`;

export const SUBMIT_VERSION_MUTATION = /* GraphQL */ `
  mutation SubmitVersion($versionId: ID!) {
    submitVersion(versionId: $versionId) {
      id
      number
      state
      submittedAt
    }
  }
`;

// Only drafts take a cover; it is frozen with the version on submit.
export const SET_VERSION_COVER_MUTATION = /* GraphQL */ `
  mutation SetVersionCover($versionId: ID!, $previewJobId: ID!) {
    setVersionCover(versionId: $versionId, previewJobId: $previewJobId) {
      id
      specHash
      coverPreviewJobId
      coverUrl
    }
  }
`;

// The cover chosen before (another session): which render it is, so the gallery can mark it.
export const EDITOR_DRAFT_COVER_QUERY = /* GraphQL */ `
  query EditorDraftCover($id: ID!) {
    templateVersion(id: $id) {
      id
      cover {
        id
        state
        seed
        specHash
        removed
        subject {
          id
        }
      }
    }
  }
`;

// The gallery's queue actions on one tile: the job as it is afterwards (queued again, or cancelled).
export const CANCEL_PREVIEW_MUTATION = /* GraphQL */ `
  mutation CancelPreview($id: ID!) {
    cancelPreviewJob(id: $id) {
      ...PreviewJobFields
    }
  }
  ${PREVIEW_JOB_FIELDS}
`;

export const RENDER_PREVIEW_AGAIN_MUTATION = /* GraphQL */ `
  mutation RenderPreviewAgain($id: ID!) {
    retryPreviewJob(id: $id) {
      ...PreviewJobFields
    }
  }
  ${PREVIEW_JOB_FIELDS}
`;

/** One batch as every operation above returns it. */
export type PreviewBatchView = PreviewBatchFieldsFragment;
export type PreviewJobView = PreviewBatchView['jobs'][number];
