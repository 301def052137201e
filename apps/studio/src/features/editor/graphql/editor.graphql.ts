// graphql-codegen's input: the studio sends the typed documents generated from these (src/gql/graphql.ts).
import { TEMPLATE_STANDING_FIELDS } from '../../templates/graphql/templates.graphql';

// The template being edited: its draft's spec and the revision the next save builds on.
export const EDITOR_TEMPLATE_QUERY = /* GraphQL */ `
  query EditorTemplate($id: ID!) {
    template(id: $id) {
      id
      title
      description
      category
      tags
      baseModel
      headRevision
      draft {
        id
        number
        revision
        specHash
        spec
      }
      versions {
        id
        number
        state
      }
      standing {
        ...TemplateStandingFields
      }
    }
  }
  ${TEMPLATE_STANDING_FIELDS}
`;

export const SAVE_DRAFT_MUTATION = /* GraphQL */ `
  mutation SaveDraft($input: SaveDraftInput!) {
    saveDraft(input: $input) {
      id
      revision
      specHash
    }
  }
`;

// "Save mine as a new template" after a conflict: a new template starting from my spec.
export const SAVE_AS_NEW_TEMPLATE_MUTATION = /* GraphQL */ `
  mutation SaveAsNewTemplate($input: CreateTemplateInput!) {
    createTemplate(input: $input) {
      id
      title
    }
  }
`;
