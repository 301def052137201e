import { act } from 'react';
import { describe, expect, it, jest } from '@jest/globals';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { allByTestId, byTestId, click, graphQLError, render, stubGraphQL, typeInto, waitFor, type GraphQLCall } from '../../../test/dom-test-utils';
import { makeUser } from '../../../test/factories';
import { SessionContext } from '../../auth/hooks/session-context';
import { takeReviewFlash } from '../review-flash';
import { FakeEditorCanvas, JUN, makeReviewVersion, MEI } from '../testing/review-fixtures';

jest.unstable_mockModule('../../../editor/EditorCanvas', () => ({ EditorCanvas: FakeEditorCanvas }));
// ESM modules are mocked before the modules that import them are loaded.
const { ReviewPage } = await import('./ReviewPage');

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

function scoreSubject(view: HTMLElement, subjectId: string, [real, like, beautiful]: [number, number, number]) {
  const inputs = view.querySelector<HTMLElement>(`[data-testid="score-inputs"][data-subject-id="${subjectId}"]`)!;
  typeInto(byTestId<HTMLInputElement>(inputs, 'score-real'), String(real));
  typeInto(byTestId<HTMLInputElement>(inputs, 'score-like'), String(like));
  typeInto(byTestId<HTMLInputElement>(inputs, 'score-beautiful'), String(beautiful));
}

// typeInto goes through the element's own value setter, which a textarea has too.
function typeComment(textarea: HTMLTextAreaElement, text: string) {
  typeInto(textarea as unknown as HTMLInputElement, text);
}

function clickImageAt(image: HTMLImageElement, clientX: number, clientY: number) {
  image.getBoundingClientRect = () => ({ left: 10, top: 20, width: 200, height: 100, right: 210, bottom: 120, x: 10, y: 20, toJSON: () => ({}) });
  act(() => {
    image.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX, clientY }));
  });
}

async function renderPage(locale: 'en' | 'zh-CN' = 'en') {
  const view = render(
    <I18nProvider initialLocale={locale}>
      <ReviewPage versionId="version-1" />
    </I18nProvider>,
  );
  await waitFor(() => expect(byTestId(view, 'review-title').textContent).toBe('Golden Hour'));
  return view;
}

describe('ReviewPage', () => {
  it('groups the previews by subject and keeps Approve blocked, saying why, until every score reaches 90', async () => {
    stubReviewApi();
    const view = await renderPage();
    expect(allByTestId(view, 'review-subject').map((el) => el.querySelector('.card-title')!.textContent)).toEqual(['Jun', 'Mei']);
    expect(allByTestId(view, 'review-preview').map((el) => el.dataset['jobId'])).toEqual(['job-jun-1', 'job-jun-2', 'job-mei-1', 'job-mei-2']);
    const approve = byTestId<HTMLButtonElement>(view, 'review-decide-APPROVE');
    expect(approve.disabled).toBe(true);
    expect(byTestId(view, 'review-rule-approve').textContent).toContain('Score Jun’s previews.');

    scoreSubject(view, MEI.id, [95, 92, 90]);
    scoreSubject(view, JUN.id, [93, 79, 90]);
    expect(byTestId(view, 'review-rule-approve').textContent).toContain('Jun: Like is 79, below 90.');
    expect(approve.disabled).toBe(true);
    const junAverage = view.querySelector(`[data-testid="score-inputs"][data-subject-id="${JUN.id}"] [data-testid="score-average"]`)!;
    expect(junAverage.textContent).toContain('87.3');

    scoreSubject(view, JUN.id, [93, 90, 90]);
    expect(byTestId(view, 'review-rule-approve').dataset['met']).toBe('true');
    expect(approve.disabled).toBe(false);
    // Requesting changes still needs a comment.
    expect(byTestId<HTMLButtonElement>(view, 'review-decide-REQUEST_CHANGES').disabled).toBe(true);
  });

  it('takes the bar from the API’s review policy, not a number of its own', async () => {
    const calls = stubReviewApi(undefined, { ...DEFAULT_POLICY, scoreBar: 85, commentMaxLength: 500 });
    const view = await renderPage();
    expect(byTestId(view, 'review-rule-approve').textContent).toContain('85');
    scoreSubject(view, MEI.id, [85, 86, 88]);
    scoreSubject(view, JUN.id, [84, 90, 90]);
    expect(byTestId(view, 'review-rule-approve').textContent).toContain('Jun: Real is 84, below 85.');
    expect(byTestId<HTMLButtonElement>(view, 'review-decide-APPROVE').disabled).toBe(true);
    scoreSubject(view, JUN.id, [85, 90, 90]);
    expect(byTestId(view, 'review-rule-approve').dataset['met']).toBe('true');
    expect(byTestId<HTMLButtonElement>(view, 'review-decide-APPROVE').disabled).toBe(false);
    click(byTestId(view, 'review-add-general-comment'));
    expect(byTestId<HTMLTextAreaElement>(view, 'review-comment-body').maxLength).toBe(500);
    // The title comes with the version: one detail query and one policy query, nothing per template.
    const operations = new Set(calls.map((call) => /(?:query|mutation)\s+(\w+)/.exec(call.query)?.[1]));
    expect(operations.has('ReviewVersionDetail') && operations.has('ReviewPolicy')).toBe(true);
    expect([...operations].filter((op) => op !== 'ReviewVersionDetail' && op !== 'ReviewPolicy' && op !== 'EditorLoras')).toEqual([]);
  });

  it('pins a comment on a preview and one on the canvas, requests changes after confirming, and returns to the queue', async () => {
    const calls = stubReviewApi();
    window.location.hash = '#/reviews/version-1';
    const view = await renderPage();

    const meiImage = view.querySelector<HTMLImageElement>('[data-testid="review-preview"][data-job-id="job-mei-1"] img')!;
    clickImageAt(meiImage, 70, 60);
    typeComment(allByTestId<HTMLTextAreaElement>(view, 'review-comment-body')[0]!, 'The skin looks waxy here');
    click(byTestId(view, 'fake-artboard-click'));
    typeComment(allByTestId<HTMLTextAreaElement>(view, 'review-comment-body')[1]!, 'Move the key light left');
    click(byTestId(view, 'review-add-general-comment'));
    typeComment(allByTestId<HTMLTextAreaElement>(view, 'review-comment-body')[2]!, 'Softer fill overall');

    expect(allByTestId(view, 'review-comment').map((el) => el.dataset['target'])).toEqual(['preview', 'canvas', 'general']);
    expect(allByTestId(view, 'review-comment')[0]!.textContent).toContain('On Mei · seed 11');
    expect(allByTestId(view, 'image-pin').map((pin) => pin.textContent)).toEqual(['1']);
    expect(byTestId(view, 'review-canvas').dataset['pinCount']).toBe('1');
    scoreSubject(view, MEI.id, [84, 91, 88]);

    click(byTestId(view, 'review-decide-REQUEST_CHANGES'));
    expect(byTestId(view, 'review-confirm').textContent).toContain('With 3 comments.');
    click(byTestId(view, 'review-confirm-ok'));
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

  it('shows the API’s refusal with its code and stays on the page', async () => {
    stubReviewApi(() => graphQLError('FORBIDDEN', 'You cannot review a template you worked on; another reviewer must.'));
    window.location.hash = '#/reviews/version-1';
    const view = await renderPage('zh-CN');
    click(byTestId(view, 'review-add-general-comment'));
    typeComment(byTestId<HTMLTextAreaElement>(view, 'review-comment-body'), '构图太满');
    expect(byTestId(view, 'review-decide-REJECT').textContent).toBe('拒绝');
    click(byTestId(view, 'review-decide-REJECT'));
    click(byTestId(view, 'review-confirm-ok'));
    const error = await waitFor(() => byTestId(view, 'review-error'));
    expect(error.dataset['code']).toBe('FORBIDDEN');
    expect(error.textContent).toContain('another reviewer must');
    expect(window.location.hash).toBe('#/reviews/version-1');
  });

  it('tells an admin without the reviewer role, and the version’s own designer, that they cannot decide', async () => {
    stubReviewApi();
    const renderAs = (roles: Array<'ADMIN' | 'REVIEWER' | 'DESIGNER'>, id: string) =>
      render(
        <SessionContext.Provider value={{ session: { status: 'signed-in', user: makeUser({ id, roles }) }, signIn: async () => undefined, signOut: () => undefined, retry: () => undefined }}>
          <ReviewPage versionId="version-1" />
        </SessionContext.Provider>,
      );
    const admin = renderAs(['ADMIN'], 'admin-1');
    await waitFor(() => expect(byTestId(admin, 'review-blocked').dataset['reason']).toBe('notReviewer'));
    click(byTestId(admin, 'review-add-general-comment'));
    typeComment(byTestId<HTMLTextAreaElement>(admin, 'review-comment-body'), 'Looks fine');
    expect(byTestId<HTMLButtonElement>(admin, 'review-decide-REQUEST_CHANGES').disabled).toBe(true);

    const author = renderAs(['REVIEWER', 'DESIGNER'], 'designer-1');
    await waitFor(() => expect(byTestId(author, 'review-blocked').dataset['reason']).toBe('ownWork'));

    const other = renderAs(['REVIEWER'], 'reviewer-2');
    await waitFor(() => byTestId(other, 'review-decision'));
    expect(other.querySelector('[data-testid="review-blocked"]')).toBeNull();
  });
});
