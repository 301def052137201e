// graphql-codegen's input: the studio sends the typed documents generated from these (src/gql/graphql.ts).
import type {
  BaseModel as GeneratedBaseModel,
  CreateTemplateInput as GeneratedCreateTemplateInput,
  MyTemplatesQuery,
  TemplateStandingFieldsFragment,
  TemplateSummaryFieldsFragment,
  TemplateVersionSummaryFieldsFragment,
  VersionState as GeneratedVersionState,
} from '../../../gql/graphql';

export type BaseModel = GeneratedBaseModel;

export type VersionState = GeneratedVersionState;

export type TemplateVersionSummary = TemplateVersionSummaryFieldsFragment;

export type TemplateSummary = TemplateSummaryFieldsFragment;

export type PageInfo = MyTemplatesQuery['templates']['pageInfo'];

/** Where a template stands (in review, changes requested, published...), as the list and the editor header show it. */
export type TemplateStanding = TemplateStandingFieldsFragment;

export const TEMPLATE_STANDING_FIELDS = /* GraphQL */ `
  fragment TemplateStandingFields on TemplateStanding {
    state
    versionId
    versionNumber
    reviewNote
    decidedAt
    publishedVersionNumber
  }
`;

const TEMPLATE_SUMMARY_FIELDS = /* GraphQL */ `
  fragment TemplateVersionSummaryFields on TemplateVersion {
    id
    number
    state
    revision
    specHash
    updatedAt
  }

  fragment TemplateSummaryFields on Template {
    id
    title
    description
    tags
    category
    baseModel
    updatedAt
    draft {
      ...TemplateVersionSummaryFields
    }
    publishedVersion {
      ...TemplateVersionSummaryFields
    }
    standing {
      ...TemplateStandingFields
    }
  }
  ${TEMPLATE_STANDING_FIELDS}
`;

// `templates` is the studio's view: the API scopes it to the signed-in designer.
export const MY_TEMPLATES_QUERY = /* GraphQL */ `
  query MyTemplates($first: Int, $after: String, $filter: TemplateFilter) {
    templates(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          ...TemplateSummaryFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
  ${TEMPLATE_SUMMARY_FIELDS}
`;

export const CREATE_TEMPLATE_MUTATION = /* GraphQL */ `
  mutation CreateTemplate($input: CreateTemplateInput!) {
    createTemplate(input: $input) {
      ...TemplateSummaryFields
    }
  }
  ${TEMPLATE_SUMMARY_FIELDS}
`;

export type CreateTemplateInput = GeneratedCreateTemplateInput;

// The copy opens in the editor at once, so only its id and title are needed.
export const DUPLICATE_TEMPLATE_MUTATION = /* GraphQL */ `
  mutation DuplicateTemplate($templateId: ID!, $title: String) {
    duplicateTemplate(templateId: $templateId, title: $title) {
      id
      title
    }
  }
`;
