// Type-level tests (vitest typecheck, and `tsc -p .`): hooks and helpers are typed from the spec, errors are
// core's classes. Every `@ts-expect-error` must be used: each marks a mistake that must not compile.
import { type AvalaClient, type AvalaError, createClient, type Page } from "@avala/core";
import type { Dataset, DatasetItem, Export } from "@avala/types";
import { QueryClient } from "@tanstack/react-query";
import { describe, expectTypeOf, it } from "vitest";
import {
  avalaInfiniteQueryOptions,
  avalaQueryOptions,
  invalidate,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useSuspenseQuery,
} from "../src/index.js";

declare const client: AvalaClient;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * openapi-fetch types responses as `Readable<T>` views of the schemas (the same shape, not the same alias), so
 * data shapes are compared by assignability both ways, as in core's type tests.
 */
function expectShape<Expected>() {
  return <Actual>(_value: Actual): Same<Actual, Expected> => true as never;
}
let _ok: true = true;
const uid = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";

describe("types", () => {
  it("useQuery: data from the spec, error is AvalaError", () => {
    const result = useQuery("get", "/datasets/{uid}/", { params: { path: { uid } } });
    _ok = expectShape<Dataset | undefined>()(result.data);
    expectTypeOf(result.error).toEqualTypeOf<AvalaError | null>();
    const selected = useQuery(
      "get",
      "/datasets/{uid}/",
      { params: { path: { uid } } },
      { select: (d) => d.name },
    );
    _ok = expectShape<string | undefined>()(selected.data);
    // Optional init for operations without required parameters.
    useQuery("get", "/exports/");
    // @ts-expect-error: the path parameter is required
    useQuery("get", "/datasets/{uid}/");
    // @ts-expect-error: wrong parameter name
    useQuery("get", "/datasets/{uid}/", { params: { path: { id: uid } } });
    // @ts-expect-error: not a path of the spec
    useQuery("get", "/nope/");
  });

  it("useSuspenseQuery: data is always defined", () => {
    const { data, error } = useSuspenseQuery("get", "/exports/{uid}/", { params: { path: { uid } } });
    _ok = expectShape<Export>()(data);
    expectTypeOf(error).toEqualTypeOf<AvalaError | null>();
  });

  it("useMutation: variables are the init, error is AvalaError", () => {
    const m = useMutation("post", "/exports/", { invalidates: ["/exports/"] });
    _ok = expectShape<Export | undefined>()(m.data);
    expectTypeOf(m.error).toEqualTypeOf<AvalaError | null>();
    m.mutate({ body: { name: "v3", format: "avala-json-external", datasets: [uid] } });
    // @ts-expect-error: body field of the wrong type
    m.mutate({ body: { name: 3 } });
    // @ts-expect-error: invalidates takes GET path templates
    useMutation("post", "/exports/", { invalidates: ["/nope/"] });
  });

  it("useInfiniteQuery: only paginated paths; items typed", () => {
    const r = useInfiniteQuery("/datasets/{owner}/{slug}/items/", {
      params: { path: { owner: "acme-robotics", slug: "highway-lidar-2026" } },
    });
    _ok = expectShape<DatasetItem[]>()(r.items);
    expectTypeOf(r.error).toEqualTypeOf<AvalaError | null>();
    _ok = expectShape<Page<DatasetItem>[] | undefined>()(r.data?.pages);
    // @ts-expect-error: not a cursor-paginated path
    useInfiniteQuery("/datasets/{uid}/", { params: { path: { uid } } });
  });

  it("query options work outside React with a core client", async () => {
    const queryClient = new QueryClient();
    const core = createClient({ apiKey: "avk_x" });
    const dataset = await queryClient.fetchQuery(
      avalaQueryOptions(core, "get", "/datasets/{uid}/", { params: { path: { uid } } }),
    );
    _ok = expectShape<Dataset>()(dataset);
    const options = avalaQueryOptions(client, "get", "/exports/");
    expectTypeOf(queryClient.getQueryData(options.queryKey)).toEqualTypeOf<
      { next: string | null; previous: string | null; results: Export[] } | undefined
    >();
    const pages = await queryClient.fetchInfiniteQuery(avalaInfiniteQueryOptions(client, "/datasets/"));
    _ok = expectShape<Page<Dataset>[]>()(pages.pages);
    void _ok;
    await invalidate(queryClient, "/exports/", {
      path: "/exports/{uid}/",
      init: { params: { path: { uid } } },
    });
    // @ts-expect-error: not a GET path
    await invalidate(queryClient, "/signup/");
  });
});

const event = {
  recording: uid,
  device: uid,
  type: "disconnect",
  label: "lost link",
  timestamp: "2026-01-01T00:00:00Z",
};

// The mistakes users make with the hooks, each next to the call that compiles.
describe("mistakes that do not compile", () => {
  it("misspelt or unknown keys in queries", () => {
    useQuery("get", "/datasets/", { params: { query: { limit: 10 } } });
    // @ts-expect-error: misspelt query parameter (`limit`)
    useQuery("get", "/datasets/", { params: { query: { limt: 10 } } });
    // @ts-expect-error: wrong path parameter name (`uid`)
    useSuspenseQuery("get", "/datasets/{uid}/", { params: { path: { id: uid } } });
    // @ts-expect-error: misspelt init key (`params`)
    useQuery("get", "/datasets/", { parms: { query: { limit: 10 } } });
    // @ts-expect-error: parseAs is not an option of the hooks (queries cache parsed JSON)
    useQuery("get", "/datasets/{uid}/", { params: { path: { uid } }, parseAs: "text" });
    // @ts-expect-error: a GET takes no body
    useQuery("get", "/datasets/", { body: { name: "x" } });
    avalaQueryOptions(client, "get", "/datasets/", { params: { query: { limit: 10 } } });
    // @ts-expect-error: the same outside React
    avalaQueryOptions(client, "get", "/datasets/", { params: { query: { limt: 10 } } });
    // @ts-expect-error: misspelt TanStack option (`staleTime`)
    useQuery("get", "/datasets/", {}, { staleTme: 1000 });
  });

  it("misspelt or unknown keys in mutation bodies, at any depth", () => {
    const createExport = useMutation("post", "/exports/");
    createExport.mutate({ body: { name: "v3" } });
    // @ts-expect-error: misspelt body field (`name`)
    createExport.mutate({ body: { nme: "v3" } });
    const updateWebhook = useMutation("patch", "/webhooks/{uid}/");
    updateWebhook.mutate({ params: { path: { uid } }, body: { is_active: false } });
    // @ts-expect-error: unknown field in a PATCH body
    updateWebhook.mutate({ params: { path: { uid } }, body: { active: false } });
    const batch = useMutation("post", "/fleet/events/batch/");
    batch.mutate({ body: { events: [event] } });
    // @ts-expect-error: misspelt field of an array item
    batch.mutate({ body: { events: [{ ...event, lable: "x" }] } });
    const createDataset = useMutation("post", "/datasets/");
    createDataset.mutate({
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
  });

  it("wrong types and missing values", () => {
    const createExport = useMutation("post", "/exports/");
    // @ts-expect-error: dataset UIDs are strings
    createExport.mutate({ body: { datasets: [42] } });
    // @ts-expect-error: limit is a number
    useQuery("get", "/datasets/", { params: { query: { limit: "10" } } });
    // @ts-expect-error: visibility is an enum
    useQuery("get", "/datasets/", { params: { query: { visibility: "secret" } } });
    // @ts-expect-error: the path parameter is required
    useSuspenseQuery("get", "/datasets/{uid}/");
    // @ts-expect-error: the path parameter is required inside params.path
    useQuery("get", "/datasets/{uid}/", { params: { path: {} } });
    const createDataset = useMutation("post", "/datasets/");
    // @ts-expect-error: the body is required
    createDataset.mutate({});
    // @ts-expect-error: retry is a boolean or a policy
    useQuery("get", "/datasets/", { retry: "always" });
  });

  it("unknown paths and wrong methods", () => {
    // @ts-expect-error: no such path
    useSuspenseQuery("get", "/datasetz/");
    // @ts-expect-error: the path exists, but not for DELETE
    useMutation("delete", "/datasets/");
    // @ts-expect-error: the path exists, but not for POST
    useMutation("post", "/datasets/{uid}/");
    // @ts-expect-error: not an HTTP method of the spec
    useQuery("fetch", "/datasets/");
  });

  it("reading what a response does not have", () => {
    const { data } = useQuery("get", "/datasets/{uid}/", { params: { path: { uid } } });
    // @ts-expect-error: data is undefined while the query loads
    data.name;
    // @ts-expect-error: a field the response does not have (`name`)
    data?.nam;
    const suspended = useSuspenseQuery("get", "/datasets/{uid}/", { params: { path: { uid } } });
    expectTypeOf(suspended.data.name).toEqualTypeOf<string>();
    // @ts-expect-error: a field the response does not have, with suspense
    suspended.data.nam;
    const { items } = useInfiniteQuery("/datasets/");
    // @ts-expect-error: a field the items do not have
    items[0]?.nam;
  });

  it("infinite queries on paths that are not cursor-paginated", () => {
    useInfiniteQuery("/datasets/", { params: { query: { limit: 20 } } });
    // @ts-expect-error: a plain-array list is not cursor-paginated
    useInfiniteQuery("/qc-available-tools/");
    // @ts-expect-error: owner and slug are required
    useInfiniteQuery("/datasets/{owner}/{slug}/items/");
    // @ts-expect-error: misspelt query parameter of the listed operation
    useInfiniteQuery("/datasets/", { params: { query: { limt: 20 } } });
    // @ts-expect-error: the same outside React
    avalaInfiniteQueryOptions(client, "/qc-available-tools/");
  });
});
