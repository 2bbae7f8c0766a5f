import { useInfiniteQuery } from "@avala/react";
import type { ReactNode } from "react";
import type { Dataset } from "../api-types.js";
import { ErrorMessage } from "./error-message.js";
import { useOnVisible } from "./use-on-visible.js";

/** Datasets, ten per page; the next page loads when the sentinel under the list scrolls into view. */
export function DatasetList({ onOpen }: { onOpen: (dataset: Dataset) => void }): ReactNode {
  const { items, error, isPending, hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } =
    useInfiniteQuery("/datasets/", {
      params: { query: { limit: 10 } },
    });
  // After a failed page nothing loads by itself any more: the error is shown under the list instead.
  const canLoadMore = hasNextPage && !isFetchingNextPage && !isFetchNextPageError;
  const sentinel = useOnVisible<HTMLDivElement>(() => {
    if (canLoadMore) void fetchNextPage();
  }, canLoadMore);

  if (isPending) return <p>Loading datasets…</p>;
  return (
    <section>
      <p data-testid="dataset-count">{items.length} datasets loaded</p>
      <ul className="datasets">
        {items.map((dataset) => (
          <li key={dataset.uid}>
            <button type="button" data-testid="dataset-row" onClick={() => onOpen(dataset)}>
              <strong>{dataset.name}</strong>
              <span>
                {dataset.data_type} · {dataset.item_count} items
              </span>
            </button>
          </li>
        ))}
      </ul>
      {error ? <ErrorMessage error={error} /> : null}
      <div ref={sentinel} data-testid="sentinel" className="sentinel">
        {isFetchingNextPage ? (
          "Loading more…"
        ) : hasNextPage ? (
          isFetchNextPageError ? (
            "More datasets could not be loaded."
          ) : (
            ""
          )
        ) : (
          <span data-testid="end-of-list">End of list</span>
        )}
      </div>
    </section>
  );
}
