// Server-side rendering in plain Node (no DOM): a component using a hook renders from a prefetched, dehydrated
// cache under HydrationBoundary, without fetching.
import { createClient } from "@avala/core";
import type {} from "@avala/testing/vitest-global-setup";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { renderToString } from "react-dom/server";
import { describe, expect, inject, it } from "vitest";
import {
  AvalaProvider,
  avalaQueryOptions,
  BrowserApiKeyError,
  createAvalaClient,
  createAvalaQueryClient,
  useQuery,
} from "../src/index.js";

const mockUrl = inject("avalaMockUrl");
const UID = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";

function DatasetName() {
  const { data, isPending } = useQuery("get", "/datasets/{uid}/", { params: { path: { uid: UID } } });
  return <h1>{isPending ? "loading" : data?.name}</h1>;
}

function ExportsStatus() {
  const { isPending } = useQuery("get", "/exports/");
  return <p>{isPending ? "loading" : "loaded"}</p>;
}

describe("server-side rendering", () => {
  it("takes an apiKey on the server, and refuses the same options once window and document exist", () => {
    const options = { apiKey: "avk_react_test_0123456789", baseUrl: mockUrl };
    expect(createAvalaClient(options).baseUrl).toBe(mockUrl);
    const globals = globalThis as Record<string, unknown>;
    globals.window = {};
    globals.document = {};
    try {
      expect(() => createAvalaClient(options)).toThrow(BrowserApiKeyError);
    } finally {
      delete globals.window;
      delete globals.document;
    }
  });

  it("renders a hook's data from a dehydrated cache with HydrationBoundary", async () => {
    // On the server: a client with the key is fine (no browser), and prefetching needs no React.
    const serverClient = createAvalaClient({ apiKey: "avk_react_test_0123456789", baseUrl: mockUrl });
    const serverQueryClient = new QueryClient();
    await serverQueryClient.prefetchQuery(
      avalaQueryOptions(serverClient, "get", "/datasets/{uid}/", { params: { path: { uid: UID } } }),
    );
    // What a server would embed in the page.
    const state = JSON.parse(JSON.stringify(dehydrate(serverQueryClient)));

    // The render: a client whose fetch fails, to prove the page is rendered from the cache alone.
    let fetched = 0;
    const renderClient = createClient({
      apiKey: "avk_react_test_0123456789",
      baseUrl: mockUrl,
      fetch: async () => {
        fetched++;
        throw new Error("no fetch during SSR");
      },
    });
    const html = renderToString(
      <AvalaProvider client={renderClient} queryClient={createAvalaQueryClient()}>
        <HydrationBoundary state={state}>
          <DatasetName />
        </HydrationBoundary>
      </AvalaProvider>,
    );
    expect(html).toBe("<h1>Highway LiDAR 2026</h1>");
    expect(fetched).toBe(0);
  });

  it("renders the loading state of a query that was not prefetched", () => {
    const html = renderToString(
      <AvalaProvider options={{ apiKey: "avk_react_test_0123456789", baseUrl: mockUrl }}>
        <ExportsStatus />
      </AvalaProvider>,
    );
    expect(html).toBe("<p>loading</p>");
  });
});
