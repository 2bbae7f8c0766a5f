import type { Export } from "@avala/types";

/** Statuses meaning the export finished and `download_url` is (or will be) set. */
const EXPORT_SUCCESS_STATUSES: readonly string[] = ["exported", "completed"];

/** Statuses meaning the export will not finish. */
const EXPORT_FAILURE_STATUSES: readonly string[] = ["failed"];

/**
 * Where an export stands. The spec's status set is open (`requested`, `pending`, `processing`, … and values not
 * published yet), so anything that is not a known terminal value, null included, counts as in progress.
 */
export function exportState(exp: Pick<Export, "status">): "succeeded" | "failed" | "in-progress" {
  const status = exp.status ?? "";
  if (EXPORT_SUCCESS_STATUSES.includes(status)) return "succeeded";
  if (EXPORT_FAILURE_STATUSES.includes(status)) return "failed";
  return "in-progress";
}
