// @vitest-environment happy-dom
// useMutation against the Prism mock: the created export comes back typed, and `invalidates` refetches the list.
import { BadRequestError, createClient } from "@avala/core";
import type {} from "@avala/testing/vitest-global-setup";
import { act, cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createAvalaQueryClient, invalidate, useMutation, useQuery } from "../src/index.js";
import { renderWithAvala } from "./support/render.js";

const mockUrl = inject("avalaMockUrl");
const DATASET_UID = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";

afterEach(() => cleanup());

/** A client over the mock that counts the requests it sends, by method and path. */
function countingClient() {
  const sent: string[] = [];
  const client = createClient({
    apiKey: "avk_react_test_0123456789",
    baseUrl: mockUrl,
    fetch: (input, init) => {
      const url = new URL(typeof input === "string" ? input : input.url);
      sent.push(`${init?.method ?? "GET"} ${url.pathname}`);
      return globalThis.fetch(input, init);
    },
  });
  return { client, count: (route: string) => sent.filter((s) => s === route).length };
}

function Exports({ prefer }: { prefer?: string }) {
  const list = useQuery("get", "/exports/");
  const create = useMutation("post", "/exports/", { invalidates: ["/exports/"] });
  return (
    <div>
      <p>exports:{list.data ? list.data.results.length : "…"}</p>
      {create.isSuccess ? <p>created:{create.data.status}</p> : null}
      {create.error ? (
        <p>
          mutation-error:{create.error instanceof BadRequestError ? "BadRequestError" : create.error.name}
        </p>
      ) : null}
      <button
        type="button"
        onClick={() =>
          create.mutate({
            body: { name: "v3", format: "avala-json-external", datasets: [DATASET_UID] },
            ...(prefer ? { headers: { Prefer: prefer } } : {}),
          })
        }
      >
        create
      </button>
    </div>
  );
}

describe("useMutation", () => {
  it("creates an export and refetches the invalidated export list", async () => {
    const { client, count } = countingClient();
    renderWithAvala(<Exports />, client);
    await screen.findByText(/^exports:\d+$/);
    expect(count("GET /exports/")).toBe(1);
    await act(async () => fireEvent.click(screen.getByText("create")));
    expect(await screen.findByText("created:requested")).toBeTruthy();
    // The list was invalidated before the mutation settled, so it has already refetched.
    expect(count("POST /exports/")).toBe(1);
    expect(count("GET /exports/")).toBe(2);
  });

  it("surfaces a failed mutation as core's typed error, sent once", async () => {
    const { client, count } = countingClient();
    renderWithAvala(<Exports prefer="code=400" />, client);
    await screen.findByText(/^exports:\d+$/);
    await act(async () => fireEvent.click(screen.getByText("create")));
    expect(await screen.findByText("mutation-error:BadRequestError")).toBeTruthy();
    expect(count("POST /exports/")).toBe(1);
    expect(count("GET /exports/")).toBe(1); // no invalidation after a failure
  });

  it("invalidate() refetches every query of a path template", async () => {
    const { client, count } = countingClient();
    const queryClient = createAvalaQueryClient();
    renderWithAvala(<Exports />, client, queryClient);
    await screen.findByText(/^exports:\d+$/);
    await act(() => invalidate(queryClient, "/exports/"));
    await waitFor(() => expect(count("GET /exports/")).toBe(2));
    await act(() => invalidate(queryClient, "/datasets/")); // another resource: no refetch here
    expect(count("GET /exports/")).toBe(2);
  });
});
