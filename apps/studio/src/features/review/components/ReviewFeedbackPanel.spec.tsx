import { describe, expect, it, jest } from '@jest/globals';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { byTestId, click, render } from '../../../test/dom-test-utils';
import type { ReviewFeedback } from '../hooks/useReviewFeedback';
import { ReviewFeedbackPanel } from './ReviewFeedbackPanel';

function feedback(overrides: Partial<ReviewFeedback>): ReviewFeedback {
  return { latest: null, detail: null, canvasPins: [], isPinsVisible: true, setPinsVisible: () => undefined, error: null, reload: () => undefined, ...overrides };
}

describe('ReviewFeedbackPanel', () => {
  it('shows nothing before any review', () => {
    const container = render(
      <I18nProvider initialLocale="en">
        <ReviewFeedbackPanel feedback={feedback({})} />
      </I18nProvider>,
    );
    expect(container.textContent).toBe('');
  });

  it('says when the feedback could not be loaded, and tries again', () => {
    const reload = jest.fn();
    const container = render(
      <I18nProvider initialLocale="zh-CN">
        <ReviewFeedbackPanel feedback={feedback({ error: new TypeError('Failed to fetch'), reload })} />
      </I18nProvider>,
    );
    expect(byTestId(container, 'review-feedback-error').textContent).toContain('审核反馈加载失败');
    click(byTestId(container, 'review-feedback-error').querySelector('button')!);
    expect(reload).toHaveBeenCalledTimes(1);
  });
});
