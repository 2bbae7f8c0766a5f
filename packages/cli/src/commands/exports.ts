import type { Export } from "@avala/types";
import { catalog, type JsonSchema } from "@avala/types/catalog";
import type { Command } from "commander";
import type { CommandContext } from "../context.js";
import { type BodyInput, requestBody } from "../operations/request-body.js";
import { UsageError } from "../usage-error.js";

/** The body schema of `createExport`, from the operation catalog (for `-f` typing and checks). */
const createExportBody = (
  catalog.find((o) => o.operationId === "createExport")?.inputSchema.properties as
    | Record<string, JsonSchema>
    | undefined
)?.body;

/** Options of `avala exports create`. */
interface CreateOptions {
  name?: string;
  format: string;
  dataset?: string[];
  project?: string[];
  slice?: string[];
  wait?: boolean;
  download?: string;
  storageHost?: string[];
}

/** Hooks for waiting and downloading, provided by the exports module of this package. */
export interface ExportFollowUp {
  wait(context: CommandContext, uid: string): Promise<Export>;
  download(
    context: CommandContext,
    exported: Export,
    destination: string,
    storageHosts: string[] | undefined,
  ): Promise<void>;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `avala exports create` (with `--wait` and `--download`) and `avala exports wait`; the rest is generated. */
export function registerExports(
  program: Command,
  context: () => CommandContext,
  followUp: ExportFollowUp,
): void {
  const exports = program.command("exports").description("Exports of datasets, projects and slices");
  exports
    .command("create")
    .description("Create an export (repeat --dataset/--project/--slice to include several)")
    .option("--name <name>", "display name")
    .option("--format <format>", "export format (avala-json-external, YOLO, …)", "avala-json-external")
    .option("--dataset <uid>", "dataset to include", collect)
    .option("--project <uid>", "project to include", collect)
    .option("--slice <uid>", "slice to include", collect)
    .option("--wait", "wait until the export has finished")
    .option("--download <path>", "download the finished export to this file (implies --wait)")
    .option("--storage-host <host>", "also allow downloads from this storage host (repeatable)", collect)
    .option("--data <json>", "more body fields as JSON, or @file.json (e.g. filter_query_string)")
    .option("-f, --field <field=value>", "set a body field, typed by the body schema (repeatable)", collect)
    .action(async (opts: CreateOptions & BodyInput) => {
      const ctx = context();
      const { client, out } = ctx;
      // Any other field of the operation's body (filter_query_string, …) through --data/-f, as in generated commands.
      const extra = (await requestBody(opts, createExportBody)) as Record<string, unknown> | undefined;
      const datasets = opts.dataset ?? (extra?.datasets as string[] | undefined) ?? [];
      const projects = opts.project ?? (extra?.projects as string[] | undefined) ?? [];
      const slices = opts.slice ?? (extra?.slices as string[] | undefined) ?? [];
      if (!datasets.length && !projects.length && !slices.length && !extra?.dataset && !extra?.project) {
        throw new UsageError("Nothing to export: give at least one --dataset, --project or --slice.");
      }
      const created = await client().POST("/exports/", {
        body: {
          ...extra,
          name: opts.name ?? (extra?.name as string | undefined) ?? `CLI export ${new Date().toISOString()}`,
          format: opts.format,
          datasets,
          projects,
          slices,
        },
      });
      out.line(`Export ${created.uid} created (${created.status ?? "status unknown"}).`);
      let result: Export = created;
      if (opts.wait || opts.download) {
        result = await followUp.wait(ctx, created.uid);
        out.line(`Export ${result.uid} finished: ${result.status}.`);
      }
      if (opts.download) {
        await followUp.download(ctx, result, opts.download, opts.storageHost);
        out.line(`Downloaded to ${opts.download}.`);
      }
      out.result(result, () => {});
    });
  exports
    .command("wait")
    .description("Wait until an export has finished, then optionally download it")
    .argument("<uid>", "export uid")
    .option("--download <path>", "download the finished export to this file")
    .option("--storage-host <host>", "also allow downloads from this storage host (repeatable)", collect)
    .action(async (uid: string, opts: { download?: string; storageHost?: string[] }) => {
      const ctx = context();
      const result = await followUp.wait(ctx, uid);
      ctx.out.line(`Export ${result.uid} finished: ${result.status}.`);
      if (opts.download) {
        await followUp.download(ctx, result, opts.download, opts.storageHost);
        ctx.out.line(`Downloaded to ${opts.download}.`);
      }
      ctx.out.result(result, () => {});
    });
}
