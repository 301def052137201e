// Result and variable types are generated from the API schema (src/gql, graphql-codegen).
import type {
  EditorTemplateQuery,
  EditorTemplateQueryVariables,
  SaveDraftMutation,
  SaveDraftMutationVariables,
  SaveAsNewTemplateMutation,
  SaveAsNewTemplateMutationVariables,
} from '../../../gql/graphql';

// The template being edited: its draft's spec and the revision the next save builds on.
export const EDITOR_TEMPLATE_QUERY = /* GraphQL */ `
  query EditorTemplate($id: ID!) {
    template(id: $id) {
      id
      title
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
    }
  }
`;
export type EditorTemplateData = EditorTemplateQuery;
export type EditorTemplateVariables = EditorTemplateQueryVariables;

export const SAVE_DRAFT_MUTATION = /* GraphQL */ `
  mutation SaveDraft($input: SaveDraftInput!) {
    saveDraft(input: $input) {
      id
      revision
      specHash
    }
  }
`;
export type SaveDraftData = SaveDraftMutation;
export type SaveDraftVariables = SaveDraftMutationVariables;

// "Save mine as a new template" after a conflict: a new template starting from my spec.
export const SAVE_AS_NEW_TEMPLATE_MUTATION = /* GraphQL */ `
  mutation SaveAsNewTemplate($input: CreateTemplateInput!) {
    createTemplate(input: $input) {
      id
      title
    }
  }
`;
export type SaveAsNewTemplateData = SaveAsNewTemplateMutation;
export type SaveAsNewTemplateVariables = SaveAsNewTemplateMutationVariables;
