// Type-level tests of the resource methods (vitest typecheck, and `tsc -p .`): every `@ts-expect-error` must be
// used, so each line below is a mistake that must not compile, next to the correct call that must.
import type { Dataset, Export, FleetDevice, Task } from "@avala/types";
import { describe, expectTypeOf, it } from "vitest";
import type { APIPromise, WithResponse } from "../src/index.js";
import {
  type AvalaResources,
  createClient,
  type PagePromise,
  type ResourcePage,
} from "../src/resources/index.js";

const avala = createClient({ apiKey: "avk_types" });
const uid = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same =
  <Expected>() =>
  <Actual>(_value: Actual | Promise<Actual>): Same<Actual, Expected> =>
    true as never;
let _ok: true = true;

describe("resource methods", () => {
  it("return the operation's data, typed", () => {
    _ok = same<Dataset>()(avala.datasets.get(uid));
    _ok = same<Export>()(avala.exports.create({ dataset: uid }));
    _ok = same<FleetDevice>()(avala.fleet.devices.register({ name: "lidar-7", type: "vehicle" }));
    expectTypeOf(avala.datasets.get(uid)).toMatchTypeOf<APIPromise<unknown>>();
    expectTypeOf(avala.webhooks.delete(uid)).toEqualTypeOf<APIPromise<undefined>>();
  });

  it("lists return a page promise of the item type", () => {
    expectTypeOf(avala.tasks.list()).toEqualTypeOf<PagePromise<Task>>();
    _ok = same<Dataset[]>()(avala.datasets.list().then((page) => page.results));
    _ok = same<Dataset[]>()(avala.datasets.list().then((page) => page.items));
    expectTypeOf<Awaited<ReturnType<typeof avala.datasets.list>>>().toMatchTypeOf<ResourcePage<unknown>>();
  });

  it("withResponse gives data and a Response", () => {
    _ok = same<WithResponse<Dataset>>()(avala.datasets.get(uid).withResponse());
    expectTypeOf(avala.datasets.get(uid).asResponse()).toEqualTypeOf<Promise<Response>>();
  });

  it("path parameters are positional and required, in path order", () => {
    avala.datasets.getItem("acme-robotics", "highway", uid);
    // @ts-expect-error: the item uid is missing
    avala.datasets.getItem("acme-robotics", "highway");
    // @ts-expect-error: a path parameter is not an object
    avala.datasets.get({ uid });
  });

  it("params objects are exact: a misspelt field does not compile", () => {
    avala.exports.create({ name: "v3", dataset: uid });
    // @ts-expect-error: `nme` is not a field of the body
    avala.exports.create({ nme: "v3", dataset: uid });
    avala.datasets.list({ limit: 10, visibility: "public" });
    // @ts-expect-error: `limt` is not a query parameter
    avala.datasets.list({ limt: 10 });
    // @ts-expect-error: a closed request enum
    avala.datasets.list({ visibility: "everyone" });
  });

  it("query parameters and body fields sit side by side in one params object", () => {
    type Params = Parameters<AvalaResources["datasets"]["list"]>[0];
    expectTypeOf<NonNullable<Params>>().toHaveProperty("limit");
  });

  it("a list's cursor takes a page's nextCursor as it is (string or null)", async () => {
    const page = await avala.datasets.list({ limit: 20 });
    avala.datasets.list({ cursor: page.nextCursor });
  });

  it("request options are checked", () => {
    avala.datasets.get(uid, {
      timeout: 5_000,
      maxRetries: 1,
      signal: AbortSignal.timeout(1),
      headers: { a: "b" },
    });
    avala.exports.create({ dataset: uid }, { idempotencyKey: "k" });
    // @ts-expect-error: timeout is a number of ms
    avala.datasets.get(uid, { timeout: "5s" });
  });

  it("operations without inputs take options only", () => {
    avala.organizations.industryChoices({ timeout: 1_000 });
    // @ts-expect-error: no params object for an operation without query or body
    avala.organizations.industryChoices({ limit: 1 });
  });
});
