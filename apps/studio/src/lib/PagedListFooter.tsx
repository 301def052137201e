import { useI18n } from '../i18n/useI18n';
import type { PagedListState } from './usePagedList';
import { RetryBanner } from './RetryBanner';
import './paged-list-footer.css';

export interface PagedListFooterProps {
  /** The list from usePagedList. */
  list: PagedListState<unknown> & { loadMore: () => void; retry: () => void };
  /** The "Show more" button's words and test id. */
  loadMoreLabel: string;
  testId: string;
}

/**
 * Under a card's cursor-paged list (users, audit log): why the next page failed, with "Try again", and
 * "Show more" while the shown list has more pages.
 */
export function PagedListFooter({ list, loadMoreLabel, testId }: PagedListFooterProps) {
  const { t } = useI18n();
  const isListShown = !(list.isLoading && list.items.length === 0) && list.failedRequest !== 'first-page';
  return (
    <>
      {list.failedRequest === 'next-page' && (
        <RetryBanner error={list.error} onRetry={list.retry} />
      )}
      {isListShown && list.pageInfo.hasNextPage && (
        <div className="paged-list-more">
          <button type="button" className="button" data-testid={testId} onClick={list.loadMore} disabled={list.isLoadingMore}>
            {list.isLoadingMore ? t('common.loading') : loadMoreLabel}
          </button>
        </div>
      )}
    </>
  );
}
