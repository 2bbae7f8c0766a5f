import type { OperationInit, RequestOptions, SuccessData } from "@avala/core";
import type { NotOnePath } from "@avala/core/internal";
import type { paths } from "@avala/types";
import type {
  HttpMethod,
  PathsWithMethod as PathsOfMethod,
  RequiredKeysOf as RequiredKeys,
} from "openapi-typescript-helpers";

// The helpers come from openapi-typescript-helpers, as core's call types take them, rather than written again.

/** HTTP methods of the spec, lower-case as in `paths` (`"get"`, `"post"`, …). */
export type AvalaHttpMethod = HttpMethod;

/** Path templates of the spec that have an operation for `Method`, e.g. `PathsWithMethod<"post">` → `"/exports/" | …`. */
export type PathsWithMethod<Method extends AvalaHttpMethod> = PathsOfMethod<paths, Method>;

/** The spec's operation object for a path and method. */
export type OperationOf<
  Method extends AvalaHttpMethod,
  Path extends PathsWithMethod<Method>,
> = paths[Path] extends { [K in Method]: infer Operation } ? Operation : never;

// `Params` is constrained to the params core's `request` takes, so an init of a generic operation still is one.
type ParamsPart<Operation> = Operation extends {
  parameters: infer Params extends NonNullable<OperationInit["params"]>;
}
  ? [RequiredKeys<Params>] extends [never]
    ? { params?: Params }
    : { params: Params }
  : { params?: never };

type RequestBody<Operation> = Operation extends { requestBody?: infer Body } ? NonNullable<Body> : never;

type BodyContent<Operation> =
  RequestBody<Operation> extends { content: infer Content }
    ? "application/json" extends keyof Content
      ? Content["application/json"]
      : Content[keyof Content]
    : never;

type BodyPart<Operation> = [BodyContent<Operation>] extends [never]
  ? { body?: never }
  : [RequiredKeys<Operation> & "requestBody"] extends [never]
    ? { body?: BodyContent<Operation> }
    : { body: BodyContent<Operation> };

/**
 * What a hook or helper takes for an operation, typed from the spec: `params` (`path`, `query`, `header`), `body`,
 * extra `headers`, and core's per-call `retry` and `timeout`. It is part of the query key, so keep it
 * serialisable (no functions, no `AbortSignal`: TanStack Query passes its own signal).
 */
export type AvalaInit<Method extends AvalaHttpMethod, Path extends PathsWithMethod<Method>> = ParamsPart<
  OperationOf<Method, Path>
> &
  BodyPart<OperationOf<Method, Path>> & {
    /** Extra request headers for this call (never the API key). */
    headers?: Record<string, string>;
  } & RequestOptions;

/**
 * `[init]` when the operation has required parameters or a required body, else `[init?]` — and `[init?]` when the
 * path is wrong, so the compiler reports the path rather than a missing argument.
 */
export type InitArg<Method extends AvalaHttpMethod, Path extends PathsWithMethod<Method>> =
  true extends NotOnePath<Path>
    ? [init?: AvalaInit<Method, Path>]
    : [RequiredKeys<AvalaInit<Method, Path>>] extends [never]
      ? [init?: AvalaInit<Method, Path>]
      : [init: AvalaInit<Method, Path>];

/**
 * The data a query resolves with: the operation's success body, or `null` for an operation without one (204),
 * because TanStack Query does not allow `undefined` as query data.
 */
export type AvalaData<Method extends AvalaHttpMethod, Path extends PathsWithMethod<Method>> = NullIfUndefined<
  SuccessData<OperationOf<Method, Path>, object>
>;

type NullIfUndefined<T> = [T] extends [undefined]
  ? null
  : Exclude<T, undefined> | (undefined extends T ? null : never);
