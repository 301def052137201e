import { describe, expect, it } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { stubGraphQL } from '../../../test/stub-graphql';
import type { ReviewQueueVersion } from '../graphql/review.graphql';
import { putReviewFlash } from '../review-flash';
import { ReviewQueuePage } from './ReviewQueuePage';

const TITLES: Record<string, string> = { 't-1': 'Golden Hour', 't-2': 'Studio Black', 't-3': 'Rooftop Dusk' };

function queued(id: string, templateId: string, number: number, submittedAt: string): ReviewQueueVersion {
  return { id, number, state: 'SUBMITTED', templateId, template: { id: templateId, title: TITLES[templateId]! }, submittedAt, author: { id: `author-${id}`, displayName: `Designer ${id}` } };
}

function page(nodes: ReviewQueueVersion[], hasNextPage: boolean, totalCount: number) {
  return { body: { data: { reviewQueue: { totalCount, pageInfo: { hasNextPage, endCursor: nodes.at(-1)?.id ?? null }, edges: nodes.map((node) => ({ cursor: node.id, node })) } } } };
}

describe('ReviewQueuePage', () => {
  it('lists waiting versions oldest first with title, version, designer and submitted time from one query per page, and pages on', async () => {
    const calls = stubGraphQL({
      ReviewQueue: ({ variables }) =>
        variables['after'] ? page([queued('v-3', 't-3', 1, '2026-11-25T09:00:00.000Z')], false, 3) : page([queued('v-1', 't-1', 2, '2026-11-24T08:00:00.000Z'), queued('v-2', 't-2', 5, '2026-11-24T12:00:00.000Z')], true, 3),
    });
    const user = userEvent.setup();
    const { container } = render(<ReviewQueuePage />);
    await waitFor(() => expect(screen.getAllByTestId('review-queue-open').map((a) => a.textContent)).toEqual(['Golden Hour', 'Studio Black']));
    const first = screen.getAllByTestId('review-queue-row')[0]!;
    expect(first.textContent).toContain('v2');
    expect(first.textContent).toContain('Designer v-1');
    expect(first.querySelector('time')!.getAttribute('dateTime')).toBe('2026-11-24T08:00:00.000Z');
    expect(within(first).getByRole('link', { name: 'Golden Hour' }).getAttribute('href')).toBe('#/reviews/v-1');
    expect(container.textContent).toContain('3 versions waiting for review');

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByTestId('review-queue-row').map((row) => row.dataset['versionId'])).toEqual(['v-1', 'v-2', 'v-3']));
    expect(screen.getAllByTestId('review-queue-open').map((a) => a.textContent)).toEqual(['Golden Hour', 'Studio Black', 'Rooftop Dusk']);
    // Titles come with the queue: no request per row.
    expect(calls.map((call) => /(?:query|mutation)\s+(\w+)/.exec(call.query)?.[1])).toEqual(['ReviewQueue', 'ReviewQueue']);
    expect(calls.map((call) => call.variables)).toEqual([{ first: 20 }, { first: 20, after: 'v-2' }]);
    expect(screen.queryByTestId('review-queue-more')).toBeNull();
  });

  it('shows an empty state, and the banner of the decision just made, in Chinese', async () => {
    stubGraphQL({ ReviewQueue: () => page([], false, 0) });
    putReviewFlash({ decision: 'APPROVE', title: 'Golden Hour', number: 2 });
    render(
      <I18nProvider initialLocale="zh-CN">
        <ReviewQueuePage />
      </I18nProvider>,
    );
    const empty = await screen.findByTestId('review-queue-empty');
    expect(empty.textContent).toContain('暂无待审核的版本');
    expect(screen.getByRole('status').textContent).toContain('已通过“Golden Hour” v2');
  });
});
