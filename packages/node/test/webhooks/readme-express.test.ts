// The README's Express server, run as written: taken from README.md, written to a file in this package (so
// `@avala/node` and `express` resolve as for a user), started as its own Node process, and sent deliveries.
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import getPort from "get-port";
import { afterAll, beforeAll, expect, it } from "vitest";
import { tsxLoaderUrl } from "../support/tsx-loader.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const readme = readFileSync(join(here, "../../README.md"), "utf8");
const code = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
  .map((m) => m[1] ?? "")
  .find((c) => c.includes("createNodeWebhookHandler({"));
const SECRET = "readme-express-secret";
const dir = mkdtempSync(join(here, ".readme-"));
let child: ChildProcess;
let output = "";
let url: string;

beforeAll(async () => {
  if (!code) throw new Error("no Express block in README.md");
  const file = join(dir, "server.ts");
  writeFileSync(file, code);
  const port = await getPort();
  url = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ["--import", tsxLoaderUrl(), file], {
    env: { ...process.env, PORT: String(port), AVALA_WEBHOOK_SECRET: SECRET },
  });
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  // Started once it says so (or failed once it exits).
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (output.includes(`listening on ${port}`)) resolve();
    };
    child.stdout?.on("data", check);
    child.once("exit", (exitCode) => reject(new Error(`the server exited (${exitCode}):\n${output}`)));
  });
});

afterAll(() => {
  child?.kill();
  rmSync(dir, { recursive: true, force: true });
});

function deliver(event: string, payload: object, secret = SECRET) {
  const body = JSON.stringify(payload);
  return fetch(`${url}/webhooks/avala`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-avala-webhook-signature": createHmac("sha256", secret).update(body).digest("hex"),
      "x-avala-webhook-event": event,
      "x-avala-webhook-delivery": crypto.randomUUID(),
    },
    body,
  });
}

it("handles signed deliveries, refuses forged ones, and leaves the rest of the app on express.json()", async () => {
  expect((await deliver("export.completed", { uid: "exp_42" })).status).toBe(200);
  await expect.poll(() => output).toContain("export exp_42 is ready");
  expect((await deliver("dataset.deleted", { uid: "ds_1" })).status).toBe(200);
  await expect.poll(() => output).toContain("dataset ds_1 was deleted");
  const forged = await deliver("export.completed", { uid: "exp_43" }, "forged");
  expect(forged.status).toBe(401);
  await expect.poll(() => output).toContain("webhook refused");
  expect(output).not.toContain("exp_43 is ready");
  expect(await (await fetch(`${url}/health`)).json()).toEqual({ ok: true });
});
