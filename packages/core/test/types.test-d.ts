// Type-level tests (vitest typecheck, and `tsc -p .`): every `@ts-expect-error` must be used, so each line below
// is a mistake that must not compile, next to the correct call that must.
import type { Dataset, DatasetItem, Export, Task } from "@avala/types";
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
 * Response data is a flattened view of the schemas (the same shape, not the same alias), so shapes
 * are compared by assignability in both directions: `_ok = expectShape<Dataset>()(value)`.
 */
function expectShape<Expected>() {
  return <Actual>(_value: Actual | Promise<Actual>): Same<Actual, Expected> => true as never;
}
let _ok: true = true;
const uid = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
const newDataset = {
  name: "Highway LiDAR 2026",
  slug: "highway-lidar-2026",
  data_type: "lidar",
  is_sequence: true,
  visibility: "private",
  create_metadata: true,
} as const;
const event = {
  recording: uid,
  device: uid,
  type: "disconnect",
  label: "lost link",
  timestamp: "2026-01-01T00:00:00Z",
};

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
    expectTypeOf(
      avala.GET("/datasets/{uid}/", { params: { path: { uid } }, parseAs: "text" }),
    ).resolves.toEqualTypeOf<string>();
    expectTypeOf(
      avala.GET("/datasets/{uid}/", { params: { path: { uid } }, parseAs: "blob" }),
    ).resolves.toEqualTypeOf<Blob>();
  });

  it("keep openapi-fetch's { data, error, response } in the raw style", async () => {
    const { data, error, response } = await avala.raw.GET("/datasets/{uid}/", { params: { path: { uid } } });
    // The raw style has openapi-fetch's shape, with data typed as in the throwing style (open enums kept).
    _ok = expectShape<Dataset | undefined>()(data);
    expectTypeOf(response).toEqualTypeOf<Response>();
    expectTypeOf(error).not.toBeAny();
    const text = await avala.raw.request("get", "/datasets/{uid}/", {
      params: { path: { uid } },
      parseAs: "text",
    });
    expectTypeOf(text.data).toEqualTypeOf<string | undefined>();
  });

  it("accept the per-request retry and timeout options, on raw too", () => {
    avala.POST("/exports/", { body: { name: "n" }, retry: true, timeout: 5000 });
    avala.GET("/datasets/", { retry: { maxRetries: 5 } });
    avala.raw.GET("/datasets/", { retry: false, timeout: 1000 });
  });
});

// The mistakes users make, each next to its correct form. The README's "What does not compile" section quotes
// the messages of several of them.
describe("mistakes that do not compile", () => {
  it("misspelt or unknown keys, at any depth, on every method and on raw", () => {
    avala.POST("/exports/", { body: { name: "v3" } });
    // @ts-expect-error: misspelt body field (`name`)
    avala.POST("/exports/", { body: { nme: "v3" } });
    avala.raw.POST("/exports/", { body: { name: "v3" } });
    // @ts-expect-error: the same through raw
    avala.raw.POST("/exports/", { body: { nme: "v3" } });
    avala.raw.request("post", "/exports/", { body: { name: "v3" } });
    // @ts-expect-error: the same through raw.request
    avala.raw.request("post", "/exports/", { body: { nme: "v3" } });

    avala.PATCH("/webhooks/{uid}/", {
      params: { path: { uid } },
      body: { target_url: "https://example.com/h" },
    });
    // @ts-expect-error: unknown field in a PATCH body
    avala.PATCH("/webhooks/{uid}/", { params: { path: { uid } }, body: { url: "https://example.com/h" } });
    avala.raw.PATCH("/webhooks/{uid}/", { params: { path: { uid } }, body: { is_active: false } });
    // @ts-expect-error: unknown field in a PATCH body through raw
    avala.raw.PATCH("/webhooks/{uid}/", { params: { path: { uid } }, body: { active: false } });

    avala.POST("/datasets/", {
      body: { ...newDataset, provider_config: { provider: "aws_s3", s3_bucket_name: "b" } },
    });
    avala.POST("/datasets/", {
      // @ts-expect-error: misspelt field of a nested object
      body: { ...newDataset, provider_config: { provider: "aws_s3", s3_bucket: "b" } },
    });

    avala.POST("/fleet/events/batch/", { body: { events: [event, { ...event, label: "reconnected" }] } });
    // @ts-expect-error: misspelt field of an array item
    avala.POST("/fleet/events/batch/", { body: { events: [event, { ...event, lable: "reconnected" }] } });

    avala.GET("/datasets/", { params: { query: { limit: 10 } } });
    // @ts-expect-error: misspelt query parameter (`limit`)
    avala.GET("/datasets/", { params: { query: { limt: 10 } } });

    avala.GET("/datasets/{uid}/", { params: { path: { uid } } });
    // @ts-expect-error: wrong path parameter name (`uid`)
    avala.GET("/datasets/{uid}/", { params: { path: { id: uid } } });

    avala.GET("/datasets/", { params: {} });
    // @ts-expect-error: misspelt init key (`params`)
    avala.GET("/datasets/", { parms: {} });
    // @ts-expect-error: the same through raw
    avala.raw.GET("/datasets/", { parms: {} });

    // @ts-expect-error: a GET takes no body
    avala.GET("/datasets/", { body: { name: "x" } });
  });

  it("open objects and values typed elsewhere follow TypeScript's normal rules", () => {
    // `metadata` is a free-form object in the spec: any key is fine there.
    avala.POST("/fleet/events/batch/", { body: { events: [{ ...event, metadata: { speed_kmh: 80 } }] } });
    // Excess keys of a value built elsewhere are not checked (assignability, not an object literal).
    const fromElsewhere = { name: "v3", note: "kept out of the literal" };
    avala.POST("/exports/", { body: fromElsewhere });
  });

  it("wrong types and missing required values", () => {
    // @ts-expect-error: export name must be a string
    avala.POST("/exports/", { body: { name: 42 } });
    // @ts-expect-error: dataset UIDs are strings
    avala.POST("/exports/", { body: { name: "v3", datasets: [42] } });
    // @ts-expect-error: limit is a number
    avala.GET("/datasets/", { params: { query: { limit: "10" } } });
    avala.GET("/datasets/", { params: { query: { visibility: "public" } } });
    // @ts-expect-error: visibility is an enum
    avala.GET("/datasets/", { params: { query: { visibility: "secret" } } });
    // @ts-expect-error: a nested enum (`provider` is "aws_s3" | "gc_storage")
    avala.POST("/datasets/", { body: { ...newDataset, provider_config: { provider: "azure" } } });

    avala.POST("/datasets/", { body: newDataset });
    avala.POST("/datasets/", {
      // @ts-expect-error: a required body field is missing (`slug`)
      body: { name: "n", data_type: "lidar", is_sequence: true, visibility: "private" },
    });
    // @ts-expect-error: the body is required
    avala.POST("/datasets/");
    // @ts-expect-error: the path parameter is required
    avala.GET("/datasets/{uid}/");
    // @ts-expect-error: the path parameter is required inside params.path
    avala.GET("/datasets/{uid}/", { params: { path: {} } });
    // @ts-expect-error: raw requires it as well
    avala.raw.GET("/datasets/{uid}/");
  });

  it("unknown paths and wrong methods", () => {
    avala.GET("/datasets/");
    // @ts-expect-error: no such path
    avala.GET("/datasetz/");
    // @ts-expect-error: no such path through raw
    avala.raw.GET("/datasetz/");
    // @ts-expect-error: the path exists, but not for DELETE
    avala.DELETE("/datasets/");
    // @ts-expect-error: the path exists, but not for POST
    avala.POST("/datasets/{uid}/", { params: { path: { uid } } });
    // @ts-expect-error: raw.request checks the method too
    avala.raw.request("put", "/datasets/");
  });

  it("response fields and parseAs", async () => {
    const dataset = await avala.GET("/datasets/{uid}/", { params: { path: { uid } } });
    expectTypeOf(dataset.name).toEqualTypeOf<string>();
    // @ts-expect-error: a field the response does not have (`name`)
    dataset.nam;
    const raw = await avala.raw.GET("/datasets/{uid}/", { params: { path: { uid } } });
    if (raw.data) expectTypeOf(raw.data.name).toEqualTypeOf<string>();
    // @ts-expect-error: raw data is undefined until the error case is ruled out
    raw.data.name;
    const deleted = await avala.DELETE("/webhooks/{uid}/", { params: { path: { uid } } });
    // @ts-expect-error: a 204 has no body to read
    deleted.uid;
    const text = await avala.GET("/datasets/{uid}/", { params: { path: { uid } }, parseAs: "text" });
    expectTypeOf(text).toEqualTypeOf<string>();
    // @ts-expect-error: with parseAs "text" the data is a string, not a dataset
    text.name;
    // @ts-expect-error: parseAs takes json, text, blob, arrayBuffer or stream
    avala.GET("/datasets/{uid}/", { params: { path: { uid } }, parseAs: "xml" });
  });

  it("request options", () => {
    avala.GET("/datasets/", { retry: false, timeout: 5000 });
    // @ts-expect-error: retry is a boolean or a policy
    avala.GET("/datasets/", { retry: "always" });
    // @ts-expect-error: timeout is in ms, a number
    avala.GET("/datasets/", { timeout: "5s" });
    // @ts-expect-error: misspelt retry policy field (`maxRetries`)
    avala.GET("/datasets/", { retry: { maxRetry: 5 } });
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
    _ok = expectShape<Page<Dataset>>()(avala.page("/datasets/", { params: { query: { limit: 5 } } }));
  });

  it("accepts only cursor-paginated paths, with their required parameters and known options", async () => {
    // @ts-expect-error: a single dataset is not a list
    avala.paginate("/datasets/{uid}/");
    // @ts-expect-error: a plain-array list is not cursor-paginated
    avala.paginate("/qc-available-tools/");
    // @ts-expect-error: a POST-only path
    avala.paginate("/signup/");
    // @ts-expect-error: no such path
    avala.paginate("/datasetz/");
    // @ts-expect-error: page() takes only cursor-paginated paths too
    avala.page("/datasets/{uid}/");
    // @ts-expect-error: owner and slug are required
    avala.paginate("/datasets/{owner}/{slug}/items/");
    // @ts-expect-error: misspelt paginate option (`maxItems`)
    avala.paginate("/datasets/", { maxItem: 5 });
    // @ts-expect-error: misspelt query parameter of the listed operation
    avala.paginate("/datasets/", { params: { query: { limt: 5 } } });
    // @ts-expect-error: the same through page()
    avala.page("/datasets/", { params: { query: { limt: 5 } } });
    // @ts-expect-error: a field the items do not have
    for await (const dataset of avala.paginate("/datasets/")) dataset.nam;
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
