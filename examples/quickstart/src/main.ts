// `pnpm start`: runs the quickstart against a Prism mock of the bundled spec, or against the real API with
// `--live` (or AVALA_LIVE=1) and AVALA_API_KEY set.

import { AvalaError, createClient } from "@avala/core";
import { startAvalaMock } from "@avala/testing";
import { runQuickstart } from "./quickstart.ts";

const live = process.argv.includes("--live") || process.env.AVALA_LIVE === "1";
const print = (line: string) => console.log(line);

async function main(): Promise<void> {
  if (live) {
    const apiKey = process.env.AVALA_API_KEY;
    if (!apiKey) throw new Error("--live needs AVALA_API_KEY in the environment.");
    const baseUrl = process.env.AVALA_BASE_URL;
    print(`Running against the Avala API at ${baseUrl ?? "https://api.avala.ai/api/v1"}\n`);
    await runQuickstart(createClient({ apiKey, ...(baseUrl ? { baseUrl } : {}) }), print);
    return;
  }
  print("Starting a mock of the Avala API (Prism, from spec/avala.openapi.yaml)…");
  const mock = await startAvalaMock();
  try {
    print(`Mock listening on ${mock.url}\n`);
    await runQuickstart(createClient({ apiKey: "avk_mock_quickstart_key", baseUrl: mock.url }), print);
  } finally {
    await mock.stop();
    print("\nMock stopped. Run with --live and AVALA_API_KEY set to use the real API.");
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof AvalaError || error instanceof Error ? `Error: ${error.message}` : error);
  process.exitCode = 1;
});
