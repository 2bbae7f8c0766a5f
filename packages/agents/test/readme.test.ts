// The README's agent, run as written: taken from README.md, written to a file in this package (so
// `@avala/agents` resolves as for a user) and run once against the local API.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { Agent } from "../src/index.js";
import { type FakeAvala, startFakeAvala, TEST_KEY } from "./support/fake-avala.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const readme = readFileSync(join(here, "../README.md"), "utf8");
const dir = mkdtempSync(join(here, ".readme-"));
let api: FakeAvala;

beforeAll(async () => {
  api = await startFakeAvala();
  vi.stubEnv("AVALA_API_KEY", TEST_KEY);
  vi.stubEnv("AVALA_BASE_URL", api.url);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

it("the README's agent rejects an empty result, flags a crowded one and approves the rest", async () => {
  const code = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1] ?? "")
    .find((c) => c.includes('createAgent({ name: "box-checker", taskTypes'));
  if (!code) throw new Error("no agent block in README.md");
  const file = join(dir, "agent.ts");
  writeFileSync(file, code);
  const agent = ((await import(file)) as { default: Agent }).default;
  const uid = await agent.register();
  expect(api.agents[0]).toMatchObject({
    name: "box-checker",
    events: ["result.submitted"],
    task_types: ["bounding_box"],
  });
  const empty = api.addExecution("result.submitted", { result_data: [] }, uid);
  const crowded = api.addExecution(
    "result.submitted",
    { result_data: Array.from({ length: 501 }, () => ({})) },
    uid,
  );
  const fine = api.addExecution("result.submitted", { result_data: [{ label: "car" }] }, uid);
  expect(await agent.runOnce()).toBe(3);
  expect(api.actions).toEqual([
    { execution: empty, action: "reject", reason: "The result has no annotations." },
    { execution: crowded, action: "flag", reason: "Unusually many boxes (501): please check." },
    { execution: fine, action: "approve" },
  ]);
  expect(api.polls[0]?.get("task_types")).toBe("bounding_box");
});
