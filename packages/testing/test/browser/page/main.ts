// A browser test's setup with @avala/testing/msw: MSW's service worker answers an @avala/core client
// with the spec's examples, then one override. The outcome is written to the page for the test to read.
import { createClient } from "@avala/core";
import { HttpResponse } from "msw";
import { setupWorker } from "msw/browser";
import { avalaHandler, createAvalaHandlers } from "../../../src/msw/index.js";

const uid = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";

async function run(): Promise<Record<string, unknown>> {
  const worker = setupWorker(...createAvalaHandlers({ baseUrl: "/api/avala" }));
  await worker.start({ onUnhandledRequest: "error", quiet: true });
  const avala = createClient({ apiKey: null, baseUrl: `${location.origin}/api/avala`, maxRetries: 0 });
  const dataset = await avala.GET("/datasets/{uid}/", { params: { path: { uid } } });
  worker.use(
    avalaHandler(
      "get",
      "/datasets/{uid}/",
      () => HttpResponse.json({ detail: "Not found." }, { status: 404 }),
      {
        baseUrl: "/api/avala",
      },
    ),
  );
  const error = await avala.GET("/datasets/{uid}/", { params: { path: { uid } } }).catch((e: Error) => e);
  return { name: dataset.name, overridden: error instanceof Error ? error.name : "no error" };
}

run().then(
  (result) => document.body.setAttribute("data-result", JSON.stringify(result)),
  (error: Error) => document.body.setAttribute("data-result", JSON.stringify({ failed: String(error) })),
);
