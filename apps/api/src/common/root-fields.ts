import { Kind, getOperationAST, type DocumentNode, type SelectionSetNode } from 'graphql';

// The root fields an operation selects (through fragments too), memoised per parsed document.
const rootFieldsByDocument = new WeakMap<DocumentNode, Map<string, string[]>>();
export function rootFieldNames(document: DocumentNode, operationName: string | null | undefined): string[] {
  const perDocument = rootFieldsByDocument.get(document) ?? new Map<string, string[]>();
  rootFieldsByDocument.set(document, perDocument);
  const cached = perDocument.get(operationName ?? '');
  if (cached) return cached;
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
  const names = new Set<string>();
  const visited = new Set<string>();
  const collect = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment);
      }
    }
  };
  const operation = getOperationAST(document, operationName);
  if (operation) collect(operation.selectionSet);
  const result = [...names];
  perDocument.set(operationName ?? '', result);
  return result;
}
