// The LoRA registry for the editor's style LoRA picker. Types are generated from the API schema (src/gql).
import type { EditorLorasQuery, EditorLorasQueryVariables } from '../../../gql/graphql';

// Every LoRA of one base model, with its weight range and trigger words.
export const EDITOR_LORAS_QUERY = /* GraphQL */ `
  query EditorLoras($baseModel: BaseModel) {
    loras(baseModel: $baseModel) {
      id
      name
      baseModel
      defaultWeight
      minWeight
      maxWeight
      triggerWords
      status
    }
  }
`;
export type EditorLorasData = EditorLorasQuery;
export type EditorLorasVariables = EditorLorasQueryVariables;
export type EditorLora = EditorLorasQuery['loras'][number];
