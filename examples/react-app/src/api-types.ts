import type { AvalaData } from "@avala/react";

// Named model types, taken from the operations' responses (`@avala/types` exports them too, as `Dataset` and
// `Export`; this app depends on `@avala/react` and `@avala/core` only).

/** A dataset, as `GET /datasets/{uid}/` returns it. */
export type Dataset = AvalaData<"get", "/datasets/{uid}/">;

/** An export job, as `GET /exports/{uid}/` returns it. */
export type Export = AvalaData<"get", "/exports/{uid}/">;
