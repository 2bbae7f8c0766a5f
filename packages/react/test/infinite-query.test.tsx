// @vitest-environment happy-dom
// useInfiniteQuery: follows the server's `next` URL through core, flattens items, refuses foreign links.
import { createClient, PaginationError } from "@avala/core";
import type {} from "@avala/testing/vitest-global-setup";
import type { Dataset } from "@avala/types";
import { act, cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, inject, it } from "vitest";
import { useInfiniteQuery } from "../src/index.js";
import { json, type LocalApi, startLocalApi } from "./support/local-api.js";
import { renderWithAvala } from "./support/render.js";

const mockUrl = inject("avalaMockUrl");
let api: LocalApi | undefined;

afterEach(async () => {
  cleanup();
  await api?.close();
  api = undefined;
});

function dataset(n: number): Dataset {
  return {
    uid: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    name: `Dataset ${n}`,
    slug: `d${n}`,
    item_count: n,
  };
}

function DatasetList() {
  const { items, hasNextPage, fetchNextPage, isFetchingNextPage, isPending, error } = useInfiniteQuery(
    "/datasets/",
    {
      params: { query: { limit: 2 } },
    },
  );
  if (isPending) return <p>loading</p>;
  return (
    <div>
      <ul>
        {items.map((d) => (
          <li key={d.uid}>{d.name}</li>
        ))}
      </ul>
      <p>count:{items.length}</p>
      <p>more:{String(hasNextPage)}</p>
      {isFetchingNextPage ? <p>fetching-next</p> : null}
      {error ? <p>error:{error instanceof PaginationError ? "PaginationError" : error.name}</p> : null}
      <button type="button" onClick={() => fetchNextPage()}>
        next
      </button>
    </div>
  );
}

describe("useInfiniteQuery", () => {
  it("loads the first page, then the page at the server's next URL", async () => {
    api = await startLocalApi(({ req, res, origin }) => {
      const url = new URL(req.url ?? "/", origin);
      if (url.searchParams.get("cursor") === "page2") {
        json(res, 200, { next: null, previous: `${origin}/api/v1/datasets/?limit=2`, results: [dataset(3)] });
      } else {
        json(res, 200, {
          next: `${origin}/api/v1/datasets/?cursor=page2&limit=2`,
          previous: null,
          results: [dataset(1), dataset(2)],
        });
      }
    });
    const client = createClient({ apiKey: "avk_react_test_0123456789", baseUrl: api.baseUrl });
    renderWithAvala(<DatasetList />, client);
    expect(await screen.findByText("count:2")).toBeTruthy();
    expect(screen.getByText("more:true")).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByText("next")));
    expect(await screen.findByText("count:3")).toBeTruthy();
    expect(screen.getByText("more:false")).toBeTruthy();
    expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Dataset 1",
      "Dataset 2",
      "Dataset 3",
    ]);
    // The first page with the init's query; the second exactly at the link the server sent.
    expect(api.received.map((r) => r.url)).toEqual([
      "/api/v1/datasets/?limit=2",
      "/api/v1/datasets/?cursor=page2&limit=2",
    ]);
    // Both through core's transport, with the key.
    expect(api.received.every((r) => r.headers["x-avala-api-key"] === "avk_react_test_0123456789")).toBe(
      true,
    );
  });

  it("refuses a next link off the base URL with core's PaginationError and sends nothing there", async () => {
    const foreign = await startLocalApi(({ res }) =>
      json(res, 200, { next: null, previous: null, results: [] }),
    );
    api = await startLocalApi(({ res }) =>
      json(res, 200, {
        next: `${foreign.origin}/api/v1/datasets/?cursor=x`,
        previous: null,
        results: [dataset(1)],
      }),
    );
    const client = createClient({ apiKey: "avk_react_test_0123456789", baseUrl: api.baseUrl });
    renderWithAvala(<DatasetList />, client);
    expect(await screen.findByText("count:1")).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByText("next")));
    expect(await screen.findByText("error:PaginationError")).toBeTruthy();
    expect(foreign.received).toHaveLength(0);
    await foreign.close();
  });

  it("ends the list when a next link repeats one already fetched", async () => {
    api = await startLocalApi(({ res, origin, n }) =>
      json(res, 200, {
        next: `${origin}/api/v1/datasets/?cursor=same`,
        previous: null,
        results: [dataset(n + 1)],
      }),
    );
    const client = createClient({ apiKey: "avk_react_test_0123456789", baseUrl: api.baseUrl });
    renderWithAvala(<DatasetList />, client);
    expect(await screen.findByText("count:1")).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByText("next")));
    expect(await screen.findByText("count:2")).toBeTruthy();
    expect(screen.getByText("more:false")).toBeTruthy();
    expect(api.received).toHaveLength(2);
  });

  it("reads Prism's single page (next: null) of the spec's example", async () => {
    const client = createClient({ apiKey: "avk_react_test_0123456789", baseUrl: mockUrl });
    renderWithAvala(<DatasetList />, client);
    expect(await screen.findByText("more:false")).toBeTruthy();
    expect(screen.getByText("Highway LiDAR 2026")).toBeTruthy();
  });
});
