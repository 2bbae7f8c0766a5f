import { nodeRuntime } from "../../../tools/consumer-test/src/node-runtimes.ts";

/** Node majors the round trip is also measured on (the supported ones and the newest). */
export const BENCH_NODE_MAJORS = [20, 22, 24, 26] as const;

/**
 * The other Node majors of {@link BENCH_NODE_MAJORS} than the one running: official binaries from the npm
 * registry, installed (and cached) by the consumer test's `nodeRuntime`. A major that cannot be installed is
 * reported with the reason, not dropped silently.
 */
export async function otherNodeRuntimes(): Promise<
  Array<{ major: number; bin: string } | { major: number; error: string }>
> {
  const current = Number(process.versions.node.split(".")[0]);
  const out: Array<{ major: number; bin: string } | { major: number; error: string }> = [];
  for (const major of BENCH_NODE_MAJORS) {
    if (major === current) continue;
    try {
      const runtime = await nodeRuntime(major);
      out.push({ major, bin: runtime.bin });
    } catch (error) {
      out.push({ major, error: error instanceof Error ? error.message.split("\n")[0]! : String(error) });
    }
  }
  return out;
}
