import { isAbsolute, relative, resolve } from "node:path";
import { downloadExport, ExportNotReadyError, exportState, waitForExport } from "@avala/node";
import type { Export } from "@avala/types";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { ToolEntry } from "./tool-entry.js";
import { dataResult, errorText } from "./tool-result.js";
import {
  waitForAutoLabelJobTool,
  waitForDatasetTool,
  waitInputSchema,
  waitProgress,
  waitTimeoutMs,
} from "./workflows/long-jobs.js";
import { annotationPipelineTool } from "./workflows/pipeline.js";
import { sequenceCalibrationTool, sequenceFrameTool } from "./workflows/sequences.js";
import { fleetHealthTool, projectQualitySummaryTool, workspaceOverviewTool } from "./workflows/summaries.js";

const UID = { type: "string", format: "uuid", description: "UID of the export." } as const;

const exportSummary = (exp: Export) => ({
  uid: exp.uid,
  name: exp.name ?? null,
  status: exp.status ?? null,
  exported_task_count: exp.exported_task_count ?? null,
  total_task_count: exp.total_task_count ?? null,
  download_url: exp.download_url ?? null,
});

const EXPORT_OUTPUT: Tool["outputSchema"] = {
  type: "object",
  properties: {
    uid: { type: "string" },
    name: { type: ["string", "null"] },
    status: { type: ["string", "null"] },
    exported_task_count: { type: ["integer", "null"] },
    total_task_count: { type: ["integer", "null"] },
    download_url: { type: ["string", "null"] },
  },
  required: ["uid", "status", "download_url"],
};

/** Waits for an export job with progress notifications, instead of a polling loop driven by the model. */
const waitForExportTool: ToolEntry = {
  mutates: false,
  toolsets: ["exports"],
  definition: {
    name: "wait_for_export",
    title: "Wait for an export to finish",
    description:
      "Polls an export until it has finished (or failed) and returns it with its download URL. Sends progress " +
      "notifications while it waits. Fails on a failed export and after timeout_seconds.",
    inputSchema: waitInputSchema("UID of the export."),
    outputSchema: EXPORT_OUTPUT,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  },
  async run(args, { client, signal, progress }) {
    let polls = 0;
    const updates = waitProgress(progress);
    const done = await waitForExport(client, args.uid as string, {
      signal,
      timeout: waitTimeoutMs(args),
      onProgress: (p) => {
        if (exportState(p.export) !== "in-progress") return;
        polls++;
        const counts = p.total !== null ? ` (${p.exported ?? 0}/${p.total} tasks)` : "";
        updates.send({ progress: polls, message: `export ${p.status ?? "pending"}${counts}` });
      },
    });
    await updates.settled();
    return dataResult(exportSummary(done), true);
  },
};

/** Returns a finished export's download URL, or says why there is none yet. */
const downloadUrlTool: ToolEntry = {
  mutates: false,
  toolsets: ["exports"],
  definition: {
    name: "get_export_download_url",
    title: "Get an export's download URL",
    description:
      "Returns the download URL of a finished export (a time-limited storage link). For an export still " +
      "running, call wait_for_export first.",
    inputSchema: { type: "object", properties: { uid: UID }, required: ["uid"], additionalProperties: false },
    outputSchema: EXPORT_OUTPUT,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  },
  async run(args, { client, signal }) {
    const exp = await client.GET("/exports/{uid}/", {
      params: { path: { uid: args.uid as string } },
      signal,
    });
    if (exportState(exp) !== "succeeded" || !exp.download_url)
      return errorText(new ExportNotReadyError(exp).message);
    return dataResult(exportSummary(exp), true);
  },
};

/** Downloads a finished export into the files directory; registered only with `--allow-files`. */
const downloadExportTool: ToolEntry = {
  mutates: false,
  toolsets: ["exports"],
  definition: {
    name: "download_export",
    title: "Download an export to a local file",
    description:
      "Downloads a finished export's archive into the server's files directory (a relative path inside it, or " +
      "the directory itself) and returns the written path and size.",
    inputSchema: {
      type: "object",
      properties: {
        uid: UID,
        destination: {
          type: "string",
          default: ".",
          description: "File or existing directory, relative to the files directory. Default: the directory.",
        },
      },
      required: ["uid"],
      additionalProperties: false,
    },
    outputSchema: {
      type: "object",
      properties: { path: { type: "string" }, bytes: { type: "integer" } },
      required: ["path", "bytes"],
    },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  },
  async run(args, { client, signal, options }) {
    const root = resolve(options.filesDir);
    const target = resolve(root, (args.destination as string | undefined) ?? ".");
    const inside = relative(root, target);
    if (inside.startsWith("..") || isAbsolute(inside)) {
      return errorText(
        `/destination must stay inside the files directory ${root}; got ${String(args.destination)}.`,
      );
    }
    const exp = await client.GET("/exports/{uid}/", {
      params: { path: { uid: args.uid as string } },
      signal,
    });
    const written = await downloadExport(exp, target, { signal });
    return dataResult({ path: written.path, bytes: written.bytes }, true);
  },
};

/**
 * The workflow tools (several calls behind one tool, on the client's limiter and pagination); `download_export`
 * only when files may be written.
 */
export function workflowTools(allowFiles: boolean): ToolEntry[] {
  return [
    workspaceOverviewTool,
    projectQualitySummaryTool,
    fleetHealthTool,
    annotationPipelineTool,
    waitForExportTool,
    downloadUrlTool,
    ...(allowFiles ? [downloadExportTool] : []),
    waitForAutoLabelJobTool,
    waitForDatasetTool,
    sequenceFrameTool,
    sequenceCalibrationTool,
  ];
}
