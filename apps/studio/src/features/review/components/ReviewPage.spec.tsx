import { describe, expect, it, jest } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { graphQLError, stubGraphQL, type GraphQLCall } from '../../../test/stub-graphql';
import { makeUser } from '../../../test/factories';
import { SessionContext } from '../../auth/hooks/session-context';
import { takeReviewFlash } from '../review-flash';
import { FakeEditorCanvas, JUN, makeMaxReviewPreview, makeReviewVersion, MEI } from '../testing/review-fixtures';

jest.unstable_mockModule('../../../editor/EditorCanvas', () => ({ EditorCanvas: FakeEditorCanvas }));
// ESM modules are mocked before the modules that import them are loaded.
const { ReviewPage } = await import('./ReviewPage');
const { ReviewQueuePage } = await import('./ReviewQueuePage');

const DEFAULT_POLICY = { scoreBar: 90, scoreMin: 0, scoreMax: 100, commentMaxLength: 4000 };

function stubReviewApi(
  reviewVersion: (call: GraphQLCall) => { status?: number; body: unknown } = () => ({ body: { data: { reviewVersion: { id: 'version-1', number: 3, state: 'CHANGES_REQUESTED', decidedAt: '2026-11-25T10:00:00.000Z' } } } }),
  policy = DEFAULT_POLICY,
) {
  return stubGraphQL({
    ReviewVersionDetail: () => ({ body: { data: { templateVersion: makeReviewVersion() } } }),
    ReviewPolicy: () => ({ body: { data: { reviewPolicy: policy } } }),
    EditorLoras: () => ({ body: { data: { loras: [] } } }),
    ReviewVersion: reviewVersion,
  });
}

/** One subject's score fields (real / like / beautiful, each with its slider and number field). */
function scoreInputsOf(subjectId: string): HTMLElement {
  return screen.getAllByTestId('score-inputs').find((inputs) => inputs.dataset['subjectId'] === subjectId)!;
}

async function scoreSubject(user: UserEvent, subjectId: string, [real, like, beautiful]: [number, number, number]) {
  const inputs = within(scoreInputsOf(subjectId));
  for (const [axis, value] of [['Real', real], ['Like', like], ['Beautiful', beautiful]] as const) {
    const field = inputs.getByRole('spinbutton', { name: axis });
    await user.clear(field);
    await user.type(field, String(value));
  }
}

async function clickImageAt(user: UserEvent, image: HTMLElement, clientX: number, clientY: number) {
  image.getBoundingClientRect = () => ({ left: 10, top: 20, width: 200, height: 100, right: 210, bottom: 120, x: 10, y: 20, toJSON: () => ({}) });
  await user.pointer({ keys: '[MouseLeft]', target: image, coords: { clientX, clientY } });
}

async function renderPage(locale: 'en' | 'zh-CN' = 'en') {
  const user = userEvent.setup();
  render(
    <I18nProvider initialLocale={locale}>
      <ReviewPage versionId="version-1" />
    </I18nProvider>,
  );
  await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Golden Hour'));
  return user;
}

describe('ReviewPage', () => {
  it('groups the previews by subject and keeps Approve blocked, saying why, until every score reaches 90', async () => {
    stubReviewApi();
    const user = await renderPage();
    expect(screen.getAllByTestId('review-subject').map((el) => within(el).getByRole('heading', { level: 3 }).textContent)).toEqual(['Jun', 'Mei']);
    expect(screen.getAllByTestId('review-preview').map((el) => el.dataset['jobId'])).toEqual(['job-jun-1', 'job-jun-2', 'job-mei-1', 'job-mei-2']);
    const approve = screen.getByRole<HTMLButtonElement>('button', { name: 'Approve' });
    expect(approve.disabled).toBe(true);
    expect(screen.getByTestId('review-rule-approve').textContent).toContain('Score Jun’s previews.');

    await scoreSubject(user, MEI.id, [95, 92, 90]);
    await scoreSubject(user, JUN.id, [93, 79, 90]);
    expect(screen.getByTestId('review-rule-approve').textContent).toContain('Jun: Like is 79, below 90.');
    expect(approve.disabled).toBe(true);
    const junAverage = within(scoreInputsOf(JUN.id)).getByTestId('score-average');
    expect(junAverage.textContent).toContain('87.3');

    await scoreSubject(user, JUN.id, [93, 90, 90]);
    expect(screen.getByTestId('review-rule-approve').dataset['met']).toBe('true');
    expect(approve.disabled).toBe(false);
    // Requesting changes still needs a comment.
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Request changes' }).disabled).toBe(true);
  });

  it('shows each face at both likeness ends side by side, labelled with their values, in English and Chinese', async () => {
    const bothEnds = makeReviewVersion({ maxPreviews: [makeMaxReviewPreview('job-jun-max', JUN, 11), makeMaxReviewPreview('job-mei-max', MEI, 11)] });
    for (const [locale, labels] of [
      ['en', ['Default likeness 0.9', 'Max likeness 1.2']],
      ['zh-CN', ['默认相似度 0.9', '最大相似度 1.2']],
    ] as const) {
      stubGraphQL({
        ReviewVersionDetail: () => ({ body: { data: { templateVersion: bothEnds } } }),
        ReviewPolicy: () => ({ body: { data: { reviewPolicy: DEFAULT_POLICY } } }),
        EditorLoras: () => ({ body: { data: { loras: [] } } }),
      });
      const view = render(
        <I18nProvider initialLocale={locale}>
          <ReviewPage versionId="version-1" />
        </I18nProvider>,
      );
      await waitFor(() => expect(screen.getAllByTestId('review-subject')).toHaveLength(2));
      const jun = screen.getAllByTestId('review-subject')[0]!;
      const ends = within(jun).getAllByTestId('review-likeness-end');
      expect(ends.map((end) => [end.dataset['end'], within(end).getByRole('heading', { level: 4 }).textContent, within(end).getAllByTestId('review-preview').map((tile) => tile.dataset['jobId'])])).toEqual([
        ['DEFAULT', labels[0], ['job-jun-1', 'job-jun-2']],
        ['MAX', labels[1], ['job-jun-max']],
      ]);
      // One score per face, whatever the end: the max renders are there to be seen.
      expect(screen.getAllByTestId('score-inputs')).toHaveLength(2);
      view.unmount();
    }
  });

  it('lists a face\'s previews without end labels when nothing was rendered at the max', async () => {
    stubReviewApi();
    await renderPage();
    expect(screen.queryAllByTestId('review-likeness-end')).toEqual([]);
    expect(screen.getAllByTestId('review-preview')).toHaveLength(4);
  });

  it('takes the bar from the API’s review policy, not a number of its own', async () => {
    const calls = stubReviewApi(undefined, { ...DEFAULT_POLICY, scoreBar: 85, commentMaxLength: 500 });
    const user = await renderPage();
    expect(screen.getByTestId('review-rule-approve').textContent).toContain('85');
    await scoreSubject(user, MEI.id, [85, 86, 88]);
    await scoreSubject(user, JUN.id, [84, 90, 90]);
    expect(screen.getByTestId('review-rule-approve').textContent).toContain('Jun: Real is 84, below 85.');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Approve' }).disabled).toBe(true);
    await scoreSubject(user, JUN.id, [85, 90, 90]);
    expect(screen.getByTestId('review-rule-approve').dataset['met']).toBe('true');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Approve' }).disabled).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Add general comment' }));
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'General comment' }).maxLength).toBe(500);
    // The title comes with the version: one detail query and one policy query, nothing per template.
    const operations = new Set(calls.map((call) => /(?:query|mutation)\s+(\w+)/.exec(call.query)?.[1]));
    expect(operations.has('ReviewVersionDetail') && operations.has('ReviewPolicy')).toBe(true);
    expect([...operations].filter((op) => op !== 'ReviewVersionDetail' && op !== 'ReviewPolicy' && op !== 'EditorLoras' && op !== 'TemplateCategories')).toEqual([]);
  });

  it('shows the details as submitted with this version, marking what changed since the version before', async () => {
    stubReviewApi();
    await renderPage();
    const details = await screen.findByTestId('review-metadata');
    expect(within(details).getByTestId('metadata-title').dataset['changed']).toBeUndefined();
    expect(within(details).getByTestId('metadata-category').textContent).toContain('Portrait');
    const description = within(details).getByTestId('metadata-description');
    expect(description.dataset['changed']).toBe('true');
    expect(description.textContent).toContain('Warm backlight on 35mm film.');
    expect(description.textContent).toContain('Changed since v2');
    expect(description.textContent).toContain('Was: Warm backlight.');
    expect(within(details).getByTestId('metadata-tags').textContent).toContain('Was: film');
  });

  it('pins a comment on a preview and one on the canvas, requests changes after confirming, and returns to the queue', async () => {
    const calls = stubReviewApi();
    window.location.hash = '#/reviews/version-1';
    const user = await renderPage();

    await clickImageAt(user, screen.getByRole('img', { name: 'Preview of Mei, seed 11' }), 70, 60);
    await user.type(screen.getByRole('textbox', { name: 'Comment 1' }), 'The skin looks waxy here');
    await user.click(screen.getByRole('button', { name: 'artboard' }));
    await user.type(screen.getByRole('textbox', { name: 'Comment 2' }), 'Move the key light left');
    await user.click(screen.getByRole('button', { name: 'Add general comment' }));
    await user.type(screen.getByRole('textbox', { name: 'General comment' }), 'Softer fill overall');

    expect(screen.getAllByTestId('review-comment').map((el) => el.dataset['target'])).toEqual(['preview', 'canvas', 'general']);
    expect(screen.getAllByTestId('review-comment')[0]!.textContent).toContain('On Mei · seed 11');
    expect(screen.getAllByTestId('image-pin').map((pin) => pin.textContent)).toEqual(['1']);
    expect(screen.getByTestId('review-canvas').dataset['pinCount']).toBe('1');
    await scoreSubject(user, MEI.id, [84, 91, 88]);

    await user.click(screen.getByRole('button', { name: 'Request changes' }));
    const confirm = screen.getByRole('dialog', { name: 'Send this version back for changes?' });
    expect(confirm.textContent).toContain('With 3 comments.');
    await user.click(within(confirm).getByRole('button', { name: 'Request changes' }));
    await waitFor(() => expect(window.location.hash).toBe('#/reviews'));

    const mutation = calls.find((call) => call.query.includes('mutation ReviewVersion'))!;
    expect(mutation.variables).toEqual({
      input: {
        versionId: 'version-1',
        decision: 'REQUEST_CHANGES',
        scores: [{ subjectId: MEI.id, real: 84, like: 91, beautiful: 88 }],
        comments: [
          { body: 'The skin looks waxy here', previewJobId: 'job-mei-1', x: 0.3, y: 0.4 },
          { body: 'Move the key light left', previewJobId: null, x: 0.25, y: 0.5 },
          { body: 'Softer fill overall', previewJobId: null, x: null, y: null },
        ],
      },
    });
    expect(takeReviewFlash()).toEqual({ decision: 'REQUEST_CHANGES', title: 'Golden Hour', number: 3 });
  });

  it('has the queue, shown again after a decision, no longer list the decided version from its first frame', async () => {
    // The API's side: the versions waiting, until a decision takes one out.
    let waiting = [makeReviewVersion(), makeReviewVersion({ id: 'version-2', number: 1, templateId: 'template-2', template: { id: 'template-2', title: 'Studio Black' } })];
    const queuePage = () => ({
      body: { data: { reviewQueue: { totalCount: waiting.length, pageInfo: { hasNextPage: false, endCursor: null }, edges: waiting.map(({ id, number, state, templateId, template, submittedAt, author }) => ({ cursor: id, node: { id, number, state, templateId, template, submittedAt, author } })) } } },
    });
    stubGraphQL({
      ReviewQueue: queuePage,
      ReviewVersionDetail: ({ variables }) => ({ body: { data: { templateVersion: makeReviewVersion({ id: variables['id'] as string }) } } }),
      ReviewPolicy: () => ({ body: { data: { reviewPolicy: DEFAULT_POLICY } } }),
      EditorLoras: () => ({ body: { data: { loras: [] } } }),
      ReviewVersion: ({ variables }) => {
        const { versionId, decision } = (variables as { input: { versionId: string; decision: string } }).input;
        waiting = waiting.filter((version) => version.id !== versionId);
        return { body: { data: { reviewVersion: { id: versionId, number: 3, state: decision === 'REJECT' ? 'REJECTED' : 'CHANGES_REQUESTED', decidedAt: '2026-11-25T10:00:00.000Z' } } } };
      },
    });
    const queuedIds = () => screen.queryAllByTestId('review-queue-row').map((row) => row.dataset['versionId']);
    // The reviewer opens the first version from the queue (the queue leaves the screen, its answer stays cached).
    const queue = render(<ReviewQueuePage />);
    await waitFor(() => expect(queuedIds()).toEqual(['version-1', 'version-2']));
    queue.unmount();
    window.location.hash = '#/reviews/version-1';
    const user = await renderPage();
    await user.click(screen.getByRole('button', { name: 'Add general comment' }));
    await user.type(screen.getByRole('textbox', { name: 'General comment' }), 'The composition is too crowded');
    await user.click(screen.getByTestId('review-decide-REJECT'));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Reject' }));
    await waitFor(() => expect(window.location.hash).toBe('#/reviews'));

    // Back on the queue: what it draws before any request of its own is already the API's new answer.
    render(<ReviewQueuePage />);
    expect(queuedIds()).toEqual(['version-2']);
  });

  it('shows the API’s refusal with its code and stays on the page', async () => {
    stubReviewApi(() => graphQLError('FORBIDDEN', 'You cannot review a template you worked on; another reviewer must.'));
    window.location.hash = '#/reviews/version-1';
    const user = await renderPage('zh-CN');
    await user.click(screen.getByRole('button', { name: '添加整体评论' }));
    await user.type(screen.getByRole('textbox', { name: '整体评论' }), '构图太满');
    const reject = screen.getByTestId('review-decide-REJECT');
    expect(reject.textContent).toBe('拒绝');
    await user.click(reject);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: '拒绝' }));
    const error = await screen.findByTestId('review-error');
    expect(error.dataset['code']).toBe('FORBIDDEN');
    expect(error.textContent).toContain('another reviewer must');
    expect(window.location.hash).toBe('#/reviews/version-1');
  });

  it('says a refused review in Chinese, the first issue and each further one by its reason', async () => {
    const issue = (path: string, message: string, reason: string, params: Record<string, string | number> = {}) => ({ path, message, reason, params });
    const first = issue('comments.0.body', 'A comment must be 1 to 4000 characters.', 'review.commentLength', { min: 1, max: 4000 });
    stubReviewApi(() => {
      const refused = graphQLError('BAD_USER_INPUT', `${first.message} (and 1 more)`, [first, issue('scores.0.like', 'Approving needs every score at 85 or above; like is 60.', 'review.scoreBelowBar', { bar: 85, scoreAxis: 'like', score: 60 })]);
      Object.assign(refused.body.errors[0]!.extensions, { reason: first.reason, params: first.params });
      return { status: 400, ...refused };
    });
    window.location.hash = '#/reviews/version-1';
    const user = await renderPage('zh-CN');
    await user.click(screen.getByRole('button', { name: '添加整体评论' }));
    await user.type(screen.getByRole('textbox', { name: '整体评论' }), '构图太满');
    await user.click(screen.getByTestId('review-decide-REJECT'));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: '拒绝' }));
    const error = await screen.findByTestId('review-error');
    expect(error.textContent).toContain('评论须为 1 到 4,000 个字符。');
    expect(within(error).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['通过需要每项评分都不低于 85；“像”只有 60。']);
  });

  it('tells an admin without the reviewer role, and the version’s own designer, that they cannot decide', async () => {
    stubReviewApi();
    const user = userEvent.setup();
    const renderAs = (roles: Array<'ADMIN' | 'REVIEWER' | 'DESIGNER'>, id: string) =>
      within(
        render(
          <SessionContext.Provider value={{ session: { status: 'signed-in', user: makeUser({ id, roles }) }, signIn: async () => undefined, signOut: () => undefined, adoptNewSession: () => undefined, retry: () => undefined }}>
            <ReviewPage versionId="version-1" />
          </SessionContext.Provider>,
        ).container,
      );
    const admin = renderAs(['ADMIN'], 'admin-1');
    await waitFor(() => expect(admin.getByTestId('review-blocked').dataset['reason']).toBe('notReviewer'));
    await user.click(admin.getByRole('button', { name: 'Add general comment' }));
    await user.type(admin.getByRole('textbox', { name: 'General comment' }), 'Looks fine');
    expect(admin.getByRole<HTMLButtonElement>('button', { name: 'Request changes' }).disabled).toBe(true);

    const author = renderAs(['REVIEWER', 'DESIGNER'], 'designer-1');
    await waitFor(() => expect(author.getByTestId('review-blocked').dataset['reason']).toBe('ownWork'));

    const other = renderAs(['REVIEWER'], 'reviewer-2');
    await other.findByRole('region', { name: 'Decision' });
    expect(other.queryByTestId('review-blocked')).toBeNull();
  });
});
