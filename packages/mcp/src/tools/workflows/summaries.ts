import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { ToolEntry } from "../tool-entry.js";
import { dataResult, errorText } from "../tool-result.js";
import { call, countBy, LIST_CAP, type Listed, listAll, type PartError, pick, settleParts } from "./parts.js";

const READ_ONLY: Tool["annotations"] = { readOnlyHint: true, destructiveHint: false, idempotentHint: true };
const RECENT = 5;

/**
 * The result of a workflow made of parts: each part's value, and `errors` naming the parts that failed. When
 * every part failed there is nothing to report but the errors, and the call fails.
 */
function partsResult(values: Record<string, unknown>, errors: Record<string, PartError | undefined>) {
  const failed = Object.entries(errors).filter(([, e]) => e !== undefined);
  if (Object.keys(values).length === 0 && failed.length > 0) {
    return errorText(
      `Every part failed:\n${failed.map(([part, e]) => `- ${part}: ${e!.message}`).join("\n")}`,
    );
  }
  return dataResult(failed.length > 0 ? { ...values, errors: Object.fromEntries(failed) } : values, true);
}

/** `{ count, truncated? }` of a list: how many it holds, and whether the count stopped at the cap. */
function countOf(listed: Listed<unknown>) {
  return { count: listed.items.length, ...(listed.truncated ? { truncated: true } : {}) };
}

/** `{ count, truncated?, recent }` of a list: how many, and the first few, summarised. */
function listSummary(listed: Listed<unknown>, keys: readonly string[]) {
  return {
    ...countOf(listed),
    recent: listed.items.slice(0, RECENT).map((item) => pick(item, keys)),
  };
}

const COUNT_NOTE = `Counts stop at ${LIST_CAP} (then \`truncated: true\`).`;

/** `get_workspace_overview`: what the key can see, in one call. */
export const workspaceOverviewTool: ToolEntry = {
  mutates: false,
  toolsets: ["datasets", "projects", "exports"],
  definition: {
    name: "get_workspace_overview",
    title: "Workspace overview",
    description:
      "Counts and latest items of the workspace in one call: datasets, projects, exports, organizations and " +
      `fleet devices (by status). ${COUNT_NOTE} A part the key cannot read (e.g. fleet on a plan without it) ` +
      "is listed under errors; the rest is still returned.",
    inputSchema: { type: "object", properties: {}, additionalProperties: false },
    annotations: READ_ONLY,
  },
  async run(_args, { client, signal }) {
    const list = (name: string) => listAll(client, name, {}, signal);
    const { values, errors } = await settleParts(
      {
        datasets: async () =>
          listSummary(await list("list_datasets"), [
            "uid",
            "name",
            "slug",
            "owner_name",
            "data_type",
            "item_count",
            "status",
          ]),
        projects: async () =>
          listSummary(await list("list_projects"), ["uid", "name", "status", "task_type", "created_at"]),
        exports: async () => listSummary(await list("list_exports"), ["uid", "name", "status", "created_at"]),
        organizations: async () => listSummary(await list("list_organizations"), ["slug", "name"]),
        fleet_devices: async () => {
          const devices = await list("list_fleet_devices");
          return {
            ...countOf(devices),
            by_status: countBy(devices.items, "status"),
          };
        },
      },
      signal,
    );
    return partsResult(values, errors);
  },
};

/** `get_fleet_health`: devices by status, open alerts by severity, recordings in error. */
export const fleetHealthTool: ToolEntry = {
  mutates: false,
  toolsets: ["fleet-devices", "fleet-alerts", "fleet-recordings"],
  definition: {
    name: "get_fleet_health",
    title: "Fleet health",
    description:
      "Fleet health in one call: devices by status (and those not seen for 24 h), open alerts by severity " +
      `with the latest ones, and recordings in error. ${COUNT_NOTE} Parts the key cannot read are listed ` +
      "under errors.",
    inputSchema: {
      type: "object",
      properties: { device_type: { type: "string", description: "Only devices of this type." } },
      additionalProperties: false,
    },
    annotations: READ_ONLY,
  },
  async run(args, { client, signal }) {
    const type = args.device_type as string | undefined;
    const { values, errors } = await settleParts(
      {
        devices: async () => {
          const devices = await listAll<Record<string, unknown>>(
            client,
            "list_fleet_devices",
            type ? { type } : {},
            signal,
          );
          const staleBefore = Date.now() - 24 * 3600_000;
          const stale = devices.items.filter((d) => {
            const seen = Date.parse(String(d.last_seen_at ?? ""));
            return !Number.isFinite(seen) || seen < staleBefore;
          });
          return {
            ...countOf(devices),
            by_status: countBy(devices.items, "status"),
            not_seen_24h: stale.slice(0, 20).map((d) => pick(d, ["uid", "name", "status", "last_seen_at"])),
          };
        },
        open_alerts: async () => {
          const alerts = await listAll(client, "list_fleet_alerts", { status: "open" }, signal);
          return {
            ...countOf(alerts),
            by_severity: countBy(alerts.items, "severity"),
            recent: alerts.items
              .slice(0, RECENT)
              .map((a) => pick(a, ["uid", "severity", "message", "device", "triggered_at"])),
          };
        },
        recordings_in_error: async () => {
          const failed = await listAll(client, "list_fleet_recordings", { status: "error" }, signal);
          return {
            ...countOf(failed),
            recent: failed.items.slice(0, RECENT).map((r) => pick(r, ["uid", "device", "created_at"])),
          };
        },
      },
      signal,
    );
    return partsResult(values, errors);
  },
};

/** `get_project_quality_summary`: progress, consensus and quality targets of one project. */
export const projectQualitySummaryTool: ToolEntry = {
  mutates: false,
  toolsets: ["projects", "quality-targets", "consensus"],
  definition: {
    name: "get_project_quality_summary",
    title: "Project quality summary",
    description:
      "A project's quality in one call: the project, its progress metrics (tasks, acceptance rate), consensus " +
      "(agreement scores) and quality targets with their last values and breaches. Parts the key cannot " +
      "read are listed under errors.",
    inputSchema: {
      type: "object",
      properties: { project_uid: { type: "string", format: "uuid", description: "UID of the project." } },
      required: ["project_uid"],
      additionalProperties: false,
    },
    annotations: READ_ONLY,
  },
  async run(args, { client, signal }) {
    const project_uid = args.project_uid as string;
    const { values, errors } = await settleParts(
      {
        project: async () =>
          pick(await call(client, "get_project", { uid: project_uid }, signal), [
            "uid",
            "name",
            "status",
            "task_type",
          ]),
        metrics: () => call(client, "get_project_metrics", { project_uid }, signal),
        consensus: async () =>
          pick(await call(client, "get_consensus_summary", { project_uid }, signal), [
            "mean_score",
            "median_score",
            "min_score",
            "max_score",
            "total_items",
            "items_with_consensus",
          ]),
        quality_targets: async () => {
          const targets = await listAll<Record<string, unknown>>(
            client,
            "list_quality_targets",
            { project_uid },
            signal,
          );
          return {
            count: targets.items.length,
            breached: targets.items.filter((t) => t.is_breached === true).length,
            items: targets.items.map((t) =>
              pick(t, [
                "uid",
                "name",
                "metric",
                "operator",
                "threshold",
                "severity",
                "is_active",
                "last_value",
                "is_breached",
                "last_evaluated_at",
              ]),
            ),
          };
        },
      },
      signal,
    );
    return partsResult(values, errors);
  },
};
