import type { AvalaError, SuccessData } from "@avala/core";
import {
  type UseMutationOptions,
  type UseMutationResult,
  useQueryClient,
  useMutation as useTanStackMutation,
} from "@tanstack/react-query";
import type { RequiredKeysOf as RequiredKeys } from "openapi-typescript-helpers";
import { useAvalaClient } from "./avala-context.js";
import { callOperation } from "./call-operation.js";
import { AVALA_QUERY_KEY_ROOT, type InvalidateTarget, invalidate } from "./query-key.js";
import type { AvalaHttpMethod, AvalaInit, OperationOf, PathsWithMethod } from "./types.js";

/** Data a mutation resolves with: the operation's success body, `undefined` for a 204. */
export type AvalaMutationData<
  Method extends AvalaHttpMethod,
  Path extends PathsWithMethod<Method>,
> = SuccessData<OperationOf<Method, Path>, object>;

/** What `mutate()` takes: the operation's init (`params`, `body`, …); optional when nothing in it is required. */
export type AvalaMutationVariables<Method extends AvalaHttpMethod, Path extends PathsWithMethod<Method>> = [
  RequiredKeys<AvalaInit<Method, Path>>,
] extends [never]
  ? AvalaInit<Method, Path> | undefined
  : AvalaInit<Method, Path>;

/** Options of {@link useMutation}: TanStack's mutation options plus `invalidates`. */
export type AvalaMutationOptions<
  Method extends AvalaHttpMethod,
  Path extends PathsWithMethod<Method>,
  TOnMutateResult = unknown,
> = Omit<
  UseMutationOptions<
    AvalaMutationData<Method, Path>,
    AvalaError,
    AvalaMutationVariables<Method, Path>,
    TOnMutateResult
  >,
  "mutationKey" | "mutationFn"
> & {
  /**
   * Queries to invalidate after a success, before `onSuccess` runs and before the mutation settles: GET path
   * templates (every init), `{ path, init }`, or a function of the result and the variables returning them.
   */
  invalidates?:
    | readonly InvalidateTarget[]
    | ((
        data: AvalaMutationData<Method, Path>,
        variables: AvalaMutationVariables<Method, Path>,
      ) => readonly InvalidateTarget[]);
};

/**
 * TanStack's `useMutation` for one Avala operation: `mutate(init)` sends it through the core client; `error` is core's
 * `AvalaError`. Not retried by TanStack (`retry: false` unless given); core retries POST/PATCH only with
 * `retry: true` in the init. `invalidates` refreshes the queries the change affects. Mutation key:
 * `["avala", method, path]`.
 *
 * @example
 * const createExport = useMutation("post", "/exports/", { invalidates: ["/exports/"] });
 * createExport.mutate({ body: { name: "v3", format: "avala-json-external", datasets: [uid] } });
 */
export function useMutation<
  Method extends AvalaHttpMethod,
  Path extends PathsWithMethod<Method>,
  TOnMutateResult = unknown,
>(
  method: Method,
  path: Path,
  options: AvalaMutationOptions<Method, Path, TOnMutateResult> = {},
): UseMutationResult<
  AvalaMutationData<Method, Path>,
  AvalaError,
  AvalaMutationVariables<Method, Path>,
  TOnMutateResult
> {
  const client = useAvalaClient();
  const queryClient = useQueryClient();
  const { invalidates, onSuccess, ...rest } = options;
  return useTanStackMutation({
    retry: false,
    ...rest,
    mutationKey: [AVALA_QUERY_KEY_ROOT, method, path] as const,
    mutationFn: async (variables) =>
      (await callOperation(client, method, path, variables)) as AvalaMutationData<Method, Path>,
    onSuccess: async (data, variables, onMutateResult, context) => {
      const targets = typeof invalidates === "function" ? invalidates(data, variables) : invalidates;
      if (targets && targets.length > 0) await invalidate(queryClient, ...targets);
      return onSuccess?.(data, variables, onMutateResult, context);
    },
  });
}
