import type { APIPromise } from "../api-promise.js";
import type { RequestOptions } from "../call-types.js";
import type { AvalaBaseClient } from "../client.js";
import { InvalidRequestError } from "../errors/misc-errors.js";
import type { OperationSpec } from "./operation-spec.js";
import { PagePromise } from "./page-promise.js";

/** The request options a call takes from its last argument; anything else there is ignored. */
const OPTION_NAMES = [
  "timeout",
  "maxRetries",
  "retry",
  "idempotencyKey",
  "signal",
  "headers",
  "maxResponseBytes",
  "maxWaitMs",
] as const;

const pathNamesCache = new Map<string, string[]>();

/** The path parameters of a template, in order: `/datasets/{owner}/{slug}/` → owner, slug. */
export function pathNamesOf(path: string): string[] {
  let names = pathNamesCache.get(path);
  if (!names) {
    names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    pathNamesCache.set(path, names);
  }
  return names;
}

function optionsOf(options: unknown): RequestOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object") {
    throw new InvalidRequestError(
      "Request options must be an object such as { timeout: 5000 }. Nothing was sent.",
    );
  }
  const picked: Record<string, unknown> = {};
  for (const name of OPTION_NAMES) {
    const value = (options as Record<string, unknown>)[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/** Splits kind-3 params into query parameters and body fields. */
function split(params: Record<string, unknown>, queryNames: readonly string[]) {
  const query: Record<string, unknown> = {};
  let body: Record<string, unknown> | undefined;
  for (const [name, value] of Object.entries(params)) {
    if (queryNames.includes(name)) query[name] = value;
    else {
      body ??= {};
      body[name] = value;
    }
  }
  return { query, body };
}

/**
 * Sends operation `spec` with its path parameters by name, its query and body, and request options: the one
 * dispatch path of resource methods and {@link invoke}. Lists give a {@link PagePromise}.
 */
export function send(
  client: AvalaBaseClient,
  spec: OperationSpec,
  path: Record<string, unknown>,
  query: Record<string, unknown> | undefined,
  body: unknown,
  options: unknown,
): APIPromise<unknown> {
  const init = { ...optionsOf(options), params: { path, query }, body };
  return spec[3] ? new PagePromise(client, spec[1], init) : client.request(spec[0], spec[1], init);
}

/** Makes the method of one operation: positional path parameters, then params (if any), then options. */
function methodOf(client: AvalaBaseClient, spec: OperationSpec) {
  const [, template, kind, , queryNames = []] = spec;
  const names = pathNamesOf(template);
  return (...args: unknown[]) => {
    const path: Record<string, unknown> = {};
    names.forEach((name, i) => {
      path[name] = args[i];
    });
    const params = kind === 0 ? undefined : args[names.length];
    const options = args[names.length + (kind === 0 ? 0 : 1)];
    if (kind === 3 && params !== undefined) {
      if (typeof params !== "object" || params === null) {
        throw new InvalidRequestError(
          "params must be an object of query parameters and body fields. Nothing was sent.",
        );
      }
      const { query, body } = split(params as Record<string, unknown>, queryNames);
      return send(client, spec, path, query, body, options);
    }
    const query = kind === 1 ? (params as Record<string, unknown> | undefined) : undefined;
    return send(client, spec, path, query, kind === 2 ? params : undefined, options);
  };
}

/** A table of operations (nested by resource) bound to a client: the same tree with methods at its leaves. */
export function bindTable(client: AvalaBaseClient, table: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(table)) {
    out[name] = Array.isArray(entry)
      ? methodOf(client, entry as unknown as OperationSpec)
      : bindTable(client, entry as object);
  }
  return out;
}
