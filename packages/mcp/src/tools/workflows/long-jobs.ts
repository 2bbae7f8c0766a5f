import { AUTO_LABEL_TERMINAL_STATUSES, waitForAutoLabelJob, waitForDataset } from "@avala/node";
import type { AutoLabelJob } from "@avala/types";
import type { ToolEntry } from "../tool-entry.js";
import { dataResult } from "../tool-result.js";

const TIMEOUT = {
  type: "integer",
  minimum: 1,
  maximum: 3600,
  default: 600,
  description: "Give up after this many seconds (default 600).",
} as const;

const jobSummary = (job: AutoLabelJob) => ({
  uid: job.uid,
  status: job.status ?? null,
  total_items: job.total_items ?? null,
  processed_items: job.processed_items ?? null,
  successful_items: job.successful_items ?? null,
  failed_items: job.failed_items ?? null,
  progress_pct: job.progress_pct ?? null,
  error_message: job.error_message ?? null,
});

/** `wait_for_auto_label_job`: polls an auto-label job with progress notifications until it ends. */
export const waitForAutoLabelJobTool: ToolEntry = {
  mutates: false,
  toolsets: ["auto-label-jobs"],
  definition: {
    name: "wait_for_auto_label_job",
    title: "Wait for an auto-label job to finish",
    description:
      "Polls an auto-label job until it has completed and returns its counts. Sends progress notifications " +
      "while it waits. Fails on a failed or cancelled job (with its error message) and after timeout_seconds.",
    inputSchema: {
      type: "object",
      properties: {
        uid: { type: "string", format: "uuid", description: "UID of the auto-label job." },
        timeout_seconds: TIMEOUT,
      },
      required: ["uid"],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  },
  async run(args, { client, signal, progress }) {
    const updates: Promise<void>[] = [];
    const done = await waitForAutoLabelJob(client, args.uid as string, {
      signal,
      intervalMs: 2000, // as wait_for_export's first interval: status checks spend the key's request budget
      timeoutMs: ((args.timeout_seconds as number | undefined) ?? 600) * 1000,
      onProgress: (p) => {
        // Only polls that another will follow: a notification sent right before the result can reach the
        // client after it and be dropped (as for wait_for_export).
        if (AUTO_LABEL_TERMINAL_STATUSES.includes(p.status ?? "")) return;
        const counts = p.total !== null ? ` (${p.processed ?? 0}/${p.total} items)` : "";
        updates.push(
          progress({ progress: p.polls, message: `auto-label job ${p.status ?? "pending"}${counts}` }),
        );
      },
    });
    await Promise.all(updates);
    return dataResult(jobSummary(done), true);
  },
};

/** `wait_for_dataset`: polls a dataset with progress notifications until it is created. */
export const waitForDatasetTool: ToolEntry = {
  mutates: false,
  toolsets: ["datasets"],
  definition: {
    name: "wait_for_dataset",
    title: "Wait for a dataset to be created",
    description:
      "Polls a dataset until its status is `created` (ingest finished) and returns it. Sends progress " +
      "notifications while it waits. Fails after timeout_seconds.",
    inputSchema: {
      type: "object",
      properties: {
        uid: { type: "string", format: "uuid", description: "UID of the dataset." },
        timeout_seconds: TIMEOUT,
      },
      required: ["uid"],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  },
  async run(args, { client, signal, progress }) {
    const updates: Promise<void>[] = [];
    const dataset = await waitForDataset(client, args.uid as string, {
      signal,
      intervalMs: 2000, // as the other waits: status checks spend the key's request budget
      timeoutMs: ((args.timeout_seconds as number | undefined) ?? 600) * 1000,
      onProgress: (p) => {
        // Only polls that another will follow (see wait_for_auto_label_job).
        if (p.status === "created") return;
        updates.push(progress({ progress: p.polls, message: `dataset ${p.status ?? "pending"}` }));
      },
    });
    await Promise.all(updates);
    return dataResult(dataset, true);
  },
};
