import { AUTO_LABEL_TERMINAL_STATUSES, waitForAutoLabelJob, waitForDataset } from "@avala/node";
import type { AutoLabelJob } from "@avala/types";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { ProgressUpdate, ToolEntry } from "../tool-entry.js";
import { dataResult } from "../tool-result.js";

/** What every wait tool takes: the uid of what it waits for, and how long it may wait. */
export function waitInputSchema(uidDescription: string): Tool["inputSchema"] {
  return {
    type: "object",
    properties: {
      uid: { type: "string", format: "uuid", description: uidDescription },
      timeout_seconds: {
        type: "integer",
        minimum: 1,
        maximum: 3600,
        default: 600,
        description: "Give up after this many seconds (default 600).",
      },
    },
    required: ["uid"],
    additionalProperties: false,
  };
}

/** A wait tool's `timeout_seconds`, in ms (600 s when absent). */
export const waitTimeoutMs = (args: Record<string, unknown>): number =>
  ((args.timeout_seconds as number | undefined) ?? 600) * 1000;

/**
 * A wait's progress notifications, sent only for polls another will follow: a notification sent right before
 * the result can reach the client after it (the SDK's client handles notifications a microtask late) and be
 * dropped. `settled` is awaited before the result is returned.
 */
export function waitProgress(progress: (update: ProgressUpdate) => Promise<void>) {
  const updates: Promise<void>[] = [];
  return {
    send: (update: ProgressUpdate) => void updates.push(progress(update)),
    settled: () => Promise.all(updates),
  };
}

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
    inputSchema: waitInputSchema("UID of the auto-label job."),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  },
  async run(args, { client, signal, progress }) {
    const updates = waitProgress(progress);
    const done = await waitForAutoLabelJob(client, args.uid as string, {
      signal,
      intervalMs: 2000, // as wait_for_export's first interval: status checks spend the key's request budget
      timeoutMs: waitTimeoutMs(args),
      onProgress: (p) => {
        if (AUTO_LABEL_TERMINAL_STATUSES.includes(p.status ?? "")) return;
        const counts = p.total !== null ? ` (${p.processed ?? 0}/${p.total} items)` : "";
        updates.send({ progress: p.polls, message: `auto-label job ${p.status ?? "pending"}${counts}` });
      },
    });
    await updates.settled();
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
    inputSchema: waitInputSchema("UID of the dataset."),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  },
  async run(args, { client, signal, progress }) {
    const updates = waitProgress(progress);
    const dataset = await waitForDataset(client, args.uid as string, {
      signal,
      intervalMs: 2000, // as the other waits: status checks spend the key's request budget
      timeoutMs: waitTimeoutMs(args),
      onProgress: (p) => {
        if (p.status === "created") return;
        updates.send({ progress: p.polls, message: `dataset ${p.status ?? "pending"}` });
      },
    });
    await updates.settled();
    return dataResult(dataset, true);
  },
};
