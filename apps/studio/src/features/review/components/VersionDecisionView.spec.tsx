import { makeDefaultTemplateSpec } from '@atelier/template-spec';
import { describe, expect, it, jest } from '@jest/globals';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { stubGraphQL } from '../../../test/stub-graphql';
import { FakeEditorCanvas, makeReview, makeReviewVersion } from '../testing/review-fixtures';

jest.unstable_mockModule('../../../editor/EditorCanvas', () => ({ EditorCanvas: FakeEditorCanvas }));
// ESM modules are mocked before the modules that import them are loaded.
const { VersionDecisionView } = await import('./VersionDecisionView');

const SPEC = makeDefaultTemplateSpec();

function stubFeedbackApi() {
  const review = makeReview();
  return stubGraphQL({
    TemplateReviews: () => ({
      body: { data: { template: { id: 'template-1', headRevision: 7, versions: [{ id: 'version-1', number: 3, state: 'CHANGES_REQUESTED', decidedAt: review.createdAt, reviews: [{ id: review.id, decision: review.decision, createdAt: review.createdAt }] }, { id: 'version-0', number: 2, state: 'SUPERSEDED', decidedAt: null, reviews: [] }] } } },
    }),
    ReviewVersionDetail: () => ({ body: { data: { templateVersion: makeReviewVersion({ state: 'CHANGES_REQUESTED', spec: SPEC, reviews: [review] }) } } }),
    SaveDraft: () => ({ body: { data: { saveDraft: { id: 'draft-4', revision: 8, specHash: 'sha256:1' } } } }),
  });
}

describe('VersionDecisionView', () => {
  it('shows the decision, scores, numbered comments and their pins, hides the pins on request, and starts the next version from the reviewed spec', async () => {
    const calls = stubFeedbackApi();
    const user = userEvent.setup();
    render(
      <I18nProvider initialLocale="en">
        <VersionDecisionView templateId="template-1" title="Golden Hour" headRevision={7} newest={{ id: 'version-1', number: 3, state: 'CHANGES_REQUESTED' }} />
      </I18nProvider>,
    );
    const feedback = await screen.findByRole('region', { name: 'Review feedback' });
    expect(screen.getByTestId('review-feedback-decision').textContent).toBe('Changes requested');
    expect(screen.getByTestId('review-feedback-reviewer').textContent).toContain('Reviewed by Rita Reviewer');
    expect(screen.getByTestId('version-decision-next').textContent).toContain('start version 4');
    expect(screen.getAllByTestId('review-feedback-comment').map((el) => el.dataset['target'])).toEqual(['preview', 'general', 'canvas']);
    expect(screen.getByTestId('review-feedback-scores').textContent).toContain('87.7');
    // Pin 1 on Mei's preview, pin 2 on the canvas.
    expect(screen.getAllByTestId('image-pin').map((pin) => [pin.textContent, pin.style.left, pin.style.top])).toEqual([['1', '30%', '40%']]);
    expect(screen.getByTestId('review-canvas').dataset['pinCount']).toBe('1');

    await user.click(screen.getByRole('checkbox', { name: 'Show pins' }));
    expect(feedback.dataset['pinsVisible']).toBe('false');
    expect(screen.queryAllByTestId('image-pin')).toHaveLength(0);
    expect(screen.getByTestId('review-canvas').dataset['pinCount']).toBe('0');

    await user.click(screen.getByRole('button', { name: 'Start version 4' }));
    await waitFor(() => expect(calls.find((call) => call.query.includes('mutation SaveDraft'))?.variables).toEqual({ input: { templateId: 'template-1', spec: SPEC, baseRevision: 7 } }));
  });

  it('speaks Chinese to the designer', async () => {
    stubFeedbackApi();
    render(
      <I18nProvider initialLocale="zh-CN">
        <VersionDecisionView templateId="template-1" title="Golden Hour" headRevision={7} newest={{ id: 'version-1', number: 3, state: 'CHANGES_REQUESTED' }} />
      </I18nProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('review-feedback-decision').textContent).toBe('需修改'));
    expect(screen.getByTestId('start-next-draft').textContent).toBe('开始版本 4');
    expect(screen.getByTestId('review-feedback-reviewer').textContent).toContain('审核人：Rita Reviewer');
  });

  it('keeps the pins of an approval hidden until asked for', async () => {
    const review = makeReview({ decision: 'APPROVE' });
    stubGraphQL({
      TemplateReviews: () => ({ body: { data: { template: { id: 'template-1', headRevision: 7, versions: [{ id: 'version-1', number: 3, state: 'APPROVED', decidedAt: review.createdAt, reviews: [{ id: review.id, decision: review.decision, createdAt: review.createdAt }] }] } } } }),
      ReviewVersionDetail: () => ({ body: { data: { templateVersion: makeReviewVersion({ state: 'APPROVED', spec: SPEC, reviews: [review] }) } } }),
    });
    const user = userEvent.setup();
    render(<VersionDecisionView templateId="template-1" title="Golden Hour" headRevision={7} newest={{ id: 'version-1', number: 3, state: 'APPROVED' }} />);
    const feedback = await screen.findByRole('region', { name: 'Review feedback' });
    expect(feedback.dataset['pinsVisible']).toBe('false');
    expect(screen.getByTestId('version-decision-next').textContent).toContain('Publish version 3 from the version history');
    await user.click(screen.getByRole('checkbox', { name: 'Show pins' }));
    expect(screen.getAllByTestId('image-pin')).toHaveLength(1);
    expect(screen.getByTestId('review-canvas').dataset['pinCount']).toBe('1');
  });
});
