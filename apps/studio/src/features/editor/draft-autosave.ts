import { isGraphQLRequestError, type GraphQLInputIssue } from '../../lib/graphql-client';

// Autosave of the draft being edited, without React: edits are debounced into `saveDraft` calls that
// name the revision they build on. Nothing is ever dropped: edits made while a save is in flight are
// saved after it; a failed save keeps the edits and waits for retry() (or the next edit); a
// REVISION_CONFLICT (someone else saved the draft) stops saving until the designer chooses: load
// theirs, overwrite with mine, or save mine as a new template.

export type AutosaveStatus =
  | { kind: 'saved'; revision: number }
  | { kind: 'pending' }
  | { kind: 'saving' }
  // `error` is what the save threw; the view says it in the designer's language (describeError).
  | { kind: 'failed'; error: unknown; issues: GraphQLInputIssue[] }
  | { kind: 'conflict'; theirRevision: number | null; error: unknown };

export interface DraftAutosaveDeps<TSpec> {
  /** saveDraft(templateId, spec, baseRevision) -> the new revision; throws GraphQLRequestError. */
  save(spec: TSpec, baseRevision: number): Promise<{ revision: number }>;
  onStatus(status: AutosaveStatus): void;
  debounceMs?: number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export class DraftAutosave<TSpec> {
  private revision: number;
  private latest: TSpec | null = null;
  private dirty = false;
  private inFlight: Promise<void> | null = null;
  private timer: unknown = null;
  private status: AutosaveStatus;
  private readonly debounceMs: number;
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(
    private readonly deps: DraftAutosaveDeps<TSpec>,
    initialRevision: number,
  ) {
    this.revision = initialRevision;
    this.status = { kind: 'saved', revision: initialRevision };
    this.debounceMs = deps.debounceMs ?? 800;
    this.setTimer = deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = deps.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  get current(): AutosaveStatus {
    return this.status;
  }

  /** The revision the next save builds on. */
  get baseRevision(): number {
    return this.revision;
  }

  /** True while anything the designer did is not yet stored (the page asks before leaving). */
  get hasUnsavedChanges(): boolean {
    return this.dirty || this.inFlight !== null || this.status.kind === 'failed' || this.status.kind === 'conflict';
  }

  /** The designer changed the spec: save it soon (debounced). */
  edit(spec: TSpec): void {
    this.latest = spec;
    this.dirty = true;
    if (this.status.kind === 'conflict') return; // waits for the designer's choice
    if (!this.inFlight) this.setStatus({ kind: 'pending' });
    this.schedule();
  }

  /** Saves now what is pending (e.g. before leaving, or Ctrl+S). */
  async flush(): Promise<void> {
    this.cancelTimer();
    if (this.inFlight) await this.inFlight;
    if (this.dirty && this.status.kind !== 'conflict') await this.startSave();
  }

  /** After a failure: try again now. */
  retry(): Promise<void> {
    return this.flush();
  }

  /** Conflict: keep mine, written over theirs (saved on top of their revision). */
  async overwrite(): Promise<void> {
    if (this.status.kind !== 'conflict') return;
    if (this.status.theirRevision !== null) this.revision = this.status.theirRevision;
    this.dirty = true;
    this.setStatus({ kind: 'pending' });
    await this.flush();
  }

  /** Conflict: the editor loaded their draft (at `revision`); my unsaved edits are dropped on purpose. */
  acceptTheirs(revision: number): void {
    this.cancelTimer();
    this.revision = revision;
    this.latest = null;
    this.dirty = false;
    this.setStatus({ kind: 'saved', revision });
  }

  /** The spec waiting to be saved (for "save mine as a new template"). */
  get unsavedSpec(): TSpec | null {
    return this.dirty ? this.latest : null;
  }

  /**
   * The editor goes away (an in-app link; `beforeunload` does not fire for those): what is still waiting
   * for the debounce is saved now rather than dropped. A conflict keeps waiting for the designer's choice.
   */
  dispose(): void {
    this.cancelTimer();
    if (this.dirty && this.status.kind !== 'conflict') void this.flush().catch(() => undefined);
  }

  private schedule(): void {
    this.cancelTimer();
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.flush();
    }, this.debounceMs);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private startSave(): Promise<void> {
    const spec = this.latest as TSpec;
    const base = this.revision;
    this.dirty = false;
    this.setStatus({ kind: 'saving' });
    this.inFlight = this.deps
      .save(spec, base)
      .then(
        ({ revision }) => {
          this.revision = revision;
          this.inFlight = null;
          if (this.dirty) {
            // Edits arrived while saving: they go next, on top of the revision just written.
            this.setStatus({ kind: 'pending' });
            this.schedule();
          } else {
            this.setStatus({ kind: 'saved', revision });
          }
        },
        (error: unknown) => {
          this.inFlight = null;
          this.dirty = true; // what was being saved is still unsaved
          if (isGraphQLRequestError(error, 'REVISION_CONFLICT')) {
            this.cancelTimer();
            const theirs = (error as { details?: { currentRevision?: unknown } }).details?.currentRevision;
            this.setStatus({ kind: 'conflict', theirRevision: typeof theirs === 'number' ? theirs : null, error });
            return;
          }
          this.setStatus({ kind: 'failed', error, issues: isGraphQLRequestError(error) ? error.issues : [] });
        },
      );
    return this.inFlight;
  }

  private setStatus(status: AutosaveStatus): void {
    this.status = status;
    this.deps.onStatus(status);
  }
}
