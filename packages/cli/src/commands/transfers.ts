import { rm } from "node:fs/promises";
import type { Command } from "commander";
import type { CommandContext } from "../context.js";
import { EXIT } from "../exit.js";
import { interruptible } from "../interrupt.js";
import { progressBar } from "../progress.js";
import type { ExportFollowUp } from "./exports.js";

/**
 * Resume manifest used when `--resume-file` is not given: kept after an interrupted or partly failed upload (a
 * re-run of the same command reads it and skips the files it lists), removed after a complete one.
 */
export const DEFAULT_RESUME_FILE = ".avala-upload.json";

const collect = (value: string, previous: string[] = []) => [...previous, value];
const slugify = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/**
 * @avala/node's transfers and the CLI's error wording, loaded when a transfer runs (not when the program is
 * built: `--help` needs neither).
 */
async function transfers() {
  const [node, { describeError }] = await Promise.all([import("@avala/node"), import("../exit-codes.js")]);
  /** Storage hosts allowed for uploads and downloads: the defaults plus any `--storage-host`. */
  const storageHosts = (extra: string[] | undefined): readonly string[] =>
    extra?.length ? [...node.DEFAULT_STORAGE_HOSTS, ...extra] : node.DEFAULT_STORAGE_HOSTS;
  return { ...node, describeError, storageHosts };
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
    .option(
      "--resume-file <path>",
      `manifest of uploaded files: a re-run skips them (default: ${DEFAULT_RESUME_FILE}, removed after a complete upload)`,
    )
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
      const { describeError, storageHosts, uploadDataset } = await transfers();
      const bar = progressBar(out, "Uploading");
      const resumeFile = opts.resumeFile ?? DEFAULT_RESUME_FILE;
      const upload = (signal: AbortSignal) =>
        uploadDataset(client(), {
          datasetName: dataset,
          paths,
          include: opts.include,
          exclude: opts.exclude,
          resumeFile,
          signal,
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
        });
      const report = await interruptible(upload, {
        onSignal: () => bar.stop(),
        message: `the files uploaded so far are listed in ${resumeFile}; run the same command again to upload the rest.`,
      }).finally(() => bar.stop());
      const complete = report.failed.length === 0 && !report.datasetError;
      if (complete && opts.resumeFile === undefined) await rm(resumeFile, { force: true });
      out.result(
        {
          ...report,
          failed: report.failed.map((f) => ({ path: f.path, size: f.size, error: describeError(f.error) })),
          datasetError: report.datasetError === undefined ? undefined : describeError(report.datasetError),
        },
        () => {
          out.line(
            `Uploaded ${report.uploaded.length}, skipped ${report.skipped.length}, failed ${report.failed.length} file(s) to "${dataset}".`,
          );
          for (const failure of report.failed)
            out.line(`  failed: ${failure.path}: ${describeError(failure.error)}`);
          if (report.dataset) out.line(`Dataset ${report.dataset.uid} created.`);
          if (report.datasetError) out.line(`Dataset not created: ${describeError(report.datasetError)}`);
        },
      );
      if (report.failed.length > 0 || report.datasetError) process.exitCode = EXIT.partial;
    });
}

/** `--wait` and `--download` of `avala exports create`. */
export const exportFollowUp: ExportFollowUp = {
  async wait({ client, out }, uid) {
    const { waitForExport } = await transfers();
    const endLine = () => {
      if (out.interactive) process.stderr.write("\n");
    };
    const exported = await interruptible(
      (signal) =>
        waitForExport(client(), uid, {
          signal,
          onProgress: (p) => {
            if (!out.json && out.interactive)
              process.stderr.write(
                `\rExport ${uid}: ${p.status ?? "?"} ${p.exported ?? 0}/${p.total ?? "?"} tasks   `,
              );
          },
        }),
      {
        onSignal: endLine,
        message: `stopped waiting; the export goes on on the server (\`avala exports wait ${uid}\`).`,
      },
    );
    endLine();
    return exported;
  },
  async download({ out }, exported, destination, extraHosts) {
    const { downloadExport, storageHosts } = await transfers();
    const bar = progressBar(out, "Downloading");
    try {
      await interruptible(
        (signal) =>
          downloadExport(exported, destination, {
            signal,
            storageHosts: storageHosts(extraHosts),
            onProgress: (p) => bar.update(p.bytesReceived, p.bytesTotal ?? p.bytesReceived),
          }),
        {
          onSignal: () => bar.stop(),
          message: `download stopped and its partial file removed; nothing was written to ${destination}.`,
        },
      );
    } finally {
      bar.stop();
    }
  },
};
