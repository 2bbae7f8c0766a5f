// Type-level tests (vitest typecheck): hooks and helpers are typed from the spec, errors are core's classes.
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
