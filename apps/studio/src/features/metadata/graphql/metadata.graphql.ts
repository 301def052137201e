// graphql-codegen's input: the studio sends the typed documents generated from these (src/gql/graphql.ts).
import type { TemplateCategoriesQuery, TemplateMetadataFieldsFragment } from '../../../gql/graphql';

export const TEMPLATE_METADATA_FIELDS = /* GraphQL */ `
  fragment TemplateMetadataFields on TemplateMetadata {
    title
    description
    category
    tags
    frozen
  }
`;
/** A version's title, description, category and tags (frozen at submission; a draft's follow the template). */
export type TemplateMetadata = TemplateMetadataFieldsFragment;

// The admins' category list; archived ones too, so a template that kept one can still name it.
export const TEMPLATE_CATEGORIES_QUERY = /* GraphQL */ `
  query TemplateCategories {
    templateCategories(includeArchived: true) {
      key
      name
      nameZh
      position
      archived
      archivedAt
    }
  }
`;
export type TemplateCategory = TemplateCategoriesQuery['templateCategories'][number];

export const CREATE_TEMPLATE_CATEGORY_MUTATION = /* GraphQL */ `
  mutation CreateTemplateCategory($input: CreateTemplateCategoryInput!) {
    createTemplateCategory(input: $input) {
      key
    }
  }
`;

export const UPDATE_TEMPLATE_CATEGORY_MUTATION = /* GraphQL */ `
  mutation UpdateTemplateCategory($input: UpdateTemplateCategoryInput!) {
    updateTemplateCategory(input: $input) {
      key
      name
      nameZh
      position
      archived
    }
  }
`;

// The template's working copy of its metadata (the next submitted version takes it).
export const UPDATE_TEMPLATE_DETAILS_MUTATION = /* GraphQL */ `
  mutation UpdateTemplateDetails($input: UpdateTemplateInput!) {
    updateTemplate(input: $input) {
      id
      title
      description
      tags
      category
    }
  }
`;
