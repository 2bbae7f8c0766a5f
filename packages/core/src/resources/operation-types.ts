// Types the generated resource interfaces are written in, computed from @avala/types' `paths` by path and
// method. Each is a plain lookup (no inference into a type parameter), so an object literal passed as `params`
// keeps TypeScript's excess-property check: a misspelt field is a compile error.
import type { paths } from "@avala/types";
import type { SuccessData } from "../call-types.js";

/** A path template and one of its lower-case methods. */
type Op<P extends keyof paths, M extends keyof paths[P]> = paths[P][M];

/** The type of path parameter `Name` of the operation at `P` and `M`. */
export type PathParam<P extends keyof paths, M extends keyof paths[P], Name extends string> =
  Op<P, M> extends {
    parameters: { path: { [K in Name]: infer T } };
  }
    ? T
    : string;

/** The query parameters of the operation at `P` and `M`. */
export type QueryOf<P extends keyof paths, M extends keyof paths[P]> =
  Op<P, M> extends {
    parameters: { query?: infer Q };
  }
    ? NonNullable<Q>
    : never;

/** The JSON request body of the operation at `P` and `M` (an array body is the array). */
export type BodyOf<P extends keyof paths, M extends keyof paths[P]> =
  Op<P, M> extends {
    requestBody?: { content: { "application/json": infer B } };
  }
    ? B
    : never;

/** What a successful call of the operation at `P` and `M` resolves with (`undefined` for a 204). */
export type DataOf<P extends keyof paths, M extends keyof paths[P]> = SuccessData<
  Op<P, M>,
  { parseAs: "json" }
>;

/** The item type of the cursor-paginated operation at `P` and `M`. */
export type ItemOf<P extends keyof paths, M extends keyof paths[P]> =
  DataOf<P, M> extends {
    results: (infer Item)[];
  }
    ? Item
    : never;

/**
 * The query parameters of a list: as {@link QueryOf}, with `cursor` also taking null (no cursor: the first
 * page), so `{ cursor: page.nextCursor }` continues a list as written.
 */
export type ListQueryOf<P extends keyof paths, M extends keyof paths[P]> =
  QueryOf<P, M> extends {
    cursor?: infer C;
  }
    ? Omit<QueryOf<P, M>, "cursor"> & { cursor?: C | null }
    : QueryOf<P, M>;
