/**
 * A list read in keyset pages (`?cursor=` → `next_cursor`): the query every such list makes, and
 * the one "more" button under it. The button stays in place (disabled, saying it is loading)
 * while the next page comes, so keyboard focus is not lost.
 */
import { useInfiniteQuery, type QueryKey } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

interface CursorPage {
  items: unknown[];
  next_cursor?: string | null;
}

export function useCursorPages<P extends CursorPage>(queryKey: QueryKey, fetchPage: (cursor: string | undefined) => Promise<P>) {
  const pages = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = (pages.data?.pages.flatMap((page) => page.items) ?? []) as P["items"];
  return { pages, items };
}

interface MoreProps {
  pages: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
}

export function MoreButton({ pages }: MoreProps) {
  const { t } = useTranslation();
  if (!pages.hasNextPage) return null;
  return (
    <div className="button-row button-row--center">
      <button type="button" className="button button--secondary" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
        {pages.isFetchingNextPage ? t("list.loadingMore") : t("common.more")}
      </button>
    </div>
  );
}
