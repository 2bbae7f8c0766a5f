/** One operation of the spec as the generated MSW handlers answer it. */
export interface SpecOperationExample {
  /** The spec's operationId, e.g. `getDataset`. */
  readonly operationId: string;
  /** Lower-case HTTP method. */
  readonly method: "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
  /** Path template of the spec, e.g. `/datasets/{uid}/`. */
  readonly path: string;
  /** The documented success status. */
  readonly status: number;
  /** Media type of the success body; absent for bodiless answers (204). */
  readonly contentType?: string;
  /** The spec's example of the success body. */
  readonly example?: unknown;
}
