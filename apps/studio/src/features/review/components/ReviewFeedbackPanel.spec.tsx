import { describe, expect, it, jest } from '@jest/globals';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nProvider } from '../../../i18n/I18nProvider';
import type { ReviewFeedback } from '../hooks/useReviewFeedback';
import { makeMaxReviewPreview, makeReview, makeReviewVersion, MEI } from '../testing/review-fixtures';
import { ReviewFeedbackPanel } from './ReviewFeedbackPanel';

function feedback(overrides: Partial<ReviewFeedback>): ReviewFeedback {
  return { latest: null, detail: null, canvasPins: [], isPinsVisible: true, setPinsVisible: () => undefined, error: null, reload: () => undefined, ...overrides };
}

describe('ReviewFeedbackPanel', () => {
  it('shows nothing before any review', () => {
    const { container } = render(
      <I18nProvider initialLocale="en">
        <ReviewFeedbackPanel feedback={feedback({})} />
      </I18nProvider>,
    );
    expect(container.textContent).toBe('');
  });

  it('says when the feedback could not be loaded, and tries again', async () => {
    const user = userEvent.setup();
    const reload = jest.fn();
    render(
      <I18nProvider initialLocale="zh-CN">
        <ReviewFeedbackPanel feedback={feedback({ error: new TypeError('Failed to fetch'), reload })} />
      </I18nProvider>,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('审核反馈加载失败');
    await user.click(within(alert).getByRole('button', { name: '重试' }));
    expect(reload).toHaveBeenCalledTimes(1);
  });
  it('shows a comment pinned on a render at the likeness max with its image, as on one at the default', () => {
    const review = makeReview({ comments: [{ body: 'Too strong here', previewJobId: 'job-mei-max', x: 0.5, y: 0.5 }, { body: 'The skin looks waxy here', previewJobId: 'job-mei-1', x: 0.3, y: 0.4 }] });
    const detail = makeReviewVersion({ maxPreviews: [makeMaxReviewPreview('job-mei-max', MEI, 11)], reviews: [review] });
    render(
      <I18nProvider initialLocale="en">
        <ReviewFeedbackPanel feedback={feedback({ latest: { version: { id: detail.id, number: detail.number, state: 'CHANGES_REQUESTED', decidedAt: null, reviews: [] }, review }, detail })} isInitiallyOpen />
      </I18nProvider>,
    );
    expect(screen.getAllByTestId('review-preview').map((tile) => tile.dataset['jobId']).sort()).toEqual(['job-mei-1', 'job-mei-max']);
  });
});
