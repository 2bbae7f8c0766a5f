/**
 * Child-process script of the large-file memory test: uploads one file with uploadDataset and prints, as one
 * JSON line, the peak growth of this process's RSS over its baseline (sampled every 20 ms) and the report.
 *
 * Usage: node --import <tsx loader> measure-upload-rss.mts '{"baseUrl":…,"file":…,"storageHost":…}'
 */
import { rm, writeFile } from "node:fs/promises";
import { uploadDataset } from "../../src/index.js";
import { testClient } from "../support/test-client.js";

const args = JSON.parse(process.argv[2] ?? "{}") as { baseUrl: string; file: string; storageHost: string };
const client = testClient(args.baseUrl);
// Warm up with a tiny upload first, so the baseline already includes the code and connection pools every
// upload needs (module loading, JIT, keep-alive sockets): what is measured is the cost of the large file.
const warmUp = `${args.file}.warm-up`;
await writeFile(warmUp, "warm-up");
await uploadDataset(client, { datasetName: "Warm Up", paths: [warmUp], storageHosts: [args.storageHost] });
await rm(warmUp);
await new Promise((resolve) => setTimeout(resolve, 300));
const baseline = process.memoryUsage().rss;
let peak = baseline;
let peakArrayBuffers = 0;
const sample = () => {
  const usage = process.memoryUsage();
  peak = Math.max(peak, usage.rss);
  peakArrayBuffers = Math.max(peakArrayBuffers, usage.arrayBuffers);
};
const timer = setInterval(sample, 20);
const report = await uploadDataset(client, {
  datasetName: "Large File",
  paths: [args.file],
  storageHosts: [args.storageHost],
});
clearInterval(timer);
sample();
console.log(
  JSON.stringify({
    baseline,
    peak,
    growth: peak - baseline,
    peakArrayBuffers,
    uploaded: report.uploaded,
    failed: report.failed.map((f) => ({ path: f.path, error: String(f.error) })),
    bytesSent: report.bytesSent,
  }),
);
