/**
 * Child-process script of the body-cap memory test: one small call first (the warm-up: module loading, JIT, the
 * keep-alive socket), then one GET of /projects/, whose answer is hostile (a decompression bomb or a huge plain
 * body). Prints, as one JSON line, what that call threw and the peak growth of this process's RSS over the
 * baseline taken after the warm-up (sampled every 5 ms while the call runs).
 *
 * Usage: node --import <tsx loader> measure-body-cap.mts '{"baseUrl":…,"transportModule":…}', where
 * `transportModule` is the URL of a module exporting `transportUnderTest()` (fetch, or undici with @avala/node).
 */
import { createClient, type HttpTransport } from "../../src/index.js";

const args = JSON.parse(process.argv[2] ?? "{}") as { baseUrl: string; transportModule: string };
const { transportUnderTest } = (await import(args.transportModule)) as {
  transportUnderTest: () => HttpTransport;
};
const client = createClient({
  apiKey: "avk_test_0123456789abcdef",
  baseUrl: args.baseUrl,
  limiter: false,
  transport: transportUnderTest(),
});
await client.GET("/datasets/");
await new Promise((resolve) => setTimeout(resolve, 200));
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const timer = setInterval(sample, 5);
const outcome = await client.GET("/projects/").then(
  () => ({ name: "no error", message: "" }),
  (error: Error) => ({ name: error.name, message: error.message }),
);
clearInterval(timer);
sample();
console.log(JSON.stringify({ ...outcome, growth: peak - baseline }));
