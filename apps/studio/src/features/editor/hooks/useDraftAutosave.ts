import { useCallback, useEffect, useRef, useState } from 'react';
import { SaveDraftDocument } from '../../../gql/graphql';
import { gqlRequest } from '../../../lib/graphql-client';
import { DraftAutosave, type AutosaveStatus } from '../draft-autosave';

/**
 * Autosave of one template's draft through saveDraft (see DraftAutosave), plus the browser's
 * "leave this page?" question while anything is unsaved.
 */
export function useDraftAutosave<TSpec>(templateId: string, initialRevision: number, options: { debounceMs?: number } = {}) {
  const [status, setStatus] = useState<AutosaveStatus>({ kind: 'saved', revision: initialRevision });
  const saverRef = useRef<DraftAutosave<TSpec> | null>(null);
  if (!saverRef.current) {
    saverRef.current = new DraftAutosave<TSpec>(
      {
        save: async (spec, baseRevision) => {
          const data = await gqlRequest(SaveDraftDocument, { input: { templateId, spec, baseRevision } });
          return { revision: data.saveDraft.revision };
        },
        onStatus: setStatus,
        debounceMs: options.debounceMs,
      },
      initialRevision,
    );
  }
  const saver = saverRef.current;

  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!saver.hasUnsavedChanges) return;
      event.preventDefault();
      // Older browsers show the question only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      saver.dispose();
    };
  }, [saver]);

  const edit = useCallback((spec: TSpec) => saver.edit(spec), [saver]);
  return {
    status,
    edit,
    flush: () => saver.flush(),
    retry: () => saver.retry(),
    overwrite: () => saver.overwrite(),
    acceptTheirs: (revision: number) => saver.acceptTheirs(revision),
    unsavedSpec: () => saver.unsavedSpec,
    hasUnsavedChanges: () => saver.hasUnsavedChanges,
    baseRevision: () => saver.baseRevision,
  };
}
