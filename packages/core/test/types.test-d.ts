import type { Dataset, DatasetItem, Export, Task } from "@avala/types";
import type { Readable } from "openapi-typescript-helpers";
import { describe, expectTypeOf, it } from "vitest";
import {
  type APIError,
  createClient,
  type NotFoundError,
  type Page,
  type RateLimitError,
} from "../src/index.js";

const avala = createClient({ apiKey: "avk_types" });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * openapi-fetch returns `Readable<T>` views of the schemas (the same shape, not the same alias), so shapes
 * are compared by assignability in both directions: `_ok = expectShape<Dataset>()(value)`.
 */
function expectShape<Expected>() {
  return <Actual>(_value: Actual | Promise<Actual>): Same<Actual, Expected> => true as never;
}
let _ok: true = true;
const uid = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";

describe("path-typed calls", () => {
  it("type responses from the spec", () => {
    _ok = expectShape<Dataset>()(avala.GET("/datasets/{uid}/", { params: { path: { uid } } }));
    _ok = expectShape<Task>()(avala.GET("/tasks/{uid}/", { params: { path: { uid } } }));
    _ok = expectShape<Export>()(avala.POST("/exports/", { body: { name: "n", datasets: [uid] } }));
    // @ts-expect-error: a task is not a dataset
    const _no: true = expectShape<Dataset>()(avala.GET("/tasks/{uid}/", { params: { path: { uid } } }));
    expectTypeOf(
      avala.DELETE("/webhooks/{uid}/", { params: { path: { uid } } }),
    ).resolves.toEqualTypeOf<undefined>();
  });

  it("reject unknown paths, wrong methods, missing and wrong parameters", () => {
    // @ts-expect-error: no such path
    avala.GET("/datasetz/");
    // @ts-expect-error: the path exists, but not for DELETE
    avala.DELETE("/datasets/");
    // @ts-expect-error: the path parameter is required
    avala.GET("/datasets/{uid}/");
    // @ts-expect-error: wrong path parameter name
    avala.GET("/datasets/{uid}/", { params: { path: { id: uid } } });
    // @ts-expect-error: limit is a number
    avala.GET("/datasets/", { params: { query: { limit: "10" } } });
    // @ts-expect-error: visibility is an enum
    avala.GET("/datasets/", { params: { query: { visibility: "secret" } } });
    // @ts-expect-error: export name must be a string
    avala.POST("/exports/", { body: { name: 42 } });
  });

  it("accept the per-request retry and timeout options", () => {
    avala.POST("/exports/", { body: { name: "n" }, retry: true, timeout: 5000 });
    avala.GET("/datasets/", { retry: { maxRetries: 5 } });
    // @ts-expect-error: retry is a boolean or a policy
    avala.GET("/datasets/", { retry: "always" });
  });

  it("keep openapi-fetch's { data, error, response } in the raw style", async () => {
    const { data, error, response } = await avala.raw.GET("/datasets/{uid}/", { params: { path: { uid } } });
    // The raw style is openapi-fetch's own type: its data goes through Readable<T>, which also reshapes the
    // open member of open enums; the throwing style above types data without it.
    _ok = expectShape<Readable<Dataset> | undefined>()(data);
    expectTypeOf(response).toEqualTypeOf<Response>();
    expectTypeOf(error).not.toBeAny();
  });
});

describe("paginate", () => {
  it("yields the typed items of cursor-paginated paths", async () => {
    for await (const dataset of avala.paginate("/datasets/")) _ok = expectShape<Dataset>()(dataset);
    const items = avala.paginate("/datasets/{owner}/{slug}/items/", {
      params: { path: { owner: "acme-robotics", slug: "x" } },
      maxItems: 5,
    });
    for await (const page of items.pages()) _ok = expectShape<Page<DatasetItem>>()(page);
  });

  it("accepts only cursor-paginated paths, with their required parameters", () => {
    // @ts-expect-error: a single dataset is not a list
    avala.paginate("/datasets/{uid}/");
    // @ts-expect-error: a plain-array list is not cursor-paginated
    avala.paginate("/qc-available-tools/");
    // @ts-expect-error: owner and slug are required
    avala.paginate("/datasets/{owner}/{slug}/items/");
  });
});

describe("errors", () => {
  it("are typed with their fields", () => {
    expectTypeOf<NotFoundError>().toExtend<APIError>();
    expectTypeOf<APIError["status"]>().toEqualTypeOf<number>();
    expectTypeOf<APIError["fieldErrors"]>().toEqualTypeOf<Record<string, string[]> | undefined>();
    expectTypeOf<RateLimitError["retryAfter"]>().toEqualTypeOf<number | undefined>();
  });
});
