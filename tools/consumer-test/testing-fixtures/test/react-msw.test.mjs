// @vitest-environment jsdom
// A user's React component test: @avala/react against the MSW handlers of @avala/testing/msw, no process.
import { NotFoundError } from "@avala/core";
import { AvalaProvider, useQuery } from "@avala/react";
import { avalaExample, avalaHandler, createAvalaHandlers } from "@avala/testing/msw";
import { cleanup, render, screen } from "@testing-library/react";
import { HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { createElement as h } from "react";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";

const uid = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
// The app's client calls its own server's proxy mount; the handlers answer there.
const server = setupServer(...createAvalaHandlers({ baseUrl: "/api/avala" }));

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());

function DatasetName() {
  const { data, error } = useQuery("get", "/datasets/{uid}/", { params: { path: { uid } } });
  if (error)
    return h("p", null, error instanceof NotFoundError ? "no such dataset" : `error: ${error.message}`);
  return h("p", null, data ? `dataset: ${data.name} (${data.item_count} items)` : "loading");
}

const app = () => h(AvalaProvider, { options: { baseUrl: "/api/avala" } }, h(DatasetName));

it("renders the spec's example dataset", async () => {
  expect(typeof window).toBe("object");
  render(app());
  const example = avalaExample("get", "/datasets/{uid}/");
  expect(await screen.findByText(`dataset: ${example.name} (${example.item_count} items)`)).toBeTruthy();
});

it("shows the not-found state when one test overrides the handler", async () => {
  server.use(
    avalaHandler(
      "get",
      "/datasets/{uid}/",
      () => HttpResponse.json({ detail: "Not found." }, { status: 404 }),
      {
        baseUrl: "/api/avala",
      },
    ),
  );
  render(app());
  expect(await screen.findByText("no such dataset")).toBeTruthy();
});
