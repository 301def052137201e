import { describeError } from '../i18n/describe-error';
import { useI18n } from '../i18n/useI18n';
import type { PagedListState } from './usePagedList';
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
        <div className="banner banner-error" role="alert">
          <span>{describeError(list.error, t)}</span>
          <button type="button" className="button button-small" onClick={list.retry}>
            {t('common.tryAgain')}
          </button>
        </div>
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
