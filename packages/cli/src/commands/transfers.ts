import { DEFAULT_STORAGE_HOSTS, downloadExport, uploadDataset, waitForExport } from "@avala/node";
import type { Command } from "commander";
import type { CommandContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { progressBar } from "../progress.js";
import type { ExportFollowUp } from "./exports.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const slugify = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/** Storage hosts allowed for uploads and downloads: the defaults plus any `--storage-host`. */
function storageHosts(extra: string[] | undefined): readonly string[] {
  return extra?.length ? [...DEFAULT_STORAGE_HOSTS, ...extra] : DEFAULT_STORAGE_HOSTS;
}

interface UploadOptions {
  include?: string[];
  exclude?: string[];
  resumeFile?: string;
  create?: boolean;
  slug?: string;
  dataType?: string;
  storageHost?: string[];
}

/** `avala datasets upload <dataset> <paths...>`: presigned uploads with a progress bar and a per-file report. */
export function registerUpload(datasets: Command, context: () => CommandContext): void {
  datasets
    .command("upload")
    .description("Upload files and directories to a dataset (directories are walked recursively)")
    .argument("<dataset>", "dataset name")
    .argument("<paths...>", "files and directories")
    .option("--include <glob>", "only files matching (repeatable)", collect)
    .option("--exclude <glob>", "skip files matching (repeatable)", collect)
    .option("--resume-file <path>", "manifest of uploaded files: a re-run skips them")
    .option("--create", "create the dataset from the uploaded files")
    .option("--slug <slug>", "slug of the created dataset (default: from the name)")
    .option(
      "--data-type <type>",
      "data type of the created dataset (image, video, lidar, mcap, splat, image_3d)",
      "image",
    )
    .option("--storage-host <host>", "also allow this storage host (repeatable)", collect)
    .action(async (dataset: string, paths: string[], opts: UploadOptions) => {
      const { client, out } = context();
      const bar = progressBar(out, "Uploading");
      const report = await uploadDataset(client(), {
        datasetName: dataset,
        paths,
        include: opts.include,
        exclude: opts.exclude,
        resumeFile: opts.resumeFile,
        storageHosts: storageHosts(opts.storageHost),
        ...(opts.create
          ? { createDataset: { slug: opts.slug ?? slugify(dataset), data_type: opts.dataType as "image" } }
          : {}),
        onProgress: (p) =>
          bar.update(
            p.bytesSent,
            p.bytesTotal,
            `${p.filesUploaded + p.filesSkipped + p.filesFailed}/${p.filesTotal} files`,
          ),
      }).finally(() => bar.stop());
      out.result(
        {
          ...report,
          failed: report.failed.map((f) => ({ path: f.path, size: f.size, error: message(f.error) })),
          datasetError: report.datasetError === undefined ? undefined : message(report.datasetError),
        },
        () => {
          out.line(
            `Uploaded ${report.uploaded.length}, skipped ${report.skipped.length}, failed ${report.failed.length} file(s) to "${dataset}".`,
          );
          for (const failure of report.failed)
            out.line(`  failed: ${failure.path}: ${message(failure.error)}`);
          if (report.dataset) out.line(`Dataset ${report.dataset.uid} created.`);
          if (report.datasetError) out.line(`Dataset not created: ${message(report.datasetError)}`);
        },
      );
      if (report.failed.length > 0 || report.datasetError) process.exitCode = EXIT.partial;
    });
}

/** `--wait` and `--download` of `avala exports create`. */
export const exportFollowUp: ExportFollowUp = {
  async wait({ client, out }, uid) {
    const exported = await waitForExport(client(), uid, {
      onProgress: (p) => {
        if (!out.json && out.interactive)
          process.stderr.write(
            `\rExport ${uid}: ${p.status ?? "?"} ${p.exported ?? 0}/${p.total ?? "?"} tasks   `,
          );
      },
    });
    if (out.interactive) process.stderr.write("\n");
    return exported;
  },
  async download({ out }, exported, destination, extraHosts) {
    const bar = progressBar(out, "Downloading");
    try {
      await downloadExport(exported, destination, {
        storageHosts: storageHosts(extraHosts),
        onProgress: (p) => bar.update(p.bytesReceived, p.bytesTotal ?? p.bytesReceived),
      });
    } finally {
      bar.stop();
    }
  },
};
