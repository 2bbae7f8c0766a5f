import type { Export } from "@avala/types";
import type { Command } from "commander";
import type { CommandContext } from "../context.js";
import { UsageError } from "../exit-codes.js";

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
    .action(async (opts: CreateOptions) => {
      const ctx = context();
      const { client, out } = ctx;
      if (!opts.dataset?.length && !opts.project?.length && !opts.slice?.length) {
        throw new UsageError("Nothing to export: give at least one --dataset, --project or --slice.");
      }
      const created = await client().POST("/exports/", {
        body: {
          name: opts.name ?? `CLI export ${new Date().toISOString()}`,
          format: opts.format,
          datasets: opts.dataset ?? [],
          projects: opts.project ?? [],
          slices: opts.slice ?? [],
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
