// @vitest-environment happy-dom
// Core retries a failed request; TanStack Query does not retry on top — even with a user QueryClient that would.
import { createClient, InternalServerError } from "@avala/core";
import { QueryClient } from "@tanstack/react-query";
import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { useQuery } from "../src/index.js";
import { json, type LocalApi, startLocalApi } from "./support/local-api.js";
import { renderWithAvala } from "./support/render.js";

const UID = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
const DATASET = { uid: UID, name: "Highway LiDAR 2026", slug: "highway-lidar-2026", item_count: 1200 };
let api: LocalApi | undefined;

afterEach(async () => {
  cleanup();
  await api?.close();
  api = undefined;
});

function Dataset() {
  const { data, error, isPending, failureCount } = useQuery("get", "/datasets/{uid}/", {
    params: { path: { uid: UID } },
  });
  if (isPending) return <p>loading</p>;
  // TanStack Query reports an error only after its own retries are spent, and counts its attempts in
  // failureCount: one failure means it made one attempt (core's call, with core's retries inside it).
  if (error)
    return (
      <p>
        error:{error instanceof InternalServerError ? `InternalServerError:${error.status}` : error.name}{" "}
        failures:
        {failureCount}
      </p>
    );
  return <p>dataset:{data.name}</p>;
}

const fastRetries = { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 2 };

/** A QueryClient that would retry 3 times (with no delay) if the hooks let it. */
function eagerQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: 3, retryDelay: 0 } } });
}

describe("retries", () => {
  it("a 503 then 200: core retries once, the query succeeds, 2 requests in all", async () => {
    api = await startLocalApi(({ res, n }) =>
      n === 0 ? json(res, 503, { detail: "Service unavailable." }) : json(res, 200, DATASET),
    );
    const client = createClient({
      apiKey: "avk_react_test_0123456789",
      baseUrl: api.baseUrl,
      retry: fastRetries,
    });
    renderWithAvala(<Dataset />, client, eagerQueryClient());
    expect(await screen.findByText("dataset:Highway LiDAR 2026")).toBeTruthy();
    expect(api.received).toHaveLength(2);
  });

  it("a persistent 503: core's attempts only (1 + maxRetries), no TanStack retries, even with retry: 3 defaults", async () => {
    api = await startLocalApi(({ res }) => json(res, 503, { detail: "Service unavailable." }));
    const client = createClient({
      apiKey: "avk_react_test_0123456789",
      baseUrl: api.baseUrl,
      retry: fastRetries,
    });
    renderWithAvala(<Dataset />, client, eagerQueryClient());
    expect(await screen.findByText("error:InternalServerError:503 failures:1")).toBeTruthy();
    expect(api.received).toHaveLength(2);
  });

  it("the default QueryClient of AvalaProvider does not retry either", async () => {
    api = await startLocalApi(({ res }) => json(res, 503, { detail: "Service unavailable." }));
    const client = createClient({ apiKey: "avk_react_test_0123456789", baseUrl: api.baseUrl, maxRetries: 0 });
    renderWithAvala(<Dataset />, client);
    expect(await screen.findByText("error:InternalServerError:503 failures:1")).toBeTruthy();
    expect(api.received).toHaveLength(1);
  });
});
