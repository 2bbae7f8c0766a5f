import { useInfiniteQuery, useMutation, useQuery } from "@avala/react";
import type { ReactNode } from "react";
import { ErrorMessage } from "./error-message.js";
import { ExportProgress } from "./export-progress.js";

/** One dataset: its facts, its items (with "load more"), and an export of it with live progress. */
export function DatasetDetail({ uid, onBack }: { uid: string; onBack: () => void }): ReactNode {
  const dataset = useQuery("get", "/datasets/{uid}/", { params: { path: { uid } } });
  const createExport = useMutation("post", "/exports/", { invalidates: ["/exports/"] });

  return (
    <section>
      <button type="button" onClick={onBack}>
        ← All datasets
      </button>
      {dataset.isPending ? <p>Loading dataset…</p> : null}
      {dataset.error ? <ErrorMessage error={dataset.error} /> : null}
      {dataset.data ? (
        <>
          <h2 data-testid="dataset-name">{dataset.data.name}</h2>
          <p>
            {dataset.data.item_count} items · {dataset.data.data_type} · {dataset.data.visibility}
          </p>
          <button
            type="button"
            data-testid="create-export"
            disabled={createExport.isPending || createExport.isSuccess}
            onClick={() =>
              createExport.mutate({
                body: { name: `${dataset.data.name} export`, format: "avala-json-external", datasets: [uid] },
              })
            }
          >
            Create export
          </button>
          {createExport.error ? <ErrorMessage error={createExport.error} /> : null}
          {createExport.data ? <ExportProgress uid={createExport.data.uid} /> : null}
          {dataset.data.owner_name ? (
            <Items owner={dataset.data.owner_name} slug={dataset.data.slug} />
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function Items({ owner, slug }: { owner: string; slug: string }): ReactNode {
  const { items, error, hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } =
    useInfiniteQuery("/datasets/{owner}/{slug}/items/", {
      params: { path: { owner, slug }, query: { limit: 10 } },
    });
  return (
    <>
      <h3>Items</h3>
      <ul className="items">
        {items.map((item) => (
          <li key={item.uid} data-testid="item-row">
            {item.key ?? item.uid}
          </li>
        ))}
      </ul>
      {error ? <ErrorMessage error={error} /> : null}
      {hasNextPage ? (
        // After a failed page the button stays disabled: the error above says why (a refused page link, for
        // one, fails the same way on every try).
        <button
          type="button"
          data-testid="more-items"
          disabled={isFetchingNextPage || isFetchNextPageError}
          onClick={() => void fetchNextPage()}
        >
          {isFetchingNextPage ? "Loading…" : "Load more items"}
        </button>
      ) : null}
    </>
  );
}
