// @vitest-environment happy-dom
// One dispatch path: every query and mutation is sent by the client's own `request` (the pipeline core's typed
// methods and resource methods end in), never by looking a method up on the client. The client's `request` events
// show each call reaching its operation, with the query and body it was given.
import { createClient } from "@avala/core";
import type {} from "@avala/testing/vitest-global-setup";
import { act, cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { useMutation, useQuery } from "../src/index.js";
import { renderWithAvala } from "./support/render.js";

const mockUrl = inject("avalaMockUrl");
const root = new URL(mockUrl).pathname.replace(/\/$/, "");
const DATASET_UID = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";

afterEach(() => cleanup());

function Screen() {
  const dataset = useQuery("get", "/datasets/{uid}/", { params: { path: { uid: DATASET_UID } } });
  const exports = useQuery("get", "/exports/", { params: { query: { limit: 3 } } });
  const create = useMutation("post", "/exports/");
  return (
    <div>
      <p>dataset:{dataset.data ? dataset.data.name : "…"}</p>
      <p>exports:{exports.data ? exports.data.results.length : "…"}</p>
      {create.isSuccess ? <p>created:{create.data.status}</p> : null}
      <button
        type="button"
        onClick={() =>
          create.mutate({ body: { name: "v3", format: "avala-json-external", datasets: [DATASET_UID] } })
        }
      >
        create
      </button>
    </div>
  );
}

describe("the hooks' dispatch", () => {
  it("sends queries and mutations through client.request and its pipeline, each to its operation", async () => {
    const client = createClient({ apiKey: "avk_react_test_0123456789", baseUrl: mockUrl });
    const request = vi.spyOn(client, "request");
    const typed = (["GET", "POST"] as const).map((name) => vi.spyOn(client, name));
    const sent: string[] = [];
    client.on("request", ({ method, path, attempt }) => sent.push(`${method} ${path} #${attempt}`));

    renderWithAvala(<Screen />, client);
    expect(await screen.findByText("dataset:Highway LiDAR 2026")).toBeTruthy();
    await screen.findByText(/^exports:\d+$/);
    await act(async () => fireEvent.click(screen.getByText("create")));
    expect(await screen.findByText("created:requested")).toBeTruthy();

    expect(sent.sort()).toEqual([
      `GET ${root}/datasets/${DATASET_UID}/ #1`,
      `GET ${root}/exports/ #1`,
      `POST ${root}/exports/ #1`,
    ]);
    const calls = request.mock.calls.map(([method, path, init]) => [method.toUpperCase(), path, init]);
    expect(calls).toEqual(
      expect.arrayContaining([
        ["GET", "/datasets/{uid}/", expect.objectContaining({ params: { path: { uid: DATASET_UID } } })],
        ["GET", "/exports/", expect.objectContaining({ params: { query: { limit: 3 } } })],
        [
          "POST",
          "/exports/",
          { body: { name: "v3", format: "avala-json-external", datasets: [DATASET_UID] } },
        ],
      ]),
    );
    expect(calls).toHaveLength(3);
    // The queries' calls carry TanStack's signal, so unmounting cancels them.
    for (const [method, , init] of calls) {
      if (method === "GET") expect((init as { signal?: unknown }).signal).toBeInstanceOf(AbortSignal);
    }
    for (const spy of typed) expect(spy).not.toHaveBeenCalled();
  });
});
