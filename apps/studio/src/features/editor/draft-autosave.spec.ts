import { describe, expect, it } from '@jest/globals';
import { GraphQLRequestError } from '../../lib/graphql-client';
import { DraftAutosave, type AutosaveStatus } from './draft-autosave';

// A controllable saveDraft and timer: each save waits until the test settles it.
function harness(initialRevision = 3) {
  const saves: Array<{ spec: string; base: number; resolve: (revision: number) => void; reject: (error: unknown) => void }> = [];
  const statuses: AutosaveStatus[] = [];
  let timer: (() => void) | null = null;
  const saver = new DraftAutosave<string>(
    {
      save: (spec, base) => new Promise((resolve, reject) => saves.push({ spec, base, resolve: (revision) => resolve({ revision }), reject })),
      onStatus: (s) => statuses.push(s),
      setTimer: (run) => {
        timer = run;
        return run;
      },
      clearTimer: () => {
        timer = null;
      },
    },
    initialRevision,
  );
  const fireTimer = () => {
    const run = timer;
    timer = null;
    run?.();
  };
  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { saver, saves, statuses, fireTimer, settle, hasTimer: () => timer !== null };
}

describe('DraftAutosave', () => {
  it('debounces edits into one save on the known revision, then reports saved', async () => {
    const h = harness(3);
    h.saver.edit('a');
    h.saver.edit('ab');
    h.saver.edit('abc');
    expect(h.saver.current).toEqual({ kind: 'pending' });
    expect(h.saves).toHaveLength(0);
    h.fireTimer();
    await h.settle();
    expect(h.saves.map((s) => [s.spec, s.base])).toEqual([['abc', 3]]);
    expect(h.saver.current).toEqual({ kind: 'saving' });
    h.saves[0]!.resolve(4);
    await h.settle();
    expect(h.saver.current).toEqual({ kind: 'saved', revision: 4 });
    expect(h.saver.hasUnsavedChanges).toBe(false);
  });

  it('saves what waits for the debounce when the editor goes away (an in-app link), instead of dropping it', async () => {
    const h = harness(5);
    h.saver.edit('last words');
    h.saver.dispose();
    await h.settle();
    expect(h.hasTimer()).toBe(false);
    expect(h.saves.map((s) => [s.spec, s.base])).toEqual([['last words', 5]]);
    // Nothing pending: going away saves nothing.
    const idle = harness(1);
    idle.saver.dispose();
    await idle.settle();
    expect(idle.saves).toHaveLength(0);
  });

  it('saves edits made during a save afterwards, on top of the revision just written', async () => {
    const h = harness(1);
    h.saver.edit('one');
    h.fireTimer();
    await h.settle();
    h.saver.edit('two'); // while "one" is in flight
    expect(h.saver.hasUnsavedChanges).toBe(true);
    h.saves[0]!.resolve(2);
    await h.settle();
    expect(h.saver.current).toEqual({ kind: 'pending' });
    h.fireTimer();
    await h.settle();
    expect(h.saves.map((s) => [s.spec, s.base])).toEqual([
      ['one', 1],
      ['two', 2],
    ]);
    h.saves[1]!.resolve(3);
    await h.settle();
    expect(h.saver.current).toEqual({ kind: 'saved', revision: 3 });
  });

  it('keeps the edits after a failed save and saves them on retry', async () => {
    const h = harness(5);
    h.saver.edit('x');
    h.fireTimer();
    await h.settle();
    const offline = new GraphQLRequestError('NETWORK_ERROR', 'Could not reach the Atelier server.');
    h.saves[0]!.reject(offline);
    await h.settle();
    expect(h.saver.current).toMatchObject({ kind: 'failed', error: offline });
    expect(h.saver.hasUnsavedChanges).toBe(true);
    const retried = h.saver.retry();
    await h.settle();
    expect(h.saves.map((s) => [s.spec, s.base])).toEqual([
      ['x', 5],
      ['x', 5],
    ]);
    h.saves[1]!.resolve(6);
    await retried;
    expect(h.saver.current).toEqual({ kind: 'saved', revision: 6 });
  });

  it('shows the field errors of a refused spec and keeps it', async () => {
    const h = harness(2);
    h.saver.edit('bad');
    h.fireTimer();
    await h.settle();
    const refused = new GraphQLRequestError('BAD_USER_INPUT', 'The spec is not valid.', [{ path: ['canvas', 'width'], message: 'must be a multiple of 8' }]);
    h.saves[0]!.reject(refused);
    await h.settle();
    expect(h.saver.current).toEqual({ kind: 'failed', error: refused, issues: [{ path: ['canvas', 'width'], message: 'must be a multiple of 8' }] });
    expect(h.saver.unsavedSpec).toBe('bad');
  });

  it('stops on a revision conflict until the designer chooses, and never saves over theirs by itself', async () => {
    const h = harness(7);
    h.saver.edit('mine');
    h.fireTimer();
    await h.settle();
    const conflict = new GraphQLRequestError('REVISION_CONFLICT', 'Someone else saved this draft.', [], { currentRevision: 9 });
    h.saves[0]!.reject(conflict);
    await h.settle();
    expect(h.saver.current).toEqual({ kind: 'conflict', theirRevision: 9, error: conflict });
    h.saver.edit('mine, edited more');
    expect(h.hasTimer()).toBe(false);
    await h.saver.flush();
    expect(h.saves).toHaveLength(1);
    expect(h.saver.unsavedSpec).toBe('mine, edited more');

    // "Overwrite with mine": saved on top of their revision.
    const overwriting = h.saver.overwrite();
    await h.settle();
    expect(h.saves[1]).toMatchObject({ spec: 'mine, edited more', base: 9 });
    h.saves[1]!.resolve(10);
    await overwriting;
    expect(h.saver.current).toEqual({ kind: 'saved', revision: 10 });
  });

  it('drops my edits only when the designer loads theirs', async () => {
    const h = harness(1);
    h.saver.edit('mine');
    h.fireTimer();
    await h.settle();
    h.saves[0]!.reject(new GraphQLRequestError('REVISION_CONFLICT', 'Conflict', [], { currentRevision: 4 }));
    await h.settle();
    expect(h.saver.hasUnsavedChanges).toBe(true);
    h.saver.acceptTheirs(4);
    expect(h.saver.current).toEqual({ kind: 'saved', revision: 4 });
    expect(h.saver.hasUnsavedChanges).toBe(false);
    h.saver.edit('next');
    h.fireTimer();
    await h.settle();
    expect(h.saves[1]).toMatchObject({ spec: 'next', base: 4 });
  });
});
