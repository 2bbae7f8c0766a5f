import { catalogTags } from "@avala/types/catalog";
import type { Command } from "commander";
import type { CommandContext } from "../context.js";
import { EXIT } from "../exit.js";
import { interruptible } from "../interrupt.js";
import { progressBar } from "../progress.js";
import { UsageError } from "../usage-error.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** @avala/node, @avala/core/sequences and the CLI's error wording, loaded when a workflow runs (not for --help). */
async function load() {
  const [node, sequences, { describeError }] = await Promise.all([
    import("@avala/node"),
    import("@avala/core/sequences"),
    import("../exit-codes.js"),
  ]);
  const storageHosts = (extra: string[] | undefined): readonly string[] =>
    extra?.length ? [...node.DEFAULT_STORAGE_HOSTS, ...extra] : node.DEFAULT_STORAGE_HOSTS;
  return { ...node, ...sequences, describeError, storageHosts };
}

/** Parses a number of seconds given on the command line into ms. */
function seconds(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min)
    throw new UsageError(`${flag} must be a number of seconds >= ${min}, got "${value}".`);
  return n * 1000;
}

/** A group registered before the generated commands (they join it), described as the spec's tag describes it. */
function group(program: Command, name: string): Command {
  const existing = program.commands.find((c) => c.name() === name);
  if (existing) return existing;
  const tag = catalogTags.find((t) => t.slug === name);
  return program.command(name).description(tag?.description.split("\n")[0] || tag?.name || name);
}

/** A line on stderr that rewrites itself in a terminal (nothing when not interactive or --json). */
function statusLine(interactive: boolean) {
  let shown = false;
  return {
    show(text: string) {
      if (!interactive) return;
      process.stderr.write(`\r${text}   `);
      shown = true;
    },
    end() {
      if (shown) process.stderr.write("\n");
      shown = false;
    },
  };
}

/** `avala datasets wait <uid>`. */
export function registerDatasetWait(datasets: Command, context: () => CommandContext): void {
  datasets
    .command("wait")
    .description("Wait until a dataset has been created (polls every 10 s; Ctrl-C stops waiting)")
    .argument("<uid>", "dataset uid")
    .option("--status <status>", "status to wait for", "created")
    .option("--interval <seconds>", "seconds between polls (at least 1)", "10")
    .option("--timeout <seconds>", "give up after this many seconds (0: never)", "3600")
    .action(async (uid: string, opts: { status: string; interval: string; timeout: string }) => {
      const { client, out } = context();
      const intervalMs = seconds("--interval", opts.interval, 1);
      const timeoutMs = seconds("--timeout", opts.timeout, 0);
      const { waitForDataset } = await load();
      const line = statusLine(out.interactive);
      const dataset = await interruptible(
        (signal) =>
          waitForDataset(client(), uid, {
            status: opts.status,
            intervalMs,
            timeoutMs,
            signal,
            onProgress: (p) => line.show(`Dataset ${uid}: ${p.status ?? "?"} (poll ${p.polls})`),
          }),
        {
          onSignal: () => line.end(),
          message: `stopped waiting; run \`avala datasets wait ${uid}\` to wait again.`,
        },
      ).finally(() => line.end());
      out.line(`Dataset ${dataset.uid} is ${dataset.status}.`);
      out.result(dataset, () => {});
    });
}

interface UploadOptions {
  wait?: boolean;
  stateFile?: string;
  storageConfig?: string;
  storageHost?: string[];
  concurrency?: string;
  include?: string[];
  exclude?: string[];
}

/** `avala fleet-recordings upload <uid> <paths...> [--wait]`. */
export function registerRecordingUpload(program: Command, context: () => CommandContext): void {
  group(program, "fleet-recordings")
    .command("upload")
    .description(
      "Upload files to a recording (resumable: re-run the same command after an interruption to send only the missing files)",
    )
    .argument("<uid>", "recording uid")
    .argument("<paths...>", "files and directories (directories are walked recursively)")
    .option("--wait", "after the upload, wait until the recording is processed (ready or error)")
    .option(
      "--state-file <path>",
      "state of the upload, for resuming (default: .avala-upload-<uid>.json here)",
    )
    .option("--storage-config <uid>", "storage configuration (your bucket) to upload into")
    .option("--storage-host <host>", "also allow this storage host (repeatable)", collect)
    .option("--concurrency <n>", "files transferred at once (1-10)", "4")
    .option("--include <glob>", "only files matching (repeatable)", collect)
    .option("--exclude <glob>", "skip files matching (repeatable)", collect)
    .action(async (uid: string, paths: string[], opts: UploadOptions) => {
      const { client, out } = context();
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10) {
        throw new UsageError(`--concurrency must be an integer from 1 to 10, got "${opts.concurrency}".`);
      }
      const node = await load();
      const stateFile = opts.stateFile ?? node.defaultUploadStateFile(uid);
      const bar = progressBar(out, "Uploading");
      const report = await interruptible(
        (signal) =>
          node.uploadRecording(client(), uid, {
            paths,
            stateFile,
            concurrency,
            include: opts.include,
            exclude: opts.exclude,
            storageHosts: node.storageHosts(opts.storageHost),
            ...(opts.storageConfig ? { storageConfigUid: opts.storageConfig } : {}),
            signal,
            onProgress: (p) =>
              bar.update(
                p.bytesSent,
                p.bytesTotal,
                `${p.filesStored + p.filesResumed + p.filesFailed}/${p.filesTotal} files`,
              ),
          }),
        {
          onSignal: () => bar.stop(),
          message: `what was stored is recorded in ${stateFile}; run the same command again to send the rest.`,
        },
      ).finally(() => bar.stop());
      out.line(
        `Stored ${report.stored.length}, resumed ${report.resumed.length}, failed ${report.failed.length} file(s) of recording ${uid}` +
          (report.finalized
            ? "; upload finalized."
            : `; not finalized: run the same command again to retry (${stateFile}).`),
      );
      for (const failure of report.failed)
        out.line(`  failed: ${failure.path}: ${node.describeError(failure.error)}`);
      let recording: unknown;
      if (report.finalized && opts.wait) {
        const line = statusLine(out.interactive);
        recording = await interruptible(
          (signal) =>
            node.waitForRecording(client(), uid, {
              signal,
              onProgress: (r) => line.show(`Recording ${uid}: ${r.status ?? "?"}`),
            }),
          {
            onSignal: () => line.end(),
            message: "stopped waiting; the recording goes on processing on the server.",
          },
        ).finally(() => line.end());
        out.line(`Recording ${uid} is ready.`);
      }
      out.result(
        {
          ...report,
          failed: report.failed.map((f) => ({
            path: f.path,
            size: f.size,
            error: node.describeError(f.error),
          })),
          ...(recording ? { recording } : {}),
        },
        () => {},
      );
      if (report.failed.length > 0) process.exitCode = EXIT.partial;
    });
}

/** `avala annotations bulk-edit <owner> <slug> --input <file>`. */
export function registerBulkEdit(program: Command, context: () => CommandContext): void {
  group(program, "annotations")
    .command("bulk-edit")
    .description(
      "Upsert or delete 3D annotations from a JSON array or JSON Lines file, checked first, sent in chunks (resumable)",
    )
    .argument("<owner>", "dataset owner")
    .argument("<slug>", "dataset slug")
    .requiredOption("--input <file>", "edits: a JSON array (.json) or JSON Lines (.jsonl, .ndjson) file")
    .option("--chunk-size <n>", "edits per request", "500")
    .option("--state-file <path>", "progress, for resuming (default: <input>.avala-state.json)")
    .option("--dry-run", "check the edits and stop: nothing is sent")
    .action(
      async (
        owner: string,
        slug: string,
        opts: { input: string; chunkSize: string; stateFile?: string; dryRun?: boolean },
      ) => {
        const { client, out } = context();
        const chunkSize = Number(opts.chunkSize);
        if (!Number.isInteger(chunkSize) || chunkSize < 1) {
          throw new UsageError(`--chunk-size must be a positive integer, got "${opts.chunkSize}".`);
        }
        const node = await load();
        const edits = node.readEditsFile(opts.input);
        if (opts.dryRun) {
          let total = 0;
          const problems: string[] = [];
          for await (const { edit, location } of edits()) {
            total++;
            const problem = node.editProblem(edit);
            if (problem) problems.push(`${location}: ${problem}`);
          }
          out.result({ edits: total, invalid: problems.length, problems: problems.slice(0, 20) }, () => {
            out.line(`${total} edit(s) read, ${problems.length} invalid.`);
            for (const p of problems.slice(0, 20)) out.line(`  ${p}`);
          });
          if (problems.length > 0) process.exitCode = EXIT.usage;
          return;
        }
        const stateFile = opts.stateFile ?? `${opts.input}.avala-state.json`;
        const bar = progressBar(out, "Editing");
        const report = await interruptible(
          (signal) =>
            node.bulkEditAnnotations(client(), {
              owner,
              slug,
              edits,
              chunkSize,
              stateFile,
              signal,
              onProgress: (p) => bar.update(p.chunksDone, p.chunksTotal, `chunks of ${chunkSize}`),
            }),
          {
            onSignal: () => bar.stop(),
            message: `the chunks applied are recorded in ${stateFile}; run the same command again to send the rest.`,
          },
        ).finally(() => bar.stop());
        out.result(report, () =>
          out.line(
            `Applied ${report.editsTotal} edit(s) to ${owner}/${slug} in ${report.chunksTotal} chunk(s)` +
              (report.chunksSkipped ? ` (${report.chunksSkipped} applied by an earlier run)` : "") +
              `; ${report.updated} object(s) updated.`,
          ),
        );
      },
    );
}

/** `avala dataset-items get-frame` and `get-calibration`. */
export function registerFrames(program: Command, context: () => CommandContext): void {
  const items = group(program, "dataset-items");
  items
    .command("get-frame")
    .description("Show one frame of a sequence: device pose and camera images (from the sequence's frames)")
    .argument("<owner>", "dataset owner")
    .argument("<slug>", "dataset slug")
    .argument("<sequence_uid>", "sequence uid")
    .argument("<index>", "frame index, from 0")
    .action(async (owner: string, slug: string, sequenceUid: string, index: string) => {
      const { client, out } = context();
      const n = Number(index);
      if (!Number.isInteger(n) || n < 0)
        throw new UsageError(`<index> must be an integer >= 0, got "${index}".`);
      const { getFrame } = await load();
      const frame = await getFrame(client(), owner, slug, sequenceUid, n);
      out.result(frame, () => {
        const pose = (v: object | null) => (v ? Object.values(v).join(", ") : "–");
        out.line(`Frame ${frame.frame_index}${frame.key ? ` (${frame.key})` : ""}`);
        out.line(`  device position: ${pose(frame.device_position)}; heading: ${pose(frame.device_heading)}`);
        out.table(
          ["camera", "model", "size", "fx", "fy", "cx", "cy", "image"],
          frame.images.map((i) => [
            i.camera_id,
            i.model,
            i.width && i.height ? `${i.width}x${i.height}` : null,
            i.fx,
            i.fy,
            i.cx,
            i.cy,
            i.image_url ? new URL(i.image_url).pathname.split("/").pop() : null,
          ]),
        );
      });
    });
  items
    .command("get-calibration")
    .description(
      "Show the camera calibration of a sequence (intrinsics and extrinsics, from its first frame)",
    )
    .argument("<owner>", "dataset owner")
    .argument("<slug>", "dataset slug")
    .argument("<sequence_uid>", "sequence uid")
    .action(async (owner: string, slug: string, sequenceUid: string) => {
      const { client, out } = context();
      const { getCalibration } = await load();
      const calibration = await getCalibration(client(), owner, slug, sequenceUid);
      out.result(calibration, () => {
        if (calibration.cameras.length === 0)
          return out.line(`Sequence ${sequenceUid} has no camera calibration.`);
        out.table(
          ["camera", "model", "size", "fx", "fy", "cx", "cy", "xi", "alpha", "position", "heading"],
          calibration.cameras.map((c) => [
            c.camera_id,
            c.model,
            c.width && c.height ? `${c.width}x${c.height}` : null,
            c.fx,
            c.fy,
            c.cx,
            c.cy,
            c.xi,
            c.alpha,
            c.position ? Object.values(c.position).join(", ") : null,
            c.heading ? Object.values(c.heading).join(", ") : null,
          ]),
        );
      });
    });
}

/** `avala status`. */
export function registerStatus(program: Command, context: () => CommandContext): void {
  program
    .command("status")
    .description("Who the API key acts for and a summary of the account (each part shown when available)")
    .action(async () => {
      const { client, out } = context();
      const { getAccountStatus } = await load();
      const status = await getAccountStatus(client());
      const parts = ["organizations", "datasets", "projects", "exports", "fleet"] as const;
      out.result(
        Object.fromEntries([
          ["baseUrl", status.baseUrl],
          ...parts.map((name) => {
            const part = status[name];
            return [name, part.ok ? part.value : { unavailable: part.message, status: part.status }];
          }),
        ]),
        () => {
          out.line(`API: ${status.baseUrl}`);
          const section = <T>(
            title: string,
            part: (typeof status)[keyof typeof status] & object,
            show: (v: T) => void,
          ) => {
            out.line("");
            out.line(title);
            if ("ok" in part && !part.ok) return out.line(`  unavailable: ${part.message}`);
            show((part as { value: T }).value);
          };
          section<{ items: Array<{ name: string; slug?: string | null; role?: string | null }> }>(
            "Organizations (the key's user, and its role)",
            status.organizations,
            (v) =>
              v.items.length
                ? out.table(
                    ["name", "slug", "role"],
                    v.items.map((o) => [o.name, o.slug, o.role]),
                  )
                : out.line("  none"),
          );
          for (const [title, name] of [
            ["Datasets", "datasets"],
            ["Projects", "projects"],
          ] as const) {
            section<{
              items: Array<{ uid: string; name: string; status?: string | null }>;
              hasMore: boolean;
            }>(title, status[name], (v) => {
              if (!v.items.length) return out.line("  none");
              out.table(
                ["name", "uid", "status"],
                v.items.map((i) => [i.name, i.uid, i.status]),
              );
              if (v.hasMore) out.line("  … more");
            });
          }
          section<{ pending: Array<{ uid: string; status?: string | null }> }>(
            "Exports",
            status.exports,
            (v) =>
              v.pending.length
                ? out.table(
                    ["pending export", "status"],
                    v.pending.map((e) => [e.uid, e.status]),
                  )
                : out.line("  none pending"),
          );
          section<{ total: number; online: number; offline: number; hasMore: boolean }>(
            "Fleet",
            status.fleet,
            (v) =>
              out.line(
                `  ${v.online} online, ${v.offline} offline (${v.total}${v.hasMore ? "+" : ""} devices)`,
              ),
          );
        },
      );
    });
}
