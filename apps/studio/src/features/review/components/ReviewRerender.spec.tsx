import { describe, expect, it, jest } from '@jest/globals';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { graphQLError, stubGraphQL, type GraphQLCall } from '../../../test/stub-graphql';
import { makeUser } from '../../../test/factories';
import { SessionContext } from '../../auth/hooks/session-context';
import type { PreviewBatchView, PreviewJobView } from '../../previews/graphql/previews.graphql';
import { PreviewLiveClientContext } from '../../previews/preview-live-context';
import type { PreviewBatchWatch, PreviewLiveClient } from '../../previews/preview-live-client';
import { newReviewSeed } from '../hooks/useReviewRerender';
import { FakeEditorCanvas, JUN, makeReviewPreview, makeReviewVersion, MEI } from '../testing/review-fixtures';

jest.unstable_mockModule('../../../editor/EditorCanvas', () => ({ EditorCanvas: FakeEditorCanvas }));
// ESM modules are mocked before the modules that import them are loaded.
const { ReviewPage } = await import('./ReviewPage');

const POLICY = { scoreBar: 90, scoreMin: 0, scoreMax: 100, commentMaxLength: 4000 };

function job(id: string, subject: { id: string; name: string }, overrides: Partial<PreviewJobView> = {}): PreviewJobView {
  return { id, state: 'QUEUED', subject, seed: 777, likeness: 0.9, likenessEnd: 'DEFAULT', cached: false, imageUrl: null, thumbnailUrl: null, queuePosition: 0, etaSeconds: 30, waitingForWorker: false, waitingReason: null, progress: 0, error: null, removed: false, ...overrides };
}

const batch = (jobs: PreviewJobView[]): PreviewBatchView => ({ id: 'rerender-1', versionId: 'version-1', specHash: 'hash', jobs });

function liveClient() {
  const watches: Array<{ batchId: string; watch: PreviewBatchWatch }> = [];
  const client: PreviewLiveClient = {
    watchBatch(batchId, watch) {
      watches.push({ batchId, watch });
      return () => undefined;
    },
  };
  return { client, watches, push: (next: PreviewBatchView) => act(() => watches.at(-1)!.watch.next(next)) };
}

function renderReviewPage(live: PreviewLiveClient, { locale = 'en', roles = ['REVIEWER'] }: { locale?: 'en' | 'zh-CN'; roles?: Array<'REVIEWER' | 'DESIGNER' | 'ADMIN'> } = {}) {
  return render(
    <I18nProvider initialLocale={locale}>
      <SessionContext.Provider value={{ session: { status: 'signed-in', user: makeUser({ id: 'reviewer-1', roles }) }, signIn: async () => undefined, signOut: () => undefined, adoptNewSession: () => undefined, retry: () => undefined }}>
        <PreviewLiveClientContext.Provider value={live}>
          <ReviewPage versionId="version-1" />
        </PreviewLiveClientContext.Provider>
      </SessionContext.Provider>
    </I18nProvider>,
  );
}

describe('asking for a re-render on the review page', () => {
  it('asks for every face on a new seed at review priority, follows it live, shows the new previews and renders failed ones again', async () => {
    let detailLoads = 0;
    const withNewPreviews = makeReviewVersion({ previews: [...makeReviewVersion().previews, makeReviewPreview('r-mei', MEI, 777)] });
    const calls = stubGraphQL({
      ReviewVersionDetail: () => ({ body: { data: { templateVersion: ++detailLoads > 2 ? withNewPreviews : makeReviewVersion() } } }),
      ReviewPolicy: () => ({ body: { data: { reviewPolicy: POLICY } } }),
      EditorLoras: () => ({ body: { data: { loras: [] } } }),
      RequestPreviews: () => ({ body: { data: { requestPreviews: batch([job('r-jun', JUN), job('r-mei', MEI)]) } } }),
      RenderPreviewAgain: (call: GraphQLCall) => ({ body: { data: { retryPreviewJob: job(String(call.variables['id']), JUN) } } }),
    });
    const live = liveClient();
    const user = userEvent.setup();
    renderReviewPage(live.client);
    const panel = await screen.findByTestId('review-rerender');
    // The version's likeness runs 0.9 to 1.2: the panel says the max end is rendered too.
    expect(panel.textContent).toContain('Renders every face again on a new seed, at the default likeness and at the max (“more like me”), ahead of designers’ previews.');
    expect(detailLoads).toBe(1);

    await user.click(within(panel).getByRole('button', { name: 'Ask for a re-render' }));
    const status = await screen.findByTestId('review-rerender-status');
    expect(status.textContent).toBe('Re-rendering at review priority: 0 of 2 ready');
    const asked = calls.find((c) => c.query.includes('mutation RequestPreviews'))!.variables as { input: { versionId: string; priority: string; seeds: number[] } };
    // Each face at both ends of the version's likeness range (0.9 and 1.2): the max end on the same seed.
    expect(asked.input).toMatchObject({ versionId: 'version-1', priority: 'REVIEW', likenessEnds: ['DEFAULT', 'MAX'] });
    expect(asked.input.seeds).toHaveLength(1);
    expect(Number.isInteger(asked.input.seeds[0])).toBe(true);
    expect(live.watches.map((w) => w.batchId)).toEqual(['rerender-1']);
    // While it renders, asking again waits.
    expect(within(panel).getByRole<HTMLButtonElement>('button', { name: 'Ask for a re-render' }).disabled).toBe(true);
    // The queued renders show among the faces at once.
    await waitFor(() => expect(detailLoads).toBe(2));

    live.push(batch([job('r-jun', JUN, { state: 'FAILED', error: 'CUDA out of memory' }), job('r-mei', MEI, { state: 'SUCCEEDED', progress: 1, imageUrl: '/img/r-mei.png' })]));
    await waitFor(() => expect(screen.getByTestId('review-rerender-status').textContent).toBe('Re-render finished: 1 of 2 ready; the new previews are with each face below · 1 failed'));
    await waitFor(() => expect(screen.getAllByTestId('review-preview').map((el) => el.dataset['jobId'])).toContain('r-mei'));
    expect(screen.getByTestId('review-rerender').dataset['settled']).toBe('true');

    await user.click(screen.getByRole('button', { name: 'Render the failed ones again' }));
    await waitFor(() => expect(screen.getByTestId('review-rerender-status').textContent).toBe('Re-rendering at review priority: 1 of 2 ready'));
    expect(calls.filter((c) => c.query.includes('mutation RenderPreviewAgain')).map((c) => c.variables)).toEqual([{ id: 'r-jun' }]);
  });

  it('asks for the default end alone when the version has one likeness (max equal to its default)', async () => {
    const spec = makeReviewVersion().spec as { subject: { likeness: { default: number; max: number } } };
    const oneEnd = makeReviewVersion({ spec: { ...spec, subject: { ...spec.subject, likeness: { default: 1, max: 1 } } } });
    const calls = stubGraphQL({
      ReviewVersionDetail: () => ({ body: { data: { templateVersion: oneEnd } } }),
      ReviewPolicy: () => ({ body: { data: { reviewPolicy: POLICY } } }),
      EditorLoras: () => ({ body: { data: { loras: [] } } }),
      RequestPreviews: () => ({ body: { data: { requestPreviews: batch([job('r-jun', JUN), job('r-mei', MEI)]) } } }),
    });
    const user = userEvent.setup();
    renderReviewPage(liveClient().client);
    const panel = await screen.findByTestId('review-rerender');
    expect(panel.textContent).toContain('Renders every face again on a new seed, ahead of designers’ previews.');
    expect(panel.textContent).not.toContain('max');
    await user.click(await screen.findByRole('button', { name: 'Ask for a re-render' }));
    await screen.findByTestId('review-rerender-status');
    expect(calls.find((c) => c.query.includes('mutation RequestPreviews'))!.variables).toMatchObject({ input: { priority: 'REVIEW', likenessEnds: ['DEFAULT'] } });
  });

  it('says in Chinese why a re-render could not be asked for', async () => {
    stubGraphQL({
      ReviewVersionDetail: () => ({ body: { data: { templateVersion: makeReviewVersion() } } }),
      ReviewPolicy: () => ({ body: { data: { reviewPolicy: POLICY } } }),
      EditorLoras: () => ({ body: { data: { loras: [] } } }),
      RequestPreviews: () => ({ status: 429, ...graphQLError('QUOTA_EXCEEDED', 'You have 200 previews waiting; at most 200 may wait at once.') }),
    });
    const user = userEvent.setup();
    renderReviewPage(liveClient().client, { locale: 'zh-CN' });
    const ask = await screen.findByRole<HTMLButtonElement>('button', { name: '请求重新渲染' });
    await user.click(ask);
    expect((await screen.findByTestId('review-rerender-error')).textContent).toBe('无法请求重新渲染：You have 200 previews waiting; at most 200 may wait at once.');
    expect(ask.disabled).toBe(false);
  });

  it('offers it to reviewers (and admins) on a version still in review only', async () => {
    stubGraphQL({
      ReviewVersionDetail: () => ({ body: { data: { templateVersion: makeReviewVersion() } } }),
      ReviewPolicy: () => ({ body: { data: { reviewPolicy: POLICY } } }),
      EditorLoras: () => ({ body: { data: { loras: [] } } }),
    });
    const designer = renderReviewPage(liveClient().client, { roles: ['DESIGNER'] });
    await within(designer.container).findByTestId('review-blocked');
    expect(within(designer.container).queryByTestId('review-rerender')).toBeNull();
    designer.unmount();

    stubGraphQL({
      ReviewVersionDetail: () => ({ body: { data: { templateVersion: makeReviewVersion({ state: 'APPROVED' }) } } }),
      ReviewPolicy: () => ({ body: { data: { reviewPolicy: POLICY } } }),
      EditorLoras: () => ({ body: { data: { loras: [] } } }),
    });
    const decided = renderReviewPage(liveClient().client);
    await within(decided.container).findByTestId('review-closed');
    expect(within(decided.container).queryByTestId('review-rerender')).toBeNull();
  });
});

describe('newReviewSeed', () => {
  it('gives whole seeds from 0 to 2^31 - 1', () => {
    expect(newReviewSeed(() => 0)).toBe(0);
    expect(newReviewSeed(() => 0.999999999999)).toBe(2 ** 31 - 1);
    expect(Number.isInteger(newReviewSeed())).toBe(true);
  });
});
