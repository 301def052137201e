import { describe, expect, it, jest } from '@jest/globals';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PagedListFooter, type PagedListFooterProps } from './PagedListFooter';

function makeList(overrides: Partial<PagedListFooterProps['list']> = {}): PagedListFooterProps['list'] {
  return { items: [{ id: 'a' }], pageInfo: { hasNextPage: true, endCursor: 'a' }, totalCount: 2, isLoading: false, isLoadingMore: false, error: null, failedRequest: null, loadMore: jest.fn(), retry: jest.fn(), ...overrides };
}

describe('PagedListFooter', () => {
  it('offers the next page while there is one, and says so while it loads', async () => {
    const list = makeList();
    const { rerender } = render(<PagedListFooter list={list} loadMoreLabel="Show more accounts" testId="more" />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Show more accounts' }));
    expect(list.loadMore).toHaveBeenCalledTimes(1);

    rerender(<PagedListFooter list={{ ...list, isLoadingMore: true }} loadMoreLabel="Show more accounts" testId="more" />);
    expect(screen.getByTestId('more').textContent).toBe('Loading…');
    expect(screen.getByTestId<HTMLButtonElement>('more').disabled).toBe(true);

    rerender(<PagedListFooter list={{ ...list, pageInfo: { hasNextPage: false, endCursor: null } }} loadMoreLabel="Show more accounts" testId="more" />);
    expect(screen.queryByTestId('more')).toBeNull();
  });

  it('shows no "Show more" while the first page loads or after it failed', () => {
    const { rerender } = render(<PagedListFooter list={makeList({ items: [], isLoading: true })} loadMoreLabel="Show more" testId="more" />);
    expect(screen.queryByTestId('more')).toBeNull();
    rerender(<PagedListFooter list={makeList({ failedRequest: 'first-page', error: new Error('down') })} loadMoreLabel="Show more" testId="more" />);
    expect(screen.queryByTestId('more')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says why the next page failed and tries it again', async () => {
    const list = makeList({ failedRequest: 'next-page', error: new Error('The network is down') });
    render(<PagedListFooter list={list} loadMoreLabel="Show more" testId="more" />);
    expect(screen.getByRole('alert').textContent).toContain('Try again');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(list.retry).toHaveBeenCalledTimes(1);
  });
});
