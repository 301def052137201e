import { useCallback, useEffect, useRef, useState } from 'react';
import { CancelPreviewDocument, EditorDraftCoverDocument, RenderPreviewAgainDocument, RequestPreviewsDocument, SetVersionCoverDocument, SubmitVersionDocument } from '../../../gql/graphql';
import { gqlRequest, isGraphQLRequestError } from '../../../lib/graphql-client';
import { invalidateGqlQueries, useStudioQueryClient } from '../../../lib/query-client';
import type { PreviewBatchView, PreviewJobView } from '../graphql/previews.graphql';
import { likenessEndsFor } from '../likeness-ends';
import { usePreviewBatch, type PreviewConnection } from './usePreviewBatch';

export type SubmitState =
  | { kind: 'idle' }
  | { kind: 'submitting' }
  | { kind: 'previews-missing'; subjects: string[] }
  | { kind: 'failed'; error: unknown }
  | { kind: 'submitted'; number: number };

export type PreviewRequestState = { kind: 'idle' } | { kind: 'requesting' } | { kind: 'failed'; error: unknown } | { kind: 'unsaved' };

/**
 * The draft's cover as a render: subject, seed and spec. A re-requested preview of the same render
 * comes back as a new (cached) job, so tiles are matched by render, not by job id.
 */
export interface CoverChoice {
  jobId: string;
  subjectId: string;
  seed: number;
  specHash: string;
  /** The draft's revision when the cover was chosen: a later save (a new spec) drops it on the server. */
  revision: number | null;
}

export type CoverChangeState = { kind: 'idle' } | { kind: 'saving'; jobId: string } | { kind: 'failed'; jobId: string; error: unknown };

/** A tile's queue action: cancel a waiting or rendering preview, or render a failed or cancelled one again. */
export type PreviewJobAction = 'cancel' | 'retry';

export type JobActionState =
  | { kind: 'idle' }
  | { kind: 'busy'; jobId: string; action: PreviewJobAction }
  | { kind: 'failed'; jobId: string; action: PreviewJobAction; subjectName: string; error: unknown };

export interface EditorPreviews {
  batch: PreviewBatchView | null;
  connection: PreviewConnection;
  request: PreviewRequestState;
  submit: SubmitState;
  requestPreviews: () => Promise<void>;
  submitForReview: () => Promise<void>;
  dismissSubmit: () => void;
  /** The cover chosen in this editor session (null until one is chosen). */
  cover: CoverChoice | null;
  coverChange: CoverChangeState;
  /** True when the job (of the shown batch) is the draft's cover. */
  isCover: (job: PreviewJobView) => boolean;
  /** Makes a finished preview of the shown batch the draft's cover (setVersionCover). */
  chooseCover: (job: PreviewJobView) => Promise<void>;
  dismissCoverError: () => void;
  jobAction: JobActionState;
  /** Cancels a queued or rendering preview of the shown batch (cancelPreviewJob). */
  cancelJob: (job: PreviewJobView) => Promise<void>;
  /** Queues a failed or cancelled preview of the shown batch again (retryPreviewJob; counts against the queue quota). */
  retryJob: (job: PreviewJobView) => Promise<void>;
  dismissJobActionError: () => void;
}

interface EditorPreviewsOptions {
  /** The draft version the previews and the submission are for. */
  versionId: string;
  /** Saves pending edits first; resolves false when the draft could not be saved (conflict, failure). */
  saveDraftNow: () => Promise<boolean>;
  /** The revision the draft is saved at now (read when a cover is chosen). */
  currentRevision?: () => number;
  /** The revision of the latest save, or null while saving; a newer one than the cover's means the cover was dropped. */
  savedRevision?: number | null;
  /** The spec's likeness range now (read when Preview is pressed): a max above the default renders that end too. */
  currentLikeness?: () => { default: number; max: number } | null;
}

/** The editor's Preview and "Submit for review" actions, both on the saved spec of the draft. */
export function useEditorPreviews({ versionId, saveDraftNow, currentRevision, savedRevision = null, currentLikeness }: EditorPreviewsOptions): EditorPreviews {
  const queryClient = useStudioQueryClient();
  const [requested, setRequested] = useState<PreviewBatchView | null>(null);
  const [request, setRequest] = useState<PreviewRequestState>({ kind: 'idle' });
  const [submit, setSubmit] = useState<SubmitState>({ kind: 'idle' });
  const { batch, connection, applyJob } = usePreviewBatch(requested);
  const [jobAction, setJobAction] = useState<JobActionState>({ kind: 'idle' });
  const [cover, setCover] = useState<CoverChoice | null>(null);
  const [coverChange, setCoverChange] = useState<CoverChangeState>({ kind: 'idle' });
  const coverLoadedFor = useRef<string | null>(null);
  const readRevision = useCallback(() => currentRevision?.() ?? null, [currentRevision]);

  // Saving a different spec drops the draft's cover on the server: the badge goes with it.
  useEffect(() => {
    if (savedRevision === null) return;
    setCover((current) => (current && current.revision !== null && savedRevision > current.revision ? null : current));
  }, [savedRevision]);

  // Once the gallery first shows, learns the cover chosen in an earlier session (a choice made here
  // meanwhile wins). Best effort: without it the gallery just shows no badge.
  const loadEarlierCover = useCallback(async () => {
    try {
      const data = await gqlRequest(EditorDraftCoverDocument, { id: versionId });
      const earlier = data.templateVersion?.cover;
      if (!earlier || earlier.removed || earlier.state !== 'SUCCEEDED') return;
      setCover((current) => current ?? { jobId: earlier.id, subjectId: earlier.subject.id, seed: earlier.seed, specHash: earlier.specHash, revision: readRevision() });
    } catch {
      // No badge then; choosing a cover still works.
    }
  }, [versionId, readRevision]);

  const requestPreviews = useCallback(async () => {
    setRequest({ kind: 'requesting' });
    try {
      // Previews render the stored spec: what is still only on screen must be saved first.
      if (!(await saveDraftNow())) {
        setRequest({ kind: 'unsaved' });
        return;
      }
      const data = await gqlRequest(RequestPreviewsDocument, {
        input: { versionId, priority: 'INTERACTIVE', likenessEnds: likenessEndsFor(currentLikeness?.()) },
      });
      setRequested(data.requestPreviews);
      // Saving another spec dropped the draft's cover on the server (even if this one came back).
      setCover((current) => (current && current.specHash !== data.requestPreviews.specHash ? null : current));
      if (coverLoadedFor.current !== versionId) {
        coverLoadedFor.current = versionId;
        void loadEarlierCover();
      }
      setRequest({ kind: 'idle' });
      setSubmit((current) => (current.kind === 'previews-missing' ? { kind: 'idle' } : current));
    } catch (error) {
      setRequest({ kind: 'failed', error });
    }
  }, [currentLikeness, loadEarlierCover, saveDraftNow, versionId]);

  const submitForReview = useCallback(async () => {
    setSubmit({ kind: 'submitting' });
    try {
      if (!(await saveDraftNow())) {
        setSubmit({ kind: 'idle' });
        setRequest({ kind: 'unsaved' });
        return;
      }
      const data = await gqlRequest(SubmitVersionDocument, { versionId });
      setSubmit({ kind: 'submitted', number: data.submitVersion.number });
      // The editor page turns into "submitted" once EditorTemplate answers again.
      void invalidateGqlQueries(queryClient, 'EditorTemplate', 'ReviewQueue', 'TemplateReviews', 'VersionHistory', 'MyTemplates');
    } catch (error) {
      if (isGraphQLRequestError(error, 'PREVIEWS_MISSING')) {
        const subjects = error.details.subjects;
        setSubmit({ kind: 'previews-missing', subjects: Array.isArray(subjects) ? subjects.filter((s): s is string => typeof s === 'string') : [] });
      } else {
        setSubmit({ kind: 'failed', error });
      }
    }
  }, [queryClient, saveDraftNow, versionId]);

  const dismissSubmit = useCallback(() => setSubmit({ kind: 'idle' }), []);

  const batchSpecHash = batch?.specHash ?? null;
  const isCover = useCallback(
    (job: PreviewJobView) => cover !== null && batchSpecHash === cover.specHash && job.subject.id === cover.subjectId && job.seed === cover.seed && job.state === 'SUCCEEDED' && !job.removed,
    [batchSpecHash, cover],
  );

  const chooseCover = useCallback(
    async (job: PreviewJobView) => {
      if (!batchSpecHash) return;
      setCoverChange({ kind: 'saving', jobId: job.id });
      try {
        // An edit still waiting to be saved would drop the cover right after it is chosen: save it first.
        if (!(await saveDraftNow())) {
          setCoverChange({ kind: 'idle' });
          setRequest({ kind: 'unsaved' });
          return;
        }
        const data = await gqlRequest(SetVersionCoverDocument, { versionId, previewJobId: job.id });
        const chosen = data.setVersionCover.coverPreviewJobId;
        setCover(chosen ? { jobId: chosen, subjectId: job.subject.id, seed: job.seed, specHash: data.setVersionCover.specHash, revision: readRevision() } : null);
        setCoverChange({ kind: 'idle' });
      } catch (error) {
        setCoverChange({ kind: 'failed', jobId: job.id, error });
      }
    },
    [batchSpecHash, readRevision, saveDraftNow, versionId],
  );

  const dismissCoverError = useCallback(() => setCoverChange({ kind: 'idle' }), []);

  const changeJob = useCallback(
    async (job: PreviewJobView, action: PreviewJobAction) => {
      setJobAction({ kind: 'busy', jobId: job.id, action });
      try {
        const changed = action === 'cancel' ? (await gqlRequest(CancelPreviewDocument, { id: job.id })).cancelPreviewJob : (await gqlRequest(RenderPreviewAgainDocument, { id: job.id })).retryPreviewJob;
        applyJob(changed);
        setJobAction({ kind: 'idle' });
      } catch (error) {
        setJobAction({ kind: 'failed', jobId: job.id, action, subjectName: job.subject.name, error });
      }
    },
    [applyJob],
  );
  const cancelJob = useCallback((job: PreviewJobView) => changeJob(job, 'cancel'), [changeJob]);
  const retryJob = useCallback((job: PreviewJobView) => changeJob(job, 'retry'), [changeJob]);
  const dismissJobActionError = useCallback(() => setJobAction({ kind: 'idle' }), []);

  return { batch, connection, request, submit, requestPreviews, submitForReview, dismissSubmit, cover, coverChange, isCover, chooseCover, dismissCoverError, jobAction, cancelJob, retryJob, dismissJobActionError };
}
