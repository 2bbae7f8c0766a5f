// Every operation of the spec through its resource method, against the Prism mock: the method named in the
// catalog (`x-avala-sdk-method`) is called with the catalog's example input laid out as a resource method takes
// it (path parameters positional, then one params object of query parameters and body fields, then options),
// and must come back with the spec's example response. Prism validates each request against the spec, so an
// argument routed to the wrong place (a body field sent as a query parameter, a path parameter swapped) fails.
import { catalog } from "@avala/types/catalog";
import { describe, expect, inject, it } from "vitest";
import type {} from "../../testing/dist/vitest-global-setup.mjs";
import { createClient, type PagePromise } from "../src/resources/index.js";
import { transportUnderTest } from "./support/transport-under-test.js";

const mockUrl = inject("avalaMockUrl");
const avala = createClient({
  apiKey: "avk_contract_0123456789abcdef",
  baseUrl: mockUrl,
  transport: transportUnderTest(),
  maxRetries: 0,
});

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/** The bound method at `datasets.list`, `fleet.devices.register`, `signup`. */
function methodAt(name: string): AnyMethod {
  let target: unknown = avala;
  for (const segment of name.split(".")) target = (target as Record<string, unknown>)[segment];
  expect(target, `client.${name}`).toBeTypeOf("function");
  return target as AnyMethod;
}

/** The arguments of a resource method from a catalog-shaped input. */
function argumentsOf(op: (typeof catalog)[number], input: Record<string, unknown>): unknown[] {
  const pathNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const args: unknown[] = pathNames.map((name) => input[name]);
  const query = Object.fromEntries(
    op.parameters.filter((p) => p.in === "query" && p.name in input).map((p) => [p.name, input[p.name]]),
  );
  const hasQuery = op.parameters.some((p) => p.in === "query");
  if (op.body && hasQuery) args.push({ ...query, ...(input.body as object) });
  else if (op.body) args.push(input.body);
  else if (hasQuery) args.push(query);
  return args;
}

describe("resource methods", () => {
  it("cover all 143 operations, each under its own name", () => {
    expect(catalog).toHaveLength(143);
    expect(new Set(catalog.map((op) => op.sdkMethod)).size).toBe(143);
  });

  it.each(catalog.map((op) => [op.sdkMethod, op] as const))(
    "%s answers with the spec's example",
    async (_name, op) => {
      const args = argumentsOf(op, { ...op.examples.request });
      const call = methodAt(op.sdkMethod)(...args);
      const expected = op.examples.response;
      if (op.paginated) {
        const page = await (call as PagePromise<unknown>);
        expect(page.results).toEqual((expected as { results: unknown[] }).results);
        expect(page.hasNextPage()).toBe(false);
      } else if (op.successStatus === 204) {
        expect(await call).toBeUndefined();
      } else {
        expect(await call).toEqual(expected);
      }
    },
  );
});
