// Type-level tests (`tsc -p .` and vitest typecheck): the Node client is core's client, so every mistake core
// rejects is rejected here too. Every `@ts-expect-error` must be used: each marks a mistake that must not
// compile, next to the correct call that must.
import type { Dataset, Export } from "@avala/types";
import { describe, expectTypeOf, it } from "vitest";
import { createClient, type NodeClientOptions, waitForExport } from "../src/index.js";

const avala = createClient({ apiKey: "avk_types", baseUrl: "http://127.0.0.1:4010/api/v1" });
const uid = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
const event = {
  recording: uid,
  device: uid,
  type: "disconnect",
  label: "lost link",
  timestamp: "2026-01-01T00:00:00Z",
};

describe("the Node client's calls", () => {
  it("type responses from the spec", async () => {
    const dataset = await avala.GET("/datasets/{uid}/", { params: { path: { uid } } });
    expectTypeOf(dataset.name).toEqualTypeOf<string>();
    expectTypeOf(dataset).toExtend<Pick<Dataset, "uid" | "name">>();
    const created = await avala.POST("/exports/", { body: { name: "v3", datasets: [uid] } });
    expectTypeOf(created.uid).toEqualTypeOf<string>();
    expectTypeOf(await waitForExport(avala, created.uid)).toEqualTypeOf<Export>();
  });

  it("reject unknown and misspelt keys at any depth, on every method and raw", () => {
    avala.POST("/exports/", { body: { name: "v3" } });
    // @ts-expect-error: misspelt body field (`name`)
    avala.POST("/exports/", { body: { nme: "v3" } });
    // @ts-expect-error: the same through raw
    avala.raw.POST("/exports/", { body: { nme: "v3" } });
    // @ts-expect-error: the same through raw.request
    avala.raw.request("post", "/exports/", { body: { nme: "v3" } });
    avala.PATCH("/webhooks/{uid}/", { params: { path: { uid } }, body: { is_active: false } });
    // @ts-expect-error: unknown field in a PATCH body
    avala.PATCH("/webhooks/{uid}/", { params: { path: { uid } }, body: { active: false } });
    avala.POST("/fleet/events/batch/", { body: { events: [event] } });
    // @ts-expect-error: misspelt field of an array item
    avala.POST("/fleet/events/batch/", { body: { events: [{ ...event, lable: "x" }] } });
    avala.POST("/datasets/", {
      body: {
        name: "n",
        slug: "s",
        data_type: "lidar",
        is_sequence: false,
        visibility: "private",
        create_metadata: true,
        // @ts-expect-error: misspelt field of a nested object (`s3_bucket_name`)
        provider_config: { provider: "aws_s3", s3_bucket: "b" },
      },
    });
    // @ts-expect-error: misspelt query parameter (`limit`)
    avala.GET("/datasets/", { params: { query: { limt: 10 } } });
    // @ts-expect-error: wrong path parameter name (`uid`)
    avala.GET("/datasets/{uid}/", { params: { path: { id: uid } } });
    // @ts-expect-error: misspelt init key (`params`)
    avala.GET("/datasets/", { parms: { query: { limit: 10 } } });
    // @ts-expect-error: misspelt init key through raw
    avala.raw.GET("/datasets/", { parms: { query: { limit: 10 } } });
  });

  it("reject wrong types, missing values, unknown paths and wrong methods", () => {
    // @ts-expect-error: export name must be a string
    avala.POST("/exports/", { body: { name: 42 } });
    // @ts-expect-error: limit is a number
    avala.GET("/datasets/", { params: { query: { limit: "10" } } });
    // @ts-expect-error: visibility is an enum
    avala.GET("/datasets/", { params: { query: { visibility: "secret" } } });
    // @ts-expect-error: the path parameter is required
    avala.GET("/datasets/{uid}/");
    // @ts-expect-error: the body is required
    avala.POST("/datasets/");
    // @ts-expect-error: no such path
    avala.GET("/datasetz/");
    // @ts-expect-error: the path exists, but not for DELETE
    avala.DELETE("/datasets/");
    // @ts-expect-error: retry is a boolean or a policy
    avala.GET("/datasets/", { retry: "always" });
  });

  it("reject reading what a response does not have, and a parseAs that does not fit", async () => {
    const dataset = await avala.GET("/datasets/{uid}/", { params: { path: { uid } } });
    // @ts-expect-error: a field the response does not have (`name`)
    dataset.nam;
    const text = await avala.GET("/datasets/{uid}/", { params: { path: { uid } }, parseAs: "text" });
    expectTypeOf(text).toEqualTypeOf<string>();
    // @ts-expect-error: with parseAs "text" the data is a string
    text.name;
    // @ts-expect-error: parseAs takes json, text, blob, arrayBuffer or stream
    avala.GET("/datasets/", { parseAs: "xml" });
    const { data } = await avala.raw.GET("/datasets/{uid}/", { params: { path: { uid } } });
    // @ts-expect-error: raw data is undefined until the error case is ruled out
    data.name;
  });

  it("paginate only cursor-paginated paths", async () => {
    for await (const d of avala.paginate("/datasets/", { maxItems: 10 }))
      expectTypeOf(d.name).toEqualTypeOf<string>();
    // @ts-expect-error: a single dataset is not a list
    avala.paginate("/datasets/{uid}/");
    // @ts-expect-error: owner and slug are required
    avala.paginate("/datasets/{owner}/{slug}/items/");
    // @ts-expect-error: misspelt paginate option (`maxItems`)
    avala.paginate("/datasets/", { maxItem: 10 });
  });
});

describe("Node options", () => {
  it("are checked like the calls", () => {
    const options: NodeClientOptions = { baseUrl: "https://api.avala.ai/api/v1", connections: 8 };
    createClient(options);
    // @ts-expect-error: misspelt option (`baseUrl`)
    createClient({ baseURL: "https://api.avala.ai/api/v1" });
    // @ts-expect-error: connections is a number
    createClient({ connections: "8" });
    // @ts-expect-error: misspelt waitForExport option (`pollInterval`)
    waitForExport(avala, uid, { pollIntervall: 1000 });
  });
});
