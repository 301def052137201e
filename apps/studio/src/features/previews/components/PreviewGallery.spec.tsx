import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from '@jest/globals';
import { I18nProvider } from '../../../i18n/I18nProvider';
import type { Locale } from '../../../i18n/types';
import { graphQLError, stubGraphQL } from '../../../test/stub-graphql';
import type { PreviewBatchView, PreviewJobView } from '../graphql/previews.graphql';
import { useEditorPreviews } from '../hooks/useEditorPreviews';
import { PreviewLiveClientContext } from '../preview-live-context';
import type { PreviewBatchWatch, PreviewLiveClient } from '../preview-live-client';
import { PreviewActions } from './PreviewActions';
import { PreviewGallery } from './PreviewGallery';

// A live client the test drives: it records each watch so the test can push batches or fail the socket.
function makeFakeLiveClient() {
  const watches: Array<{ batchId: string; watch: PreviewBatchWatch; isClosed: boolean }> = [];
  const client: PreviewLiveClient = {
    watchBatch(batchId, watch) {
      const entry = { batchId, watch, isClosed: false };
      watches.push(entry);
      return () => {
        entry.isClosed = true;
      };
    },
  };
  const current = () => {
    const open = watches.filter((w) => !w.isClosed);
    if (!open.length) throw new Error('no open batch watch');
    return open[open.length - 1]!;
  };
  return {
    client,
    watches,
    push: (batch: PreviewBatchView) => act(() => current().watch.next(batch)),
    fail: () => act(() => current().watch.error(new Error('socket closed'))),
  };
}

function job(overrides: Partial<PreviewJobView> & { id: string }): PreviewJobView {
  return {
    
    state: 'QUEUED',
    subject: { id: `subject-${overrides.id}`, name: 'Mei' },
    seed: 1234,
    likeness: 0.9,
    likenessEnd: 'DEFAULT',
    cached: false,
    imageUrl: null,
    thumbnailUrl: null,
    queuePosition: null,
    etaSeconds: null,
    waitingForWorker: false,
    waitingReason: null,
    progress: 0,
    error: null,
    removed: false,
    ...overrides,
  } as PreviewJobView;
}

function batch(jobs: PreviewJobView[]): PreviewBatchView {
  return { id: 'batch-1', versionId: 'version-7', specHash: 'hash', jobs } as PreviewBatchView;
}

type Likeness = { default: number; max: number };
const TWO_ENDS: Likeness = { default: 0.9, max: 1.2 };

// The spec's likeness range as the editor passes it: the default spec's unless a test says otherwise.
function Harness({ saveDraftNow, likeness = TWO_ENDS }: { saveDraftNow: () => Promise<boolean>; likeness?: Likeness }) {
  const previews = useEditorPreviews({ versionId: 'version-7', saveDraftNow, currentLikeness: () => likeness });
  return (
    <>
      <PreviewActions previews={previews} />
      <PreviewGallery previews={previews} />
    </>
  );
}

function renderHarness(live: PreviewLiveClient, locale: Locale, props: { saveDraftNow: () => Promise<boolean>; likeness?: Likeness }) {
  const { container } = render(
    <I18nProvider initialLocale={locale}>
      <PreviewLiveClientContext.Provider value={live}>
        <Harness {...props} />
      </PreviewLiveClientContext.Provider>
    </I18nProvider>,
  );
  return container;
}

const tiles = () => screen.queryAllByTestId('preview-tile');

const tileOf = (jobId: string) => {
  const tile = tiles().find((element) => element.dataset.jobId === jobId);
  if (!tile) throw new Error(`no tile for ${jobId}`);
  return tile;
};

// The tile's or the lightbox's "Use as cover" (only finished previews that are not the cover have one).
const useAsCoverIn = (element: HTMLElement) => within(element).getByRole<HTMLButtonElement>('button', { name: 'Use as cover' });

describe('PreviewGallery', () => {
  it('saves the draft first, then requests previews and follows each tile live from queued to the image', async () => {
    const user = userEvent.setup();
    const events: string[] = [];
    const calls = stubGraphQL({
      RequestPreviews: (call) => {
        events.push('requestPreviews');
        // Its likeness max (1.2) is above the default (0.9): each face is rendered at both ends.
        expect(call.variables).toEqual({ input: { versionId: 'version-7', priority: 'INTERACTIVE', likenessEnds: ['DEFAULT', 'MAX'] } });
        return {
          body: {
            data: {
              requestPreviews: batch([
                job({ id: 'a', subject: { id: 's1', name: 'Mei' }, seed: 101, queuePosition: 2, etaSeconds: 45 }),
                job({ id: 'b', subject: { id: 's2', name: 'Jun' }, seed: 202, state: 'SUCCEEDED', cached: true, progress: 1, imageUrl: '/img/b.png', thumbnailUrl: '/img/b-thumb.png' }),
              ]),
            },
          },
        };
      },
    });
    const live = makeFakeLiveClient();
    renderHarness(live.client, 'en', {
      saveDraftNow: async () => {
        events.push('flush');
        return true;
      },
    });
    expect(screen.queryByTestId('preview-gallery')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(tiles()).toHaveLength(2));
    expect(events).toEqual(['flush', 'requestPreviews']);
    // (Besides, the gallery asks once which preview was chosen as cover before.)
    expect(calls.filter((c) => !c.query.includes('EditorDraftCover'))).toHaveLength(1);
    expect(live.watches.map((w) => w.batchId)).toEqual(['batch-1']);

    // Queued: position and ETA; the cached one is there at once, marked.
    const queued = tileOf('a');
    expect(queued.dataset.state).toBe('QUEUED');
    expect(queued.textContent).toContain('Queued');
    expect(queued.textContent).toContain('2 jobs ahead');
    expect(queued.textContent).toContain('About 45 s left');
    expect(queued.textContent).toContain('Mei');
    expect(queued.textContent).toContain('Seed 101');
    const cached = tileOf('b');
    expect(cached.dataset.cached).toBe('true');
    expect(within(cached).getByTestId('preview-cached').textContent).toBe('cached');
    expect(within(cached).getByRole('img', { name: 'Preview of Jun, seed 202' }).getAttribute('src')).toBe('/img/b-thumb.png');
    expect(screen.getByTestId('preview-summary').textContent).toBe('1 of 2 ready');

    // Running: a progress bar.
    const cachedJob = job({ id: 'b', subject: { id: 's2', name: 'Jun' }, seed: 202, state: 'SUCCEEDED', cached: true, progress: 1, imageUrl: '/img/b.png', thumbnailUrl: '/img/b-thumb.png' });
    live.push(batch([job({ id: 'a', subject: { id: 's1', name: 'Mei' }, seed: 101, state: 'LEASED', progress: 0.4, etaSeconds: 90 }), cachedJob]));
    const running = tileOf('a');
    expect(running.dataset.state).toBe('LEASED');
    expect(within(running).getByRole<HTMLProgressElement>('progressbar', { name: 'Rendering progress' }).value).toBe(40);
    expect(running.textContent).toContain('40%');
    expect(running.textContent).toContain('About 2 min left');

    // Done: the thumbnail, and a click opens the full image.
    live.push(
      batch([
        job({ id: 'a', subject: { id: 's1', name: 'Mei' }, seed: 101, state: 'SUCCEEDED', progress: 1, imageUrl: '/img/a.png', thumbnailUrl: '/img/a-thumb.png' }),
        cachedJob,
      ]),
    );
    const done = tileOf('a');
    expect(within(done).getByRole('img', { name: 'Preview of Mei, seed 101' }).getAttribute('src')).toBe('/img/a-thumb.png');
    expect(within(done).queryByTestId('preview-cached')).toBeNull();
    expect(screen.getByTestId('preview-summary').textContent).toBe('2 of 2 ready');
    await user.click(within(done).getByRole('button', { name: 'Open the full image of Mei, seed 101' }));
    const lightbox = screen.getByRole('dialog', { name: 'Preview of Mei, seed 101' });
    expect(within(lightbox).getByRole('img', { name: 'Preview of Mei, seed 101' }).getAttribute('src')).toBe('/img/a.png');
    expect(lightbox.textContent).toContain('Mei · Seed 101');
    await user.click(within(lightbox).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog', { hidden: true })).toBeNull();
  });

  it('shows why a job failed, and polls previewBatch every 2 s when the socket fails', async () => {
    const user = userEvent.setup();
    let polls = 0;
    stubGraphQL({
      RequestPreviews: () => ({ body: { data: { requestPreviews: batch([job({ id: 'a', queuePosition: 0 })]) } } }),
      PreviewBatch: (call) => {
        polls += 1;
        expect(call.variables).toEqual({ id: 'batch-1' });
        return { body: { data: { previewBatch: batch([job({ id: 'a', state: 'DEAD', error: 'ComfyUI ran out of memory' })]) } } };
      },
    });
    const live = makeFakeLiveClient();
    const view = renderHarness(live.client, 'en', { saveDraftNow: async () => true });
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(tileOf('a').textContent).toContain('Next in line'));

    live.fail();
    await waitFor(() => expect(tileOf('a').dataset.state).toBe('DEAD'));
    expect(polls).toBe(1);
    expect(within(tileOf('a')).getByTestId('preview-error').textContent).toBe('ComfyUI ran out of memory');
    expect(tileOf('a').textContent).toContain('Failed for good');
    expect(view.textContent).toContain('refreshing every 2 seconds');
  });

  it('says, in Chinese too, that queued previews wait because no worker can render them, and stops once one is online', async () => {
    const user = userEvent.setup();
    stubGraphQL({ RequestPreviews: () => ({ body: { data: { requestPreviews: batch([job({ id: 'a', queuePosition: 0, waitingForWorker: true, waitingReason: 'NO_WORKER_ONLINE' })]) } } }) });
    const live = makeFakeLiveClient();
    renderHarness(live.client, 'zh-CN', { saveDraftNow: async () => true });
    await user.click(screen.getByRole('button', { name: '预览' }));
    await waitFor(() => expect(screen.getByTestId('preview-no-worker').textContent).toContain('没有在线的渲染 Worker'));
    expect(tileOf('a').textContent).toContain('等待 Worker');
    live.push(batch([job({ id: 'a', queuePosition: 0, etaSeconds: 20, waitingForWorker: false })]));
    await waitFor(() => expect(screen.queryByTestId('preview-no-worker')).toBeNull());
    expect(tileOf('a').textContent).not.toContain('等待 Worker');
  });

  it('says when workers are online but none can render the template, in English and Chinese', async () => {
    const user = userEvent.setup();
    const waiting = batch([job({ id: 'a', queuePosition: 0, waitingForWorker: true, waitingReason: 'NO_WORKER_ABLE' }), job({ id: 'b', queuePosition: 1, waitingForWorker: true, waitingReason: 'NO_WORKER_ABLE' })]);
    stubGraphQL({ RequestPreviews: () => ({ body: { data: { requestPreviews: waiting } } }) });
    const live = makeFakeLiveClient();
    renderHarness(live.client, 'en', { saveDraftNow: async () => true });
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(screen.getByTestId('preview-no-worker').textContent).toBe(
      "Render workers are online, but none has what this template needs (its base model's checkpoint, the pose ControlNet or a node it uses), so these previews are waiting. An admin can see why under Workers.",
    ));
    expect(tileOf('a').textContent).toContain('Waiting for a worker that can render it');
    cleanup();

    renderHarness(makeFakeLiveClient().client, 'zh-CN', { saveDraftNow: async () => true });
    await user.click(screen.getByRole('button', { name: '预览' }));
    await waitFor(() => expect(screen.getByTestId('preview-no-worker').textContent).toContain('没有一台具备这个模板所需的模型或节点'));
    expect(tileOf('b').textContent).toContain('等待能渲染它的 Worker');
  });

  it('explains PREVIEWS_MISSING in Chinese, naming the faces, and renders previews from there', async () => {
    const user = userEvent.setup();
    const requested: unknown[] = [];
    stubGraphQL({
      SubmitVersion: () => {
        const error = graphQLError('PREVIEWS_MISSING', 'Render previews of this version before submitting it: none yet for Mei, Jun.');
        (error.body.errors[0]!.extensions as Record<string, unknown>).subjects = ['Mei', 'Jun'];
        return error;
      },
      RequestPreviews: (call) => {
        requested.push(call.variables);
        return { body: { data: { requestPreviews: batch([job({ id: 'a', queuePosition: 3, etaSeconds: 120 })]) } } };
      },
    });
    const live = makeFakeLiveClient();
    let flushes = 0;
    renderHarness(live.client, 'zh-CN', {
      saveDraftNow: async () => {
        flushes += 1;
        return true;
      },
      // One likeness (max = default): no max end to render.
      likeness: { default: 1, max: 1 },
    });
    const submit = screen.getByRole('button', { name: '提交审核' });
    expect(submit.textContent).toBe('提交审核');
    await user.click(submit);
    const notice = await screen.findByTestId('previews-missing');
    expect(flushes).toBe(1);
    expect(notice.textContent).toContain('提交前请先渲染预览');
    expect(notice.textContent).toContain('仍缺少：Mei和Jun。');

    await user.click(within(notice).getByRole('button', { name: '渲染预览' }));
    await waitFor(() => expect(tiles()).toHaveLength(1));
    expect(requested).toEqual([{ input: { versionId: 'version-7', priority: 'INTERACTIVE', likenessEnds: ['DEFAULT'] } }]);
    expect(screen.queryByTestId('previews-missing')).toBeNull();
    expect(tileOf('a').textContent).toContain('排队中');
    expect(tileOf('a').textContent).toContain('前面还有 3 个任务');
    expect(tileOf('a').textContent).toContain('约剩 2 分钟');
  });

  it('submits after saving and shows the submitted version', async () => {
    const user = userEvent.setup();
    const submitted: unknown[] = [];
    stubGraphQL({
      SubmitVersion: (call) => {
        submitted.push(call.variables);
        return { body: { data: { submitVersion: { id: 'version-7', number: 3, state: 'SUBMITTED', submittedAt: '2026-11-25T20:00:00.000Z' } } } };
      },
    });
    renderHarness(makeFakeLiveClient().client, 'en', { saveDraftNow: async () => true });
    const submit = screen.getByRole<HTMLButtonElement>('button', { name: 'Submit for review' });
    await user.click(submit);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Version 3 is submitted for review.'));
    expect(submitted).toEqual([{ versionId: 'version-7' }]);
    expect(submit.disabled).toBe(true);
  });

  it('does not render or submit a draft it could not save', async () => {
    const user = userEvent.setup();
    const calls = stubGraphQL({});
    renderHarness(makeFakeLiveClient().client, 'en', { saveDraftNow: async () => false });
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await screen.findByTestId('preview-unsaved');
    await user.click(screen.getByRole('button', { name: 'Submit for review' }));
    await screen.findByTestId('preview-unsaved');
    expect(calls).toHaveLength(0);
  });
  it('makes a finished preview the cover from its tile or the lightbox, and keeps the badge on that render when it comes back cached', async () => {
    const user = userEvent.setup();
    const chosen: unknown[] = [];
    const done = (id: string, subjectId: string, seed: number, extra: Partial<PreviewJobView> = {}) =>
      job({ id, subject: { id: subjectId, name: subjectId === 's1' ? 'Mei' : 'Jun' }, seed, state: 'SUCCEEDED', progress: 1, imageUrl: `/img/${id}.png`, thumbnailUrl: `/img/${id}-thumb.png`, ...extra });
    stubGraphQL({
      RequestPreviews: () => ({ body: { data: { requestPreviews: batch([done('a', 's1', 101), done('b', 's2', 202), job({ id: 'c', subject: { id: 's1', name: 'Mei' }, seed: 303 })]) } } }),
      SetVersionCover: (call) => {
        chosen.push(call.variables);
        return { body: { data: { setVersionCover: { id: 'version-7', specHash: 'hash', coverPreviewJobId: call.variables.previewJobId, coverUrl: '/img/cover.png' } } } };
      },
    });
    const live = makeFakeLiveClient();
    renderHarness(live.client, 'en', { saveDraftNow: async () => true });
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(tiles()).toHaveLength(3));
    // Only finished previews can be the cover; none is yet.
    expect(screen.getAllByRole('button', { name: 'Use as cover' })).toHaveLength(2);
    expect(within(tileOf('c')).queryByRole('button', { name: 'Use as cover' })).toBeNull();
    expect(screen.queryByTestId('preview-cover-badge')).toBeNull();

    await user.click(useAsCoverIn(tileOf('a')));
    await waitFor(() => expect(tileOf('a').dataset.cover).toBe('true'));
    expect(chosen).toEqual([{ versionId: 'version-7', previewJobId: 'a' }]);
    expect(within(tileOf('a')).getByTestId('preview-cover-badge').textContent).toBe('Cover');
    expect(within(tileOf('a')).queryByRole('button', { name: 'Use as cover' })).toBeNull();

    // From the lightbox: the cover moves to Jun's preview.
    await user.click(within(tileOf('b')).getByRole('button', { name: 'Open the full image of Jun, seed 202' }));
    const lightbox = () => screen.getByRole('dialog', { name: 'Preview of Jun, seed 202' });
    await user.click(useAsCoverIn(lightbox()));
    await waitFor(() => expect(within(lightbox()).getByTestId('preview-cover-current').textContent).toBe('Cover'));
    expect(chosen).toEqual([{ versionId: 'version-7', previewJobId: 'a' }, { versionId: 'version-7', previewJobId: 'b' }]);
    expect(tileOf('b').dataset.cover).toBe('true');
    expect(tileOf('a').dataset.cover).toBeUndefined();
    await user.click(within(lightbox()).getByRole('button', { name: 'Close' }));

    // The same render re-requested comes back as a new cached job: still the cover.
    live.push(batch([done('a2', 's1', 101, { cached: true }), done('b2', 's2', 202, { cached: true })]));
    expect(tileOf('b2').dataset.cover).toBe('true');
    expect(tileOf('a2').dataset.cover).toBeUndefined();
  });

  it('saves a pending edit before choosing the cover, and drops the badge once a later save (a new spec) drops the cover', async () => {
    const user = userEvent.setup();
    const events: string[] = [];
    const done = job({ id: 'a', subject: { id: 's1', name: 'Mei' }, seed: 101, state: 'SUCCEEDED', progress: 1, imageUrl: '/img/a.png', thumbnailUrl: '/img/a-thumb.png' });
    stubGraphQL({
      RequestPreviews: () => ({ body: { data: { requestPreviews: batch([done]) } } }),
      SetVersionCover: (call) => {
        events.push('setVersionCover');
        return { body: { data: { setVersionCover: { id: 'version-7', specHash: 'hash', coverPreviewJobId: call.variables.previewJobId, coverUrl: '/img/cover.png' } } } };
      },
    });
    const revision = { current: 4 };
    const control: { save: (value: number) => void } = { save: () => undefined };
    function RevisionHarness() {
      const [saved, setSaved] = useState<number | null>(4);
      control.save = (value) => {
        revision.current = value;
        setSaved(value);
      };
      const previews = useEditorPreviews({
        versionId: 'version-7',
        saveDraftNow: async () => {
          events.push('saveDraftNow');
          return true;
        },
        currentRevision: () => revision.current,
        savedRevision: saved,
      });
      return (
        <>
          <PreviewActions previews={previews} />
          <PreviewGallery previews={previews} />
        </>
      );
    }
    const live = makeFakeLiveClient();
    render(
      <I18nProvider initialLocale="en">
        <PreviewLiveClientContext.Provider value={live.client}>
          <RevisionHarness />
        </PreviewLiveClientContext.Provider>
      </I18nProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(tiles()).toHaveLength(1));
    events.length = 0;
    await user.click(useAsCoverIn(tileOf('a')));
    await waitFor(() => expect(tileOf('a').dataset.cover).toBe('true'));
    expect(events).toEqual(['saveDraftNow', 'setVersionCover']);

    // An edit is saved afterwards (revision 5): the server dropped the cover, and so does the badge.
    act(() => control.save(5));
    await waitFor(() => expect(tileOf('a').dataset.cover).toBeUndefined());
  });

  it('says in Chinese why a preview cannot be the cover, and marks nothing', async () => {
    stubGraphQL({
      RequestPreviews: () => ({ body: { data: { requestPreviews: batch([job({ id: 'a', state: 'SUCCEEDED', progress: 1, imageUrl: '/img/a.png', thumbnailUrl: '/img/a-thumb.png' })]) } } }),
      SetVersionCover: () => {
        const refused = graphQLError('PREVIEW_NOT_USABLE', 'This preview shows an earlier state of the template, not the current draft. Render previews of the draft and choose one of them as the cover.');
        Object.assign(refused.body.errors[0]!.extensions, { reason: 'version.coverPreviewOutdated', params: {} });
        return { status: 409, ...refused };
      },
    });
    const user = userEvent.setup();
    renderHarness(makeFakeLiveClient().client, 'zh-CN', { saveDraftNow: async () => true });
    await user.click(screen.getByRole('button', { name: '预览' }));
    await waitFor(() => expect(tiles()).toHaveLength(1));
    const useAsCover = () => within(tileOf('a')).getByRole<HTMLButtonElement>('button', { name: '设为封面' });
    expect(useAsCover().textContent).toBe('设为封面');
    await user.click(useAsCover());
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('无法设置封面：这张预览图展示的是模板较早的状态，而不是当前草稿。'));
    expect(screen.queryByTestId('preview-cover-badge')).toBeNull();
    expect(useAsCover().disabled).toBe(false);
  });
  it('marks the cover chosen in an earlier session once the same render comes back', async () => {
    const asked: unknown[] = [];
    stubGraphQL({
      RequestPreviews: () => ({
        body: { data: { requestPreviews: batch([job({ id: 'a2', subject: { id: 's1', name: 'Mei' }, seed: 101, state: 'SUCCEEDED', cached: true, progress: 1, imageUrl: '/img/a.png', thumbnailUrl: '/img/a-thumb.png' }), job({ id: 'b2', subject: { id: 's2', name: 'Jun' }, seed: 202, state: 'SUCCEEDED', cached: true, progress: 1, imageUrl: '/img/b.png', thumbnailUrl: '/img/b-thumb.png' })]) } },
      }),
      EditorDraftCover: (call) => {
        asked.push(call.variables);
        return { body: { data: { templateVersion: { id: 'version-7', cover: { id: 'b-earlier', state: 'SUCCEEDED', seed: 202, specHash: 'hash', removed: false, subject: { id: 's2' } } } } } };
      },
    });
    const user = userEvent.setup();
    renderHarness(makeFakeLiveClient().client, 'en', { saveDraftNow: async () => true });
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(tileOf('b2').dataset.cover).toBe('true'));
    expect(asked).toEqual([{ id: 'version-7' }]);
    expect(tileOf('a2').dataset.cover).toBeUndefined();
    expect(screen.getAllByRole('button', { name: 'Use as cover' })).toHaveLength(1);
  });

  it('cancels a queued preview from its tile and renders a failed one again, each tile showing what the API answered', async () => {
    const mei = { id: 's1', name: 'Mei' };
    const jun = { id: 's2', name: 'Jun' };
    const calls = stubGraphQL({
      RequestPreviews: () => ({
        body: { data: { requestPreviews: batch([job({ id: 'a', subject: mei, seed: 101, queuePosition: 3 }), job({ id: 'b', subject: jun, seed: 202, state: 'FAILED', error: 'Node 7 (LoraLoader): lora_name not found' })]) } },
      }),
      CancelPreview: () => ({ body: { data: { cancelPreviewJob: job({ id: 'a', subject: mei, seed: 101, state: 'CANCELLED' }) } } }),
      RenderPreviewAgain: () => ({ body: { data: { retryPreviewJob: job({ id: 'b', subject: jun, seed: 202, state: 'QUEUED', queuePosition: 0 }) } } }),
    });
    const user = userEvent.setup();
    renderHarness(makeFakeLiveClient().client, 'en', { saveDraftNow: async () => true });
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(tiles()).toHaveLength(2));

    // Waiting: Cancel, and nothing to render again; failed: the other way round.
    expect(within(tileOf('a')).queryByTestId('preview-retry')).toBeNull();
    expect(within(tileOf('b')).queryByTestId('preview-cancel')).toBeNull();
    const cancel = within(tileOf('a')).getByRole<HTMLButtonElement>('button', { name: 'Cancel the preview of Mei, seed 101' });
    expect(cancel.textContent).toBe('Cancel');
    await user.click(cancel);
    await waitFor(() => expect(tileOf('a').dataset.state).toBe('CANCELLED'));
    expect(calls.find((c) => c.query.includes('mutation CancelPreview'))!.variables).toEqual({ id: 'a' });
    expect(tileOf('a').textContent).toContain('Cancelled');
    expect(within(tileOf('a')).getByRole('button', { name: 'Render the preview of Mei, seed 101 again' }).textContent).toBe('Render again');

    const again = within(tileOf('b')).getByRole<HTMLButtonElement>('button', { name: 'Render the preview of Jun, seed 202 again' });
    expect(again.textContent).toBe('Render again');
    await user.click(again);
    await waitFor(() => expect(tileOf('b').dataset.state).toBe('QUEUED'));
    expect(calls.find((c) => c.query.includes('mutation RenderPreviewAgain'))!.variables).toEqual({ id: 'b' });
    expect(tileOf('b').textContent).toContain('Next in line');
    expect(within(tileOf('b')).queryByTestId('preview-error')).toBeNull();
    expect(within(tileOf('b')).getByTestId('preview-cancel').textContent).toBe('Cancel');
    expect(screen.queryByTestId('preview-action-error')).toBeNull();
  });

  it('says in Chinese why a preview could not be rendered again (the queue quota), keeps the tile, and dismisses', async () => {
    const quota = graphQLError('QUOTA_EXCEEDED', 'You have 200 previews waiting; at most 200 may wait at once. Wait for some to finish or cancel some, then render this one again.');
    Object.assign(quota.body.errors[0]!.extensions, { reason: 'preview.quotaRenderAgain', params: { waiting: 200, requested: 1, quota: 200 } });
    stubGraphQL({
      RequestPreviews: () => ({ body: { data: { requestPreviews: batch([job({ id: 'a', subject: { id: 's1', name: 'Mei' }, seed: 7, state: 'CANCELLED' })]) } } }),
      RenderPreviewAgain: () => ({ status: 429, ...quota }),
    });
    const user = userEvent.setup();
    renderHarness(makeFakeLiveClient().client, 'zh-CN', { saveDraftNow: async () => true });
    await user.click(screen.getByRole('button', { name: '预览' }));
    await waitFor(() => expect(tiles()).toHaveLength(1));
    const again = within(tileOf('a')).getByRole<HTMLButtonElement>('button', { name: '重新渲染 Mei 的预览（种子 7）' });
    expect(again.textContent).toBe('重新渲染');
    await user.click(again);
    const alert = await screen.findByTestId('preview-action-error');
    expect(alert.textContent).toContain('无法重新渲染 Mei 的预览：你有 200 张预览正在等待；同时最多只能有 200 张。请等一些完成或取消一些后，再重新渲染这张。');
    expect(tileOf('a').dataset.state).toBe('CANCELLED');
    expect(again.disabled).toBe(false);
    await user.click(within(alert).getByRole('button', { name: '知道了' }));
    expect(screen.queryByTestId('preview-action-error')).toBeNull();
  });

  it('polls again after a render again when live updates are down and the batch had settled', async () => {
    let polls = 0;
    const answers = [job({ id: 'a', state: 'DEAD', error: 'CUDA out of memory' }), job({ id: 'a', state: 'SUCCEEDED', progress: 1, imageUrl: '/img/a.png', thumbnailUrl: '/img/a-thumb.png' })];
    stubGraphQL({
      RequestPreviews: () => ({ body: { data: { requestPreviews: batch([job({ id: 'a', queuePosition: 0 })]) } } }),
      PreviewBatch: () => ({ body: { data: { previewBatch: batch([answers[Math.min(polls++, 1)]!]) } } }),
      RenderPreviewAgain: () => ({ body: { data: { retryPreviewJob: job({ id: 'a', state: 'QUEUED', queuePosition: 0 }) } } }),
    });
    const user = userEvent.setup();
    const live = makeFakeLiveClient();
    renderHarness(live.client, 'en', { saveDraftNow: async () => true });
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(tiles()).toHaveLength(1));
    live.fail();
    await waitFor(() => expect(tileOf('a').dataset.state).toBe('DEAD'));
    expect(polls).toBe(1);

    await user.click(within(tileOf('a')).getByTestId('preview-retry'));
    await waitFor(() => expect(tileOf('a').dataset.state).toBe('SUCCEEDED'));
    expect(polls).toBe(2);
  });

  it('marks the tiles rendered at the likeness max, in English and Chinese', async () => {
    for (const [locale, label] of [
      ['en', 'Max likeness 1.2'],
      ['zh-CN', '最大相似度 1.2'],
    ] as const) {
      stubGraphQL({
        RequestPreviews: () => ({
          body: {
            data: {
              requestPreviews: batch([
                job({ id: 'd', subject: { id: 's1', name: 'Mei' }, seed: 101, likeness: 0.9, likenessEnd: 'DEFAULT', state: 'SUCCEEDED', progress: 1, imageUrl: '/img/d.png', thumbnailUrl: '/img/d-thumb.png' }),
                job({ id: 'm', subject: { id: 's1', name: 'Mei' }, seed: 101, likeness: 1.2, likenessEnd: 'MAX', state: 'SUCCEEDED', progress: 1, imageUrl: '/img/m.png', thumbnailUrl: '/img/m-thumb.png' }),
              ]),
            },
          },
        }),
      });
      const user = userEvent.setup();
      const container = renderHarness(makeFakeLiveClient().client, locale, { saveDraftNow: async () => true });
      await user.click(within(container).getByRole('button', { name: locale === 'en' ? 'Preview' : '预览' }));
      await waitFor(() => expect(tiles()).toHaveLength(2));
      expect(within(tileOf('d')).queryByTestId('preview-likeness-max')).toBeNull();
      expect(within(tileOf('m')).getByTestId('preview-likeness-max').textContent).toBe(label);
      expect(tileOf('m').dataset['likenessEnd']).toBe('MAX');
      // Only a default render can be the cover (the catalog shows no other).
      expect(within(tileOf('m')).queryByRole('button', { name: locale === 'en' ? 'Use as cover' : '设为封面' })).toBeNull();
      cleanup();
    }
  });
});
