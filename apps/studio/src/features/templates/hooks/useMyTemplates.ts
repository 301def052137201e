import { MyTemplatesDocument, type MyTemplatesQueryVariables } from '../../../gql/graphql';
import { usePagedList } from '../../../lib/usePagedList';
import type { VersionState } from '../graphql/templates.graphql';

export const TEMPLATES_PAGE_SIZE = 20;

function toVariables(search: string, after: string | null, state: VersionState | null): MyTemplatesQueryVariables {
  const trimmed = search.trim();
  const filter = { ...(trimmed ? { search: trimmed } : {}), ...(state ? { state } : {}) };
  return {
    first: TEMPLATES_PAGE_SIZE,
    after,
    filter: Object.keys(filter).length ? filter : undefined,
  };
}

/** The signed-in designer's templates for `search` (and the newest version's `state`), paged with "load more". */
export function useMyTemplates(search: string, versionState: VersionState | null = null) {
  const list = usePagedList(
    MyTemplatesDocument,
    JSON.stringify([search, versionState]),
    (after) => toVariables(search, after, versionState),
    (data) => data.templates,
  );
  const { items, prependItem, ...rest } = list;
  return { ...rest, templates: items, addCreatedTemplate: prependItem };
}
