// The LoRA registry for the editor's style LoRA picker (graphql-codegen's input: EditorLorasDocument, src/gql).
import type { EditorLorasQuery } from '../../../gql/graphql';

// The LoRA registry (of one base model when given), with weight ranges and trigger words.
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
      thumbnailUrl
    }
  }
`;
export type EditorLora = EditorLorasQuery['loras'][number];
